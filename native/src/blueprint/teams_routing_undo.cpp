#include "blueprint/teams_routing_undo.h"

#include <algorithm>
#include <cctype>

#include "core/error.h"
#include "exec/state_file.h"

namespace mailint::teams_routing {

namespace {

using nlohmann::json;

std::string text(const json &o, const char *name) {
    auto it = o.find(name);
    if (it == o.end() || !it->is_string())
        throw error(errc::invalid_argument, "teams.undo_record.malformed",
                    std::string("The undo record lacks the text member '") + name + "'.");
    return it->get<std::string>();
}

// File names from a tenant id or a domain: letters, digits, '.', '-' only.

}  // namespace

void undo_record::merge(const undo_record &later) {
    for (const auto &c : later.created)
        if (std::find(created.begin(), created.end(), c) == created.end()) created.push_back(c);
    for (const auto &c : later.changed) {
        auto same = std::find_if(changed.begin(), changed.end(), [&](const property_change_record &e) {
            return e.type == c.type && e.identity == c.identity && e.property == c.property;
        });
        if (same == changed.end()) changed.push_back(c);
        else same->after = c.after;  // the tenant's own "before" stays
    }
}

undo_record undo_record::only_steps(const std::vector<std::string> &steps) const {
    undo_record out = *this;
    out.created.clear();
    out.changed.clear();
    const auto wanted = [&](const std::string &s) { return std::find(steps.begin(), steps.end(), s) != steps.end(); };
    for (const auto &c : created)
        if (wanted(c.step)) out.created.push_back(c);
    for (const auto &c : changed)
        if (wanted(c.step)) out.changed.push_back(c);
    return out;
}

json undo_record::to_json() const {
    json doc = {{"schemaVersion", 1}, {"mode", mode}, {"tenant", tenant}, {"domain", domain}, {"forwardingDomain", forwarding_domain},
                {"created", json::array()}, {"changed", json::array()}};
    for (const auto &c : created) doc["created"].push_back({{"type", c.type}, {"name", c.name}});
    for (const auto &c : changed)
        doc["changed"].push_back({{"type", c.type}, {"identity", c.identity}, {"property", c.property},
                                  {"before", c.before}, {"after", c.after}});
    return doc;
}

undo_record undo_record::from_json(const json &doc) {
    if (!doc.is_object() || doc.value("schemaVersion", 0) != 1)
        throw error(errc::invalid_argument, "teams.undo_record.malformed", "The undo record is not a schemaVersion 1 object.");
    undo_record r;
    if (doc.contains("mode")) r.mode = text(doc, "mode");
    r.tenant = text(doc, "tenant");
    r.domain = text(doc, "domain");
    r.forwarding_domain = text(doc, "forwardingDomain");
    for (const auto &c : doc.value("created", json::array())) r.created.push_back({text(c, "type"), text(c, "name"), {}});
    for (const auto &c : doc.value("changed", json::array()))
        r.changed.push_back({text(c, "type"), text(c, "identity"), text(c, "property"), c.value("before", json(nullptr)),
                             c.value("after", json(nullptr)), {}});
    return r;
}

std::filesystem::path undo_record_path(const std::filesystem::path &state_directory, const std::string &tenant,
                                       const std::string &domain) {
    return state_root(state_directory) / "teams-routing" / state_file_segment(tenant) / (state_file_segment(domain) + ".json");
}

std::optional<undo_record> load_undo_record(const std::filesystem::path &path) {
    const auto text = read_state_file(path, "teams.undo_record", "undo record");
    if (!text) return std::nullopt;
    auto doc = json::parse(*text, nullptr, false);
    if (doc.is_discarded())
        throw error(errc::invalid_argument, "teams.undo_record.malformed", "The undo record " + path.string() + " is not JSON.");
    return undo_record::from_json(doc);
}

void save_undo_record(const std::filesystem::path &path, const undo_record &record) {
    write_state_file(path, record.to_json().dump(2) + "\n", "teams.undo_record", "undo record");
}

}  // namespace mailint::teams_routing
