#include "support/pfx_factory.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <unistd.h>

namespace emutest {
namespace {

struct key_and_cert {
    EVP_PKEY* key = nullptr;
    X509* cert = nullptr;
    ~key_and_cert()
    {
        EVP_PKEY_free(key);
        X509_free(cert);
    }
};

void require(bool ok, const char* what)
{
    if (!ok)
        throw std::runtime_error(std::string("OpenSSL: ") + what);
}

std::string iso(const ASN1_TIME* time)
{
    std::tm tm{};
    ASN1_TIME_to_tm(time, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

void make(key_and_cert& kc, const std::string& subject, const std::vector<std::string>& dns_names)
{
    kc.key = EVP_EC_gen("P-256");
    require(kc.key, "EVP_EC_gen");
    kc.cert = X509_new();
    X509_set_version(kc.cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(kc.cert), static_cast<long>(std::time(nullptr) & 0x7FFFFFFF));
    X509_gmtime_adj(X509_getm_notBefore(kc.cert), 0);
    X509_gmtime_adj(X509_getm_notAfter(kc.cert), 365L * 24 * 3600);
    X509_set_pubkey(kc.cert, kc.key);
    X509_NAME* name = X509_get_subject_name(kc.cert);
    // "/C=US/O=Contoso/CN=x" → entries in that order.
    std::size_t start = 1;
    while (start < subject.size()) {
        const auto end = subject.find('/', start);
        const std::string part = subject.substr(start, end == std::string::npos ? std::string::npos : end - start);
        const auto eq = part.find('=');
        require(X509_NAME_add_entry_by_txt(name, part.substr(0, eq).c_str(), MBSTRING_UTF8,
                                           reinterpret_cast<const unsigned char*>(part.c_str() + eq + 1), -1, -1, 0),
                "subject entry");
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    X509_set_issuer_name(kc.cert, name);
    if (!dns_names.empty()) {
        std::string san;
        for (const auto& dns : dns_names)
            san += (san.empty() ? "DNS:" : ",DNS:") + dns;
        X509V3_CTX ctx;
        X509V3_set_ctx_nodb(&ctx);
        X509V3_set_ctx(&ctx, kc.cert, kc.cert, nullptr, nullptr, 0);
        X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, san.c_str());
        require(ext, "subjectAltName");
        X509_add_ext(kc.cert, ext, -1);
        X509_EXTENSION_free(ext);
    }
    require(X509_sign(kc.cert, kc.key, EVP_sha256()) > 0, "X509_sign");
}

test_certificate describe(X509* cert)
{
    test_certificate tc;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    X509_digest(cert, EVP_sha1(), digest, &length);
    static constexpr char hex[] = "0123456789ABCDEF";
    for (unsigned i = 0; i < length; ++i) {
        tc.thumbprint += hex[digest[i] >> 4];
        tc.thumbprint += hex[digest[i] & 15];
    }
    tc.not_before = iso(X509_get0_notBefore(cert));
    tc.not_after = iso(X509_get0_notAfter(cert));
    return tc;
}

std::vector<unsigned char> read_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

test_certificate make_modern_pfx(const std::string& subject, const std::vector<std::string>& dns_names,
                                 const std::string& password)
{
    key_and_cert kc;
    make(kc, subject, dns_names);
    PKCS12* p12 = PKCS12_create(password.c_str(), "test", kc.key, kc.cert, nullptr, 0, 0, 0, 0, 0);
    require(p12, "PKCS12_create");
    unsigned char* der = nullptr;
    const int size = i2d_PKCS12(p12, &der);
    PKCS12_free(p12);
    test_certificate tc = describe(kc.cert);
    tc.pfx.assign(der, der + size);
    OPENSSL_free(der);
    return tc;
}

test_certificate make_legacy_pfx(const std::string& subject, const std::vector<std::string>& dns_names,
                                 const std::string& password)
{
    key_and_cert kc;
    make(kc, subject, dns_names);
    char dir_template[] = "/tmp/emutest-pfx-XXXXXX";
    require(::mkdtemp(dir_template), "mkdtemp");
    const std::string dir = dir_template;
    const std::string key_path = dir + "/key.pem", cert_path = dir + "/cert.pem", pfx_path = dir + "/legacy.pfx",
                      pass_path = dir + "/pass.txt";
    {
        FILE* f = std::fopen(key_path.c_str(), "w");
        PEM_write_PrivateKey(f, kc.key, nullptr, nullptr, 0, nullptr, nullptr);
        std::fclose(f);
        f = std::fopen(cert_path.c_str(), "w");
        PEM_write_X509(f, kc.cert);
        std::fclose(f);
        std::ofstream(pass_path) << password;
    }
    // The password goes through a file so that no shell quoting is involved.
    const std::string command = std::string(MAILINT_OPENSSL_CLI) +
                                " pkcs12 -export -legacy -keypbe PBE-SHA1-RC2-40 -certpbe PBE-SHA1-RC2-40 -inkey " +
                                key_path + " -in " + cert_path + " -out " + pfx_path + " -passout file:" + pass_path +
                                " 2>/dev/null";
    const int rc = std::system(command.c_str());
    test_certificate tc = describe(kc.cert);
    tc.pfx = read_file(pfx_path);
    for (const auto& path : {key_path, cert_path, pfx_path, pass_path})
        std::remove(path.c_str());
    ::rmdir(dir.c_str());
    require(rc == 0 && !tc.pfx.empty(), "openssl pkcs12 -export -legacy failed");
    return tc;
}

std::string base64(const std::vector<unsigned char>& bytes)
{
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes.data(), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

} // namespace emutest
