#pragma once
// Real PKCS#12 files for tests, made with the OpenSSL API in a library context of their own (the
// legacy provider is loaded there only for RC2-40 files, never into the process-wide context,
// so tests of the reader's own context handling stay meaningful).
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailint::test {

enum class pfx_encryption {
    modern,         // PBES2 AES-256-CBC for key and certificates (OpenSSL 3 / Windows Server 2019+)
    legacy_rc2_40,  // certificates RC2-40, key 3DES: what older Windows and OpenSSL 1.x export
    none,           // nothing encrypted; only the MAC (when present) depends on the password
};

struct pfx_spec {
    std::string common_name = "mail.contoso.com";
    std::string organization = "Contoso";
    std::vector<std::string> dns_names = {"mail.contoso.com"};  // empty: no SAN extension
    // sys_seconds, not system_clock: a certificate may run to 9999, past a nanosecond clock.
    std::chrono::sys_seconds not_before =
        std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) - std::chrono::hours(24);
    std::chrono::sys_seconds not_after =
        std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) + std::chrono::hours(24 * 365);
    bool include_private_key = true;  // false: the certificate alone in the PKCS#12
    bool self_signed = true;          // false: issued by a test CA whose certificate is added too
    std::optional<std::string> password = std::string("Contoso-P@ss 1");  // nullopt: none (NULL)
    pfx_encryption encryption = pfx_encryption::modern;
    bool mac = true;
};

struct made_pfx {
    std::vector<unsigned char> bytes;          // the .pfx file
    std::vector<unsigned char> certificate_der;  // the end-entity certificate
    std::vector<unsigned char> ca_der;           // the issuing CA's certificate, when not self-signed
};

made_pfx make_pfx(const pfx_spec &spec);

// make_pfx, written to dir/file_name; returns the path.
std::filesystem::path write_pfx(const std::filesystem::path &dir, std::string_view file_name,
                                const pfx_spec &spec);

// The PBE algorithms (NIDs) of the file's encrypted parts, certificate safes first, then shrouded
// keys: lets a test prove a file really uses RC2-40 rather than trusting the factory.
std::vector<int> pfx_encryption_nids(const std::vector<unsigned char> &pfx);

// Upper-case hex SHA-1 of `der`, computed independently of the code under test.
std::string sha1_hex(const std::vector<unsigned char> &der);

void write_file(const std::filesystem::path &path, const std::vector<unsigned char> &bytes);
void write_file(const std::filesystem::path &path, std::string_view text);

}  // namespace mailint::test
