#pragma once
// The server-to-server certificate checks of Dynamics 365 server-side sync (seeds C1, C2) that can
// be made before anything changes: the .cer beside the .pfx holds the same public key (the
// document has the administrator hand over both), and the certificate comes from an issuer the
// machine trusts — or is self-signed and explicitly allowed, as the document allows for
// evaluation. The PFX itself (password, key, validity) is validate_pfx_certificate's.
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "core/diagnostic.h"

namespace mailint::validate {

// Compares the public key of the .cer (DER or PEM) at `cer_path` with that of `pfx_der`.
// Findings (target `parameter`): validation.certificate.cer_not_found, .cer_unreadable,
// .cer_mismatch. True when they match.
bool check_cer_matches(const std::filesystem::path &cer_path, std::span<const unsigned char> pfx_der,
                       const std::string &parameter, diagnostics &out);

// Verifies `der` against the system's trusted roots (OpenSSL's default paths), with `chain` as
// intermediates. "" when it is trusted, else OpenSSL's reason ("unable to get local issuer
// certificate").
std::string untrusted_reason(std::span<const unsigned char> der, const std::vector<std::vector<unsigned char>> &chain);

}  // namespace mailint::validate
