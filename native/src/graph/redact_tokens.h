#pragma once
// Services sometimes quote the request in an error message. Error texts from Graph and Dataverse
// are kept for the administrator, so anything in them shaped like a JWT (an access token, a
// client assertion) is cut out before it reaches a message, a log or the journal.
#include <string>
#include <string_view>

namespace mailint::graph {

// `text` with every "eyJ<base64url>.<base64url>[.<base64url>]" replaced by "********".
std::string redact_tokens(std::string_view text);

}  // namespace mailint::graph
