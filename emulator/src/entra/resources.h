#pragma once
// The resources (APIs) a token can be issued for, named as Entra names them in a scope: by URL
// ("https://graph.microsoft.com/.default") or by the resource app's id GUID.
#include "util/json.h"

#include <string>
#include <string_view>
#include <vector>

namespace emulator::entra {

inline constexpr std::string_view exchange_online_resource = "https://outlook.office365.com";
inline constexpr std::string_view graph_resource = "https://graph.microsoft.com";

// The resource's canonical URL: first-party app ids mapped to their URL, a trailing '/' dropped.
std::string canonical_resource(std::string_view resource);

// Exchange Online, Graph, a Dataverse host (https://<org>.crm*.dynamics.com) or any resource one of
// the tenant's apps has roles or scopes on.
bool is_known_resource(const json& tenant, const std::string& canonical);

// The app's roles (application permissions) or delegated scopes on a resource.
std::vector<std::string> permissions_on(const json& app, const char* kind, const std::string& canonical);

} // namespace emulator::entra
