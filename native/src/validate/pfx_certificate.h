#pragma once
// The certificate ConfigureExchange.ps1 imports (seed X5: CertPath + CertPassword), read before
// anything is changed so a wrong password, a missing key, an expired certificate or one that
// does not name mail.<domain> is reported up front instead of failing halfway through an apply.
//
// Crypto runs in an OpenSSL 3 library context created and freed by each call, with the "default"
// provider, and a second one with "legacy" added only when the first cannot decrypt (RC2-40 is
// what older Windows exports use). Nothing is loaded into the process-wide default context, so
// concurrent sessions (runspaces, runbook workers) and the host's own OpenSSL use stay apart.
// Copies of the password are zeroed (OPENSSL_cleanse); no message ever contains it.
#include <chrono>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"

namespace mailint::validate {

struct certificate_info {
    std::string thumbprint;  // SHA-1 of the DER, upper-case hex: Get-ExchangeCertificate's Thumbprint
    // Distinguished names most specific first, as Windows shows them ("CN=mail.contoso.com,
    // O=Contoso, C=US"); special characters escaped the RFC 4514 way ("O=Contoso\, Inc."), where
    // Windows would quote the value instead.
    std::string subject;
    std::string issuer;
    // Subject alternative name DNS entries, lower case, in certificate order; the subject's
    // common names only when the certificate has no SAN extension (RFC 6125 §6.4.4).
    std::vector<std::string> dns_names;
    std::chrono::system_clock::time_point not_before;  // clamped to the clock's range (year 9999)
    std::chrono::system_clock::time_point not_after;
    bool has_private_key = false;  // the PFX holds the private key of this certificate
    bool self_signed = false;      // issuer is itself: names and key identifiers match, signature verifies
    bool legacy_format = false;    // decrypting needed OpenSSL's legacy provider (RC2, RC4, DES)
    // The certificate itself (DER): what Graph's keyCredentials and Get-CrmCertificate's Data
    // carry (base64), and what a .cer beside the .pfx must match. The file's other certificates
    // (an exported chain), for a trust check.
    std::vector<unsigned char> der;
    std::vector<std::vector<unsigned char>> chain_der;

    // True when one of dns_names covers `host` (see certificate_name_covers).
    bool covers(std::string_view host) const;
};

// Case-insensitive, trailing dots ignored. A wildcard covers exactly one whole left-most label:
// "*.contoso.com" covers "mail.contoso.com", not "a.b.contoso.com" nor "contoso.com"; a wildcard
// over a single label ("*.com") and partial-label wildcards ("m*.contoso.com") cover nothing.
bool certificate_name_covers(std::string_view certificate_name, std::string_view host);

enum class pfx_status { ok, not_found, unreadable, bad_password, password_missing };

struct pfx_read_result {
    pfx_status status = pfx_status::unreadable;
    std::optional<certificate_info> certificate;  // set when status == ok
    // For unreadable: a phrase to follow the quoted path ("is not a PKCS#12 (.pfx) file; ...").
    std::string detail;
};

// `password` is the UTF-8 password; empty means none was given (a PFX exported without a password
// or with an empty one opens either way, as PKCS12_parse does).
pfx_read_result read_pfx(std::span<const unsigned char> pfx, std::span<const unsigned char> password);
pfx_read_result read_pfx_file(const std::filesystem::path &path,
                              std::span<const unsigned char> password);

struct certificate_requirements {
    std::vector<std::string> host_names;  // each must be covered, e.g. {"mail.contoso.com"}
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
    std::string path_parameter = "CertPath";
    std::string password_parameter = "CertPassword";
};

// The certificate check. Errors, with target path_parameter unless noted:
// validation.certificate.not_found, .unreadable, .bad_password and .password_missing (target
// password_parameter), .no_private_key, .expired, .not_yet_valid, .name_mismatch (one per host
// not covered). Returns the certificate whenever the file could be read, even with findings,
// so callers can still show its thumbprint.
std::optional<certificate_info> validate_pfx_certificate(const std::filesystem::path &path,
                                                         std::span<const unsigned char> password,
                                                         const certificate_requirements &requirements,
                                                         diagnostics &out);

}  // namespace mailint::validate
