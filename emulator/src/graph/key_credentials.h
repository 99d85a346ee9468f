#pragma once
// servicePrincipal.keyCredentials (wire-apis.md §2.4): a PATCH replaces the whole collection, and
// each entry is checked as Graph checks it — an AsymmetricX509Cert for Verify whose key is a
// base64 DER certificate OpenSSL can read. An entry without a key keeps the key of the existing
// credential with the same keyId, which is how the official script re-sends existing entries.
#include "util/json.h"

#include <string>
#include <variant>

namespace emulator::graph {

struct key_credential_error {
    std::string reason;
};

// The new collection in stored form (key included), or why it is refused.
std::variant<json, key_credential_error> replace_key_credentials(const json& existing, const json& requested);

} // namespace emulator::graph
