#include "blueprint/m365_accounts_record.h"

#include "core/error.h"
#include "exec/state_file.h"

namespace mailint::m365_accounts {

namespace {

using nlohmann::json;

constexpr const char *kFolder = "m365-accounts";

}  // namespace

json link_record::to_json() const {
    json list = json::array();
    for (const auto &[local, a] : accounts) list.push_back({{"local", local}, {"upn", a.upn}, {"mail", a.mail}});
    return {{"schemaVersion", 1}, {"tenant", tenant}, {"domain", domain}, {"accounts", std::move(list)}};
}

link_record link_record::from_json(const json &doc) {
    const auto bad = [] {
        return error(errc::invalid_argument, "m365.accounts.record.malformed",
                     "The account link record is not one this version wrote; move it away and run New-M365OnlineAccount again.");
    };
    if (!doc.is_object() || doc.value("schemaVersion", 0) != 1 || !doc.contains("accounts") || !doc["accounts"].is_array()) throw bad();
    link_record r;
    r.tenant = doc.value("tenant", "");
    r.domain = doc.value("domain", "");
    for (const auto &a : doc["accounts"]) {
        if (!a.is_object() || !a.contains("local") || !a.contains("upn") || !a["local"].is_string() || !a["upn"].is_string()) throw bad();
        r.accounts[a["local"].get<std::string>()] = {a["upn"].get<std::string>(), a.value("mail", "")};
    }
    return r;
}

std::filesystem::path link_record_path(const std::filesystem::path &state_directory, const std::string &tenant) {
    return state_root(state_directory) / kFolder / (state_file_segment(tenant) + ".json");
}

std::optional<link_record> load_link_record(const std::filesystem::path &path) {
    const auto text = read_state_file(path, "m365.accounts.record", "account link record");
    if (!text) return std::nullopt;
    auto doc = json::parse(*text, nullptr, false);
    if (doc.is_discarded())
        throw error(errc::invalid_argument, "m365.accounts.record.malformed", "The account link record " + path.string() + " is not JSON.");
    return link_record::from_json(doc);
}

void save_link_record(const std::filesystem::path &path, const link_record &record) {
    write_state_file(path, record.to_json().dump(2) + "\n", "m365.accounts.record", "account link record");
}

std::vector<std::filesystem::path> remove_link_records(const std::filesystem::path &state_directory, const std::string &tenant) {
    std::vector<std::filesystem::path> removed;
    const auto folder = state_root(state_directory) / kFolder;
    std::error_code ec;
    if (!tenant.empty()) {
        const auto one = link_record_path(state_directory, tenant);
        if (std::filesystem::remove(one, ec)) removed.push_back(one);
    } else if (std::error_code absent; std::filesystem::is_directory(folder, absent)) {  // none: nothing to remove
        for (const auto &entry : std::filesystem::directory_iterator(folder, ec))
            if (entry.path().extension() == ".json" && std::filesystem::remove(entry.path(), ec)) removed.push_back(entry.path());
    }
    if (ec)
        throw error(errc::unavailable, "m365.integration.disable_failed",
                    "The integration state under " + folder.string() + " could not all be removed (" + ec.message() +
                        "): check the folder's permissions and run Disable-M365Integration again.");
    return removed;
}

}  // namespace mailint::m365_accounts
