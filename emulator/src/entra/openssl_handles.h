#pragma once
// Owning handles for the OpenSSL objects the Entra personality keeps, so no path leaks one.
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>

namespace emulator::entra {

struct pkey_deleter {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct x509_deleter {
    void operator()(X509* cert) const { X509_free(cert); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_deleter>;
using x509_ptr = std::unique_ptr<X509, x509_deleter>;

} // namespace emulator::entra
