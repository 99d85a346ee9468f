#pragma once
// Tenants and app registrations: the "entra" section of the state document
// ({"tenants":{"<tenantId>":{"displayName","domains":[…],"apps":[…]}}}, PROTOCOL.md "Entra ID").
// Secrets are kept only as a SHA-256 and a 3-character hint, so neither the state endpoint nor a
// crash dump of the state holds one.
#include "util/json.h"

#include <optional>
#include <string>
#include <string_view>

namespace emulator::entra {

// Fills in an empty section and converts plain-text secrets and certificates of a seed document
// to their stored form. Throws std::invalid_argument when the section has the wrong shape.
void normalize_section(json& state);

// The demo tenant and apps of the built-in seed.
void add_built_in_seed(json& state);

// POST /control/entra/apps: adds or replaces the app; returns it as the state endpoint shows it.
// Throws std::invalid_argument for a bad body.
json register_app(json& state, const json& request);

// The state as GET /control/state shows it: secrets reduced to their hints.
json public_view(json state);

// The tenant id that a {tenant} path segment names (id, case-insensitive, or a domain).
std::optional<std::string> resolve_tenant(const json& state, std::string_view segment);
const json* find_tenant(const json& state, const std::string& tenant_id);
const json* find_app(const json& tenant, std::string_view client_id);
bool secret_matches(const json& app, std::string_view secret);

} // namespace emulator::entra
