#pragma once
// Saved connections (seed M2: "change the administrator account the integration uses" is one
// Connect-MailIntegration -SaveProfile, and every later session connects with -Profile). A
// profile holds how to sign in — tenant, app, the kind of credential, a certificate's path or
// thumbprint, the cloud or endpoint, the account last signed in — and never a secret: a client
// secret, a certificate password or a token is asked for again. <state>/profiles/<name>.json, 0600.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mailint::cloud {

// Letters, digits, '-', '_' and '.', 1 to 64: a file name on every platform.
bool valid_profile_name(const std::string &name);

std::filesystem::path profile_path(const std::filesystem::path &state_directory, const std::string &name);

// Throws connection.profile.name_invalid (invalid_argument), connection.profile.secret_refused
// (invalid_argument: a member named like a secret, at any depth), connection.profile.write_failed.
void save_profile(const std::filesystem::path &state_directory, const std::string &name, nlohmann::json profile);

// nullopt when there is none; throws connection.profile.unreadable / .malformed / .name_invalid.
std::optional<nlohmann::json> load_profile(const std::filesystem::path &state_directory, const std::string &name);

// Every saved profile, by name.
std::vector<nlohmann::json> list_profiles(const std::filesystem::path &state_directory);

// Removes the profiles of `tenant` (all when empty); the paths removed.
std::vector<std::filesystem::path> remove_profiles(const std::filesystem::path &state_directory, const std::string &tenant);

}  // namespace mailint::cloud
