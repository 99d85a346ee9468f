#pragma once
// URL query strings as Graph and Dataverse receive them ("$filter=appId%20eq%20'…'&$top=7"): the
// pairs in order, percent-decoded, and the reverse for the nextLinks the services hand out.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace emulator {

using query_pairs = std::vector<std::pair<std::string, std::string>>;

// nullopt for a bad %-escape. '+' is a space, as browsers and .NET's HttpUtility encode it.
std::optional<query_pairs> parse_query(std::string_view raw);

// Decodes %XX in a path segment ('+' stays '+', as RFC 3986 paths have no form encoding).
std::optional<std::string> percent_decode(std::string_view text);

// Percent-encodes everything but RFC 3986 unreserved characters and the few that OData query
// options keep readable ('$', '\'', '(', ')', ',', ':').
std::string encode_query_value(std::string_view text);

} // namespace emulator
