#pragma once
// Dataverse's answers: {"error":{"code":"0x…","message":…}} for failures (PROTOCOL.md lists the
// codes the emulator uses) and JSON bodies, each with the OData-Version header Dataverse sends.
#include "http_types.h"
#include "util/json.h"

#include <string>
#include <string_view>

namespace emulator::dataverse {

inline constexpr std::string_view code_not_found = "0x80040217";          // ObjectDoesNotExist
inline constexpr std::string_view code_bad_payload = "0x80048d19";        // payload/property errors
inline constexpr std::string_view code_bad_query = "0x80060888";          // OData URL and query errors
inline constexpr std::string_view code_out_of_range = "0x8004431a";       // picklist / integer out of range
inline constexpr std::string_view code_too_long = "0x80044331";           // text longer than the column
inline constexpr std::string_view code_version_mismatch = "0x80060882";   // If-Match etag differs
inline constexpr std::string_view code_duplicate = "0x80040237";          // a row with that key exists

http_response_data error(int status, std::string_view code, const std::string& message);
http_response_data json_reply(int status, const json& body);
http_response_data no_content();

} // namespace emulator::dataverse
