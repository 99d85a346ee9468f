#pragma once
// The private key of a certificate PFX, for signing (the Entra client assertion). read_pfx
// (pfx_certificate.h) decides everything about the file first - password, MAC, legacy cipher,
// damage - so this only opens an already-judged file again to keep its key.
//
// The key lives in an OpenSSL library context owned by the pfx_key object (with the legacy
// provider only when the file needed it), never in the process-wide one; the object is immutable
// after loading, so one key may sign from several threads.
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "validate/pfx_certificate.h"

namespace mailint::validate {

enum class signature_scheme {
    rsa_pkcs1_sha256,  // JWS RS256
    rsa_pss_sha256,    // JWS PS256 (salt length = 32, RFC 7518 §3.5)
};

class pfx_key {
public:
    struct state;
    explicit pfx_key(std::unique_ptr<state> s);
    ~pfx_key();
    pfx_key(const pfx_key &) = delete;
    pfx_key &operator=(const pfx_key &) = delete;

    // The certificate whose public key matches the private key (DER), and its facts.
    const std::vector<unsigned char> &certificate_der() const;
    const certificate_info &certificate() const;

    // Throws mailint::error unsupported (auth.certificate.key_type) for a key that is not RSA,
    // internal (auth.certificate.sign_failed) when OpenSSL fails.
    std::vector<unsigned char> sign(std::span<const unsigned char> data, signature_scheme scheme) const;

private:
    std::unique_ptr<state> state_;
};

struct pfx_key_result {
    pfx_status status = pfx_status::unreadable;
    std::shared_ptr<const pfx_key> key;  // set when status == ok and the file holds a matching key
    // For unreadable: as pfx_read_result::detail. "has no private key" when the certificate comes
    // without one.
    std::string detail;
};

pfx_key_result load_pfx_key(std::span<const unsigned char> pfx, std::span<const unsigned char> password);
pfx_key_result load_pfx_key_file(const std::filesystem::path &path, std::span<const unsigned char> password);

}  // namespace mailint::validate
