#pragma once
// Typed helpers over graph_client for what the scenarios manage in Microsoft Graph: the
// organization, domains and their DNS records, users, licences, service principals. Each
// resource has its own header; this one gathers them and holds what they share: reading fields
// of Graph objects (which omit nulls and may send a number as text) and building resource paths.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "graph/domains.h"
#include "graph/licenses.h"
#include "graph/organization.h"
#include "graph/service_principals.h"
#include "graph/users.h"

namespace mailint::graph {

// Field readers that treat an absent member, null or a different type as the fallback.
std::string text_field(const nlohmann::json &object, std::string_view name);
bool bool_field(const nlohmann::json &object, std::string_view name, bool fallback = false);
long long int_field(const nlohmann::json &object, std::string_view name, long long fallback = 0);
std::vector<std::string> text_list_field(const nlohmann::json &object, std::string_view name);

// "/v1.0/users/o%27neil%40contoso.com". Graph reads a key that starts with '$' as a system query
// option, so such a UPN is addressed as /users('$x@contoso.com') (its documented workaround).
std::string user_path(std::string_view id_or_upn);
// "/v1.0/domains/contoso.com".
std::string domain_path(std::string_view name);

}  // namespace mailint::graph
