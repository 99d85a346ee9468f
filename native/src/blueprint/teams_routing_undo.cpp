#include "blueprint/teams_routing_undo.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#ifndef _WIN32
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

#include "core/error.h"
#include "exec/journal.h"

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
std::string safe(const std::string &s) {
    std::string out;
    for (char c : s) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-') ? c : '_';
    return out.empty() ? "_" : out;
}

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
    const auto base = state_directory.empty() ? default_journal_directory().parent_path() : state_directory;
    return base / "teams-routing" / safe(tenant) / (safe(domain) + ".json");
}

std::optional<undo_record> load_undo_record(const std::filesystem::path &path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw error(errc::unavailable, "teams.undo_record.unreadable", "The undo record " + path.string() + " cannot be read.");
    std::stringstream buffer;
    buffer << in.rdbuf();
    auto doc = json::parse(buffer.str(), nullptr, false);
    if (doc.is_discarded())
        throw error(errc::invalid_argument, "teams.undo_record.malformed", "The undo record " + path.string() + " is not JSON.");
    return undo_record::from_json(doc);
}

void save_undo_record(const std::filesystem::path &path, const undo_record &record) {
    const auto fail = [&](const std::string &what) {
        throw error(errc::unavailable, "teams.undo_record.write_failed",
                    "The undo record " + path.string() + " cannot be " + what + "; nothing was changed.");
    };
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) fail("created");
    const auto temporary = path.string() + ".tmp";
    const std::string body = record.to_json().dump(2) + "\n";
#ifndef _WIN32
    ::chmod(path.parent_path().c_str(), 0700);
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) fail("created");
    std::size_t written = 0;
    while (written < body.size()) {
        auto n = ::write(fd, body.data() + written, body.size() - written);
        if (n <= 0) {
            ::close(fd);
            fail("written");
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) {
        ::close(fd);
        fail("written");
    }
    ::close(fd);
#else
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << body;
        if (!out) fail("written");
    }
#endif
    std::filesystem::rename(temporary, path, ec);
    if (ec) fail("replaced");
}

}  // namespace mailint::teams_routing
