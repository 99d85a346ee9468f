#pragma once
// What Set-TeamsEssentialsRouting changed, kept so that Remove-TeamsEssentialsRouting undoes
// exactly that and nothing else. Written before the changes are applied (only the approved steps'),
// merged with an earlier record (the first "before" of a property wins: it is the tenant's state
// before the module touched it), in a file only the user can read:
//   <state>/teams-routing/<tenant>/<record_key: the domain, or "gmail">.json
//   {"schemaVersion":1,"mode"("GoogleWorkspace"|"Gmail"; absent: GoogleWorkspace),"tenant","domain","forwardingDomain",
//    "created":[{"type":"TransportRule"|"OutboundConnector","name"}],
//    "changed":[{"type":"Mailbox"|"CASMailbox"|"HostedOutboundSpamFilterPolicy"|"AcceptedDomain"|
//                "SecurityDefaults" (Graph's identitySecurityDefaultsEnforcementPolicy, property isEnabled),
//                "identity","property","before","after"}]}
// Undo restores a property only where it still holds what the module wrote ("after"): a value
// someone changed since is theirs and is left alone.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mailint::teams_routing {

struct created_object {
    std::string type;
    std::string name;
    std::string step;  // the plan step that makes it (kept only in memory: which steps were approved)
    friend bool operator==(const created_object &a, const created_object &b) { return a.type == b.type && a.name == b.name; }
};

struct property_change_record {
    std::string type;
    std::string identity;
    std::string property;
    nlohmann::json before;
    nlohmann::json after;
    std::string step;  // as for created_object
};

struct undo_record {
    std::string mode = "GoogleWorkspace";
    std::string tenant;
    std::string domain;
    std::string forwarding_domain;
    std::vector<created_object> created;
    std::vector<property_change_record> changed;

    bool empty() const { return created.empty() && changed.empty(); }
    // Adds `later`'s entries; for a property already recorded the earlier "before" is kept and
    // the later "after" taken.
    void merge(const undo_record &later);
    nlohmann::json to_json() const;
    // Throws mailint::error(invalid_argument, "teams.undo_record.malformed").
    static undo_record from_json(const nlohmann::json &doc);
    // Only the entries of these steps (the approved ones of an apply).
    undo_record only_steps(const std::vector<std::string> &steps) const;
};

// <state>/teams-routing/<tenant>/<key>.json (key: record_key()); `state_directory` empty: the user's state folder
// (where the journals' "runs" folder is).
std::filesystem::path undo_record_path(const std::filesystem::path &state_directory, const std::string &tenant,
                                       const std::string &key);

// nullopt when there is no file; throws teams.undo_record.unreadable / .malformed otherwise.
std::optional<undo_record> load_undo_record(const std::filesystem::path &path);

// Writes atomically (a temporary file renamed over), mode 0600 in a 0700 folder. Throws
// teams.undo_record.write_failed (unavailable).
void save_undo_record(const std::filesystem::path &path, const undo_record &record);

}  // namespace mailint::teams_routing
