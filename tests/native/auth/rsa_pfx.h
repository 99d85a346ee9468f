#pragma once
// RSA certificate PFX files for the assertion tests. support/pfx_factory makes EC P-256 keys,
// which Entra ID does not take for client assertions (RSA only), so these tests make their own
// RSA ones here, in a library context of their own (legacy provider there only, for RC2-40).
#include <string>
#include <vector>

namespace mailint::test {

struct rsa_pfx {
    std::vector<unsigned char> bytes;
    std::vector<unsigned char> certificate_der;
};

// Self-signed "CN=mailint-app" RSA-2048 certificate, valid from a day ago for a year.
// legacy_rc2_40: certificate safe RC2-40, key 3DES (older Windows exports); else AES-256.
rsa_pfx make_rsa_pfx(const std::string &password, bool legacy_rc2_40 = false);

}  // namespace mailint::test
