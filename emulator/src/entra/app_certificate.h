#pragma once
// A certificate registered on an app (its public part only), named the ways a client assertion can
// name it: x5t (SHA-1) and x5t#S256 (SHA-256), both base64url of the DER.
#include "entra/openssl_handles.h"
#include "util/json.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace emulator::entra {

// Reads a PEM ("-----BEGIN CERTIFICATE-----") or a base64 DER certificate. nullopt when it is
// neither. The result is the state's certificate object: thumbprint, x5t, x5tS256, subject,
// notBefore, notAfter, der.
std::optional<json> describe_certificate(std::string_view pem_or_base64_der);

// The public key of a state certificate object (its "der"); null when unreadable.
pkey_ptr certificate_public_key(const json& certificate);

} // namespace emulator::entra
