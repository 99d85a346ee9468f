#include "blueprint/teams_routing_planner.h"

#include <algorithm>
#include <map>

#include "core/error.h"
#include "core/random_id.h"
#include "exchange_online/exo_values.h"
#include "graph/licenses.h"
#include "graph/users.h"
#include "plan/step_builder.h"

namespace mailint::teams_routing::detail {

namespace {

using nlohmann::json;

using exchange_online::flag_of, exchange_online::lower, exchange_online::text_of;

// How Exchange prints a value, for comparing with what is wanted: strings case-insensitively,
// lists as their lower-cased items, booleans and numbers as they are.
json comparable(const json &v) {
    if (v.is_string()) return lower(v.get<std::string>());
    if (v.is_array()) {
        json out = json::array();
        for (const auto &i : v) out.push_back(comparable(i));
        return out;
    }
    return v;
}

}  // namespace

std::vector<property_change> differences(const json &current, const json &wanted) {
    std::vector<property_change> out;
    for (const auto &[name, value] : wanted.items()) {
        const json now = current.contains(name) ? current.at(name) : json(nullptr);
        json want = value;
        if (value.is_string() && now.is_array()) want = json::array({value});  // SmartHosts as one host
        if (comparable(now) != comparable(want)) out.push_back({name, now, value});
    }
    return out;
}

const json *find_named(const std::vector<json> &objects, const std::string &name) {
    for (const auto &o : objects)
        if (lower(text_of(o, "Name")) == lower(name) || lower(text_of(o, "Identity")) == lower(name)) return &o;
    return nullptr;
}

planner::planner(exchange_online::exo_client &client, undo_record *undo) : client_(client), undo_(undo) {
    p_.scenario = kScenario;
    p_.plan_id = random_id();
}

std::vector<json> planner::read(const std::string &cmdlet, json parameters) {
    auto result = client_.invoke({cmdlet, std::move(parameters)});
    p_.reads.push_back({"exchange", cmdlet, result.objects.size()});
    return std::move(result.objects);
}

plan_step &planner::add(std::string action, std::string type, std::string identity, std::string description,
                        std::string operation, std::optional<host_command> command, const std::vector<std::string> &after) {
    return append_step(p_, {std::move(action), std::move(type), std::move(identity), std::move(description),
                            std::move(operation), std::move(command), "exchange", after});
}

void planner::manual(const request &r, const std::string &id, const std::string &text) {
    if (r.manual_done.count(id)) {
        add("noop", "ManualStep", id, "Done: " + text, "", std::nullopt);
    } else {
        auto &m = add("manual", "ManualStep", id, text, "", std::nullopt);
        m.notes.push_back("when done, run again with -ManualStepDone " + id);
    }
}

std::string planner::ensure(const std::string &type, const std::vector<json> &existing, const std::string &name, json wanted,
                            const std::string &new_cmdlet, const std::string &set_cmdlet, const std::string &comment_member,
                            const std::vector<std::string> &after, const std::string &note) {
    const json *current = find_named(existing, name);
    if (!current) {
        json parameters = {{"Name", name}};
        parameters.update(wanted);
        parameters[comment_member] = kMarker;
        auto &s = add("create", type, name, "Create " + type + " '" + name + "'", "Create", host_command{new_cmdlet, parameters}, after);
        for (const auto &[k, v] : wanted.items()) s.changes.push_back({k, nullptr, v});
        if (!note.empty()) s.notes.push_back(note);
        made(type, name, s.id);
        return s.id;
    }
    auto changes = differences(*current, wanted);
    if (changes.empty()) {
        add("noop", type, name, type + " '" + name + "' is as wanted", "", std::nullopt);
        return {};
    }
    json parameters = {{"Identity", current->value("Identity", name)}};
    std::string names;
    for (const auto &c : changes) {
        parameters[c.property] = c.to;
        names += (names.empty() ? "" : ", ") + c.property;
    }
    auto &s = add("update", type, name, "Update " + type + " '" + name + "'", "Update " + names, host_command{set_cmdlet, parameters},
                  after);
    for (const auto &c : changes) changed(type, name, c.property, c.from, c.to, s.id);
    s.changes = std::move(changes);
    if (!note.empty()) s.notes.push_back(note);
    return s.id;
}

void planner::made(const std::string &type, const std::string &name, const std::string &step) {
    if (undo_) undo_->created.push_back({type, name, step});
}

void planner::changed(const std::string &type, const std::string &identity, const std::string &property, json before, json after,
                      const std::string &step) {
    if (undo_) undo_->changed.push_back({type, identity, property, std::move(before), std::move(after), step});
}

std::size_t planner::pending() const {
    return static_cast<std::size_t>(std::count_if(p_.steps.begin(), p_.steps.end(), [](const plan_step &s) {
        return s.action != "noop" && s.action != "manual";
    }));
}

json manual_status(const request &r) {
    json manual = json::array();
    for (const auto &id : manual_steps(r.mode)) manual.push_back({{"id", id}, {"done", r.manual_done.count(id) > 0}});
    return manual;
}

void plan_users(planner &pl, const request &r, graph::graph_client &graph, const progress_fn &progress) {
    if (progress) progress("Planning", "Reading the tenant's users and subscriptions", 50);
    const auto skus = graph::list_subscribed_skus(graph);
    pl.value().reads.push_back({"graph", "Get-MgSubscribedSku", skus.size()});
    const graph::subscribed_sku *sku = nullptr;
    std::string known;
    for (const auto &k : skus) {
        if (lower(k.sku_part_number) == lower(r.license_sku)) sku = &k;
        known += (known.empty() ? "" : ", ") + k.sku_part_number;
    }
    if (!sku)
        throw error(errc::failed_precondition, "teams.license.sku_not_found",
                    "The tenant has no subscription '" + r.license_sku + "' (it has: " + known +
                        "): buy Microsoft Teams Essentials, or give -LicenseSku with the part number it has.");
    graph::query q;
    q.select({"id", "userPrincipalName", "usageLocation", "assignedLicenses"});
    const auto existing = graph::list_users(graph, q);
    pl.value().reads.push_back({"graph", "Get-MgUser", existing.size()});
    std::map<std::string, const json *> by_upn;
    for (const auto &u : existing) by_upn[lower(text_of(u, "userPrincipalName"))] = &u;
    json create = json::array(), license = json::array();
    for (const auto &u : r.users) {
        const std::string location = u.usage_location.empty() ? r.usage_location : u.usage_location;
        auto found = by_upn.find(u.upn);
        bool licensed = false;
        if (found != by_upn.end())
            for (const auto &l : found->second->value("assignedLicenses", json::array()))
                licensed = licensed || lower(text_of(l, "skuId")) == lower(sku->sku_id);
        if (found == by_upn.end()) {
            json item = {{"UserPrincipalName", u.upn}, {"DisplayName", u.display_name}, {"UsageLocation", location}};
            if (!u.given_name.empty()) item["GivenName"] = u.given_name;
            if (!u.surname.empty()) item["Surname"] = u.surname;
            create.push_back(std::move(item));
        }
        if (!licensed) {
            json item = {{"UserId", u.upn}, {"SkuId", sku->sku_id}};
            // A user made by this plan gets its usage location at creation; only an existing user
            // without one needs it set before the licence (else a wasted write per user).
            if (found != by_upn.end() && text_of(*found->second, "usageLocation").empty()) item["UsageLocation"] = location;
            license.push_back(std::move(item));
        }
    }
    // Decided before the lists move into their steps (a moved-from json is null, and null is empty).
    const bool nothing_to_do = create.empty() && license.empty();
    std::string created;
    if (!create.empty()) {
        if (r.password_secret.empty())
            throw error(errc::invalid_argument, "teams.users.password_missing",
                        std::to_string(create.size()) + " users are to be created: give -InitialPassword (they change it at first sign-in).");
        const auto n = create.size();
        json parameters = {{"$batch", std::move(create)}, {"PasswordSecret", r.password_secret}, {"ResultsPath", r.results_path}};
        created = pl.add("create", "User", std::to_string(n) + " users", "Create " + std::to_string(n) + " users from the CSV",
                         "Create " + std::to_string(n) + " users", host_command{"New-MgUser", std::move(parameters)})
                      .id;
        pl.value().steps.back().transport = "graph";
    }
    if (!license.empty()) {
        const auto n = license.size();
        auto &s = pl.add("update", "User", std::to_string(n) + " users' licences",
                         "Assign " + sku->sku_part_number + " to " + std::to_string(n) + " users (" +
                             std::to_string(sku->available_units()) + " free now)",
                         "Assign " + sku->sku_part_number,
                         host_command{"Set-MgUserLicense", {{"$batch", std::move(license)}, {"ResultsPath", r.results_path}}},
                         {created});
        s.transport = "graph";
        if (static_cast<long long>(n) > sku->available_units())
            s.notes.push_back(std::to_string(n - static_cast<std::size_t>(std::max(0LL, sku->available_units()))) +
                              " will fail for want of licences: each is reported in the results file");
    }
    if (nothing_to_do)
        pl.add("noop", "User", std::to_string(r.users.size()) + " users", "Every user of the CSV is there with a licence", "",
               std::nullopt);
}

}  // namespace mailint::teams_routing::detail
