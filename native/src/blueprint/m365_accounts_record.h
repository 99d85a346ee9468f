#pragma once
// The link between local users and the online accounts New-M365OnlineAccount made or matched (seed
// M4): what Sync-M365OnlineAccount follows (a local user disabled → its account blocked, deleted →
// deleted) and what Disable-M365Integration removes (M7). One file per tenant,
// <state>/m365-accounts/<tenant>.json, mode 0600; it holds names and addresses, never a secret.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mailint::m365_accounts {

struct linked_account {
    std::string upn;   // the online account
    std::string mail;  // the local address ("" when the row had none)
};

struct link_record {
    std::string tenant;
    std::string domain;
    std::map<std::string, linked_account> accounts;  // by the local name, lower case

    nlohmann::json to_json() const;
    // Throws m365.accounts.record.malformed (invalid_argument).
    static link_record from_json(const nlohmann::json &doc);
};

std::filesystem::path link_record_path(const std::filesystem::path &state_directory, const std::string &tenant);

// nullopt when there is none; throws m365.accounts.record.unreadable / .malformed.
std::optional<link_record> load_link_record(const std::filesystem::path &path);
// Throws m365.accounts.record.write_failed.
void save_link_record(const std::filesystem::path &path, const link_record &record);

// M7: every link record (of `tenant`, or of all tenants when empty) deleted; the paths removed.
// Reads and writes local files only: it works without a connection to Microsoft 365.
std::vector<std::filesystem::path> remove_link_records(const std::filesystem::path &state_directory, const std::string &tenant);

}  // namespace mailint::m365_accounts
