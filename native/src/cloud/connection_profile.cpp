#include "cloud/connection_profile.h"

#include <algorithm>
#include <cctype>

#include "core/error.h"
#include "exec/state_file.h"

namespace mailint::cloud {

namespace {

using nlohmann::json;

std::string lower(std::string s) {
    for (auto &c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// A member whose name says it is a secret: such a value must never reach the disk.
bool holds_secret(const json &v) {
    if (v.is_object()) {
        for (const auto &[k, item] : v.items()) {
            const auto n = lower(k);
            if (n.find("secret") != std::string::npos || n.find("password") != std::string::npos || n.find("token") != std::string::npos ||
                n.find("assertion") != std::string::npos)
                return true;
            if (holds_secret(item)) return true;
        }
    } else if (v.is_array()) {
        for (const auto &item : v)
            if (holds_secret(item)) return true;
    }
    return false;
}

void require_name(const std::string &name) {
    if (!valid_profile_name(name))
        throw error(errc::invalid_argument, "connection.profile.name_invalid",
                    "The profile name '" + name + "' is not 1 to 64 letters, digits, '-', '_' or '.'.");
}

}  // namespace

bool valid_profile_name(const std::string &name) {
    if (name.empty() || name.size() > 64 || name.front() == '.') return false;
    for (unsigned char c : name)
        if (!(std::isalnum(c) || c == '-' || c == '_' || c == '.')) return false;
    return true;
}

std::filesystem::path profile_path(const std::filesystem::path &state_directory, const std::string &name) {
    return state_root(state_directory) / "profiles" / (name + ".json");
}

void save_profile(const std::filesystem::path &state_directory, const std::string &name, json profile) {
    require_name(name);
    if (!profile.is_object() || holds_secret(profile))
        throw error(errc::invalid_argument, "connection.profile.secret_refused",
                    "A connection profile holds no secret: leave the secret, password or token out of it.");
    profile["name"] = name;
    profile["schemaVersion"] = 1;
    write_state_file(profile_path(state_directory, name), profile.dump(2) + "\n", "connection.profile", "connection profile");
}

std::optional<json> load_profile(const std::filesystem::path &state_directory, const std::string &name) {
    require_name(name);
    const auto path = profile_path(state_directory, name);
    const auto text = read_state_file(path, "connection.profile", "connection profile");
    if (!text) return std::nullopt;
    auto doc = json::parse(*text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || doc.value("schemaVersion", 0) != 1 || holds_secret(doc))
        throw error(errc::invalid_argument, "connection.profile.malformed",
                    "The connection profile " + path.string() + " is not one this version wrote: save it again with -SaveProfile.");
    return doc;
}

std::vector<json> list_profiles(const std::filesystem::path &state_directory) {
    std::vector<json> out;
    const auto folder = state_root(state_directory) / "profiles";
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec)) return out;
    std::vector<std::string> names;
    for (const auto &entry : std::filesystem::directory_iterator(folder, ec))
        if (entry.path().extension() == ".json" && valid_profile_name(entry.path().stem().string())) names.push_back(entry.path().stem().string());
    std::sort(names.begin(), names.end());
    for (const auto &n : names)
        if (auto p = load_profile(state_directory, n)) out.push_back(std::move(*p));
    return out;
}

std::vector<std::filesystem::path> remove_profiles(const std::filesystem::path &state_directory, const std::string &tenant) {
    std::vector<std::filesystem::path> removed;
    for (const auto &p : list_profiles(state_directory)) {
        if (!tenant.empty() && lower(p.value("tenantId", "")) != lower(tenant)) continue;
        const auto path = profile_path(state_directory, p.value("name", ""));
        std::error_code ec;
        if (std::filesystem::remove(path, ec)) removed.push_back(path);
        else if (ec)
            throw error(errc::unavailable, "m365.integration.disable_failed",
                        "The connection profile " + path.string() + " could not be removed (" + ec.message() + "): run again.");
    }
    return removed;
}

}  // namespace mailint::cloud
