#pragma once
// Entra's token-endpoint error body: {"error","error_description":"AADSTSnnn: …","error_codes":[nnn],
// "timestamp","trace_id","correlation_id","error_uri"} (error-codes reference, wire-apis.md §2.1).
#include "http_types.h"

#include <string>

namespace emulator::entra {

struct token_error {
    int status;           // 400, or 401 for invalid_client
    std::string error;    // OAuth error: invalid_client, invalid_scope, authorization_pending …
    int code;             // AADSTS number
    std::string message;  // the text after "AADSTSnnn: "
};

http_response_data error_response(const token_error& error);

// A fresh random GUID, lower-case, for trace ids, correlation ids, oids and token ids.
std::string random_guid();
// "2026-11-23 14:30:00Z", Entra's timestamp format.
std::string entra_timestamp();

} // namespace emulator::entra
