#include "blueprint/teams_routing_removal.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "blueprint/teams_routing_request.h"
#include "core/error.h"
#include "core/random_id.h"
#include "exchange_online/exo_values.h"
#include "graph/graph_bulk_session.h"
#include "graph/identity_policies.h"
#include "plan/step_builder.h"

namespace mailint::teams_routing {

namespace {

using nlohmann::json;

using exchange_online::flag_of, exchange_online::lower, exchange_online::text_of;

// A value as the service prints it, comparable with the one recorded: strings without case and
// without the "smtp:" prefix Exchange puts on ForwardingSmtpAddress.
json comparable(const json &v) {
    if (!v.is_string()) return v;
    std::string s = lower(v.get<std::string>());
    if (s.rfind("smtp:", 0) == 0) s = s.substr(5);
    return s.empty() ? json(nullptr) : json(s);
}

struct builder {
    plan p;

    plan_step &add(std::string action, std::string type, std::string identity, std::string description,
                   std::string operation, std::optional<host_command> command, const std::string &after = {}) {
        return append_step(p, {std::move(action), std::move(type), std::move(identity), std::move(description),
                               std::move(operation), std::move(command), "exchange", {after}});
    }
};

std::map<std::string, json> by_identity(const std::vector<json> &objects) {
    std::map<std::string, json> out;
    for (const auto &o : objects) out[lower(text_of(o, "Identity"))] = o;
    return out;
}

}  // namespace

plan build_removal_plan(const std::string &domain, const std::optional<undo_record> &record,
                        exchange_online::exo_client &client, const progress_fn &progress, graph::graph_client *graph,
                        const std::string &mode) {
    const bool gmail = mode == kModeGmail;
    builder b;
    b.p.scenario = kRemovalScenario;
    b.p.plan_id = random_id();
    const auto read = [&](const std::string &cmdlet, json parameters = json::object()) {
        auto result = client.invoke({cmdlet, std::move(parameters)});
        b.p.reads.push_back({"exchange", cmdlet, result.objects.size()});
        return std::move(result.objects);
    };
    if (progress) progress("Planning", "Reading what Set-TeamsEssentialsRouting made", 0);
    const auto rules = gmail ? std::vector<json>{} : read("Get-TransportRule");
    const auto connectors = gmail ? std::vector<json>{} : read("Get-OutboundConnector");

    std::set<std::pair<std::string, std::string>> ours;  // (type, lower name)
    if (record)
        for (const auto &c : record->created) ours.insert({c.type, lower(c.name)});
    const auto made_here = [&](const std::string &type, const json &o, const char *comment) {
        return ours.count({type, lower(text_of(o, "Name"))}) || text_of(o, comment) == kMarker;
    };

    // First: stop deleting outside mail, before anything stops the forwarding.
    std::string first;
    for (const auto &r : rules)
        if (made_here("TransportRule", r, "Comments") && lower(text_of(r, "Name")) == "delete all except calendaring")
            first = b.add("delete", "TransportRule", text_of(r, "Name"), "Remove the rule 'Delete all except Calendaring'",
                          "Remove", host_command{"Remove-TransportRule", {{"Identity", text_of(r, "Identity")}}})
                        .id;

    if (!record) {
        b.p.findings.warning("teams.undo_record.missing", domain,
                             gmail ? std::string("No record of what Set-TeamsEssentialsRouting -Mode Gmail changed is here: POP "
                                                 "and security defaults are left as they are. Run this where "
                                                 "Set-TeamsEssentialsRouting ran, or give -StateDirectory.")
                                   : "No record of what Set-TeamsEssentialsRouting changed for " + domain +
                                         " is here: the rules and connector it made are removed (their comments say so), but "
                                         "mailbox forwarding, Outlook on the web, the domain type and the forwarding policy are "
                                         "left as they are. Run this where Set-TeamsEssentialsRouting ran, or give -StateDirectory.");
    } else {
        // What changed, grouped by kind: put back only where the module's value is still there.
        std::map<std::string, std::vector<const property_change_record *>> by_type;
        for (const auto &c : record->changed) by_type[c.type].push_back(&c);

        const auto restore_batch = [&](const std::string &type, const std::string &cmdlet, const std::vector<json> &current) {
            auto now = by_identity(current);
            std::map<std::string, json> items;  // identity -> parameters
            std::size_t theirs = 0;
            for (const auto *c : by_type[type]) {
                auto it = now.find(lower(c->identity));
                if (it == now.end()) continue;  // gone since: nothing to restore
                const json value = it->second.contains(c->property) ? it->second.at(c->property) : json(nullptr);
                if (comparable(value) != comparable(c->after)) {
                    ++theirs;
                    continue;
                }
                auto &item = items[c->identity];
                item["Identity"] = c->identity;
                item[c->property] = c->before.is_null() && c->property == "DeliverToMailboxAndForward" ? json(false) : c->before;
            }
            if (items.empty()) return;
            json batch = json::array();
            std::set<std::string> properties;
            for (auto &[id, item] : items) {
                for (const auto &[k, v] : item.items())
                    if (k != "Identity") properties.insert(k);
                batch.push_back(std::move(item));
            }
            std::string what;
            for (const auto &p : properties) what += (what.empty() ? "" : ", ") + p;
            auto &s = b.add("update", type, std::to_string(batch.size()) + " mailboxes",
                            "Put back " + what + " on " + std::to_string(batch.size()) + " mailboxes", "Restore " + what,
                            host_command{cmdlet, {{"$batch", std::move(batch)}}}, first);
            if (theirs) s.notes.push_back(std::to_string(theirs) + " values changed by someone else since are left as they are");
        };
        if (by_type.count("Mailbox"))
            restore_batch("Mailbox", "Set-Mailbox", read("Get-Mailbox", {{"ResultSize", "Unlimited"}}));
        if (by_type.count("CASMailbox"))
            restore_batch("CASMailbox", "Set-CASMailbox", read("Get-CASMailbox", {{"ResultSize", "Unlimited"}}));
        // Security defaults (Gmail mode): on again only if still off as the module left them.
        for (const auto *c : by_type["SecurityDefaults"]) {
            if (!graph) throw error(errc::internal, "teams.users.no_graph", "Undoing security defaults needs the Graph transport.");
            const bool now = graph::security_defaults_enabled(*graph);
            b.p.reads.push_back({"graph", "Get-MgPolicyIdentitySecurityDefaultEnforcementPolicy", 1});
            if (json(now) != c->after) continue;
            auto &s = b.add("update", "SecurityDefaults", c->identity, "Turn Microsoft Entra security defaults on again",
                            "Restore isEnabled", host_command{graph::kSecurityDefaultsCommand, {{"IsEnabled", c->before}}}, first);
            s.transport = "graph";
            s.changes.push_back({"isEnabled", c->after, c->before});
        }

        // Single settings, and properties of objects the module changed but did not make.
        const auto restore_one = [&](const property_change_record &c, const std::vector<json> &current, const std::string &cmdlet,
                                     const std::string &key) {
            for (const auto &o : current) {
                if (lower(text_of(o, key.c_str())) != lower(c.identity) && lower(text_of(o, "Identity")) != lower(c.identity))
                    continue;
                const json value = o.contains(c.property) ? o.at(c.property) : json(nullptr);
                if (comparable(value) != comparable(c.after)) return;
                auto &s = b.add("update", c.type, c.identity, "Put back " + c.property + " of " + c.type + " '" + c.identity + "'",
                                "Restore " + c.property,
                                host_command{cmdlet, {{"Identity", o.value("Identity", c.identity)}, {c.property, c.before}}}, first);
                s.changes.push_back({c.property, c.after, c.before});
                return;
            }
        };
        for (const auto *c : by_type["AcceptedDomain"]) restore_one(*c, read("Get-AcceptedDomain"), "Set-AcceptedDomain", "DomainName");
        for (const auto *c : by_type["HostedOutboundSpamFilterPolicy"])
            restore_one(*c, read("Get-HostedOutboundSpamFilterPolicy", {{"Identity", c->identity}}), "Set-HostedOutboundSpamFilterPolicy", "Identity");
        for (const auto *c : by_type["OutboundConnector"]) restore_one(*c, connectors, "Set-OutboundConnector", "Name");
        for (const auto *c : by_type["TransportRule"]) restore_one(*c, rules, "Set-TransportRule", "Name");
    }

    // Last: the connector and the other rules it made.
    for (const auto &r : rules)
        if (made_here("TransportRule", r, "Comments") && lower(text_of(r, "Name")) != "delete all except calendaring")
            b.add("delete", "TransportRule", text_of(r, "Name"), "Remove the rule '" + text_of(r, "Name") + "'",
                  "Remove", host_command{"Remove-TransportRule", {{"Identity", text_of(r, "Identity")}}}, first);
    for (const auto &c : connectors)
        if (made_here("OutboundConnector", c, "Comment"))
            b.add("delete", "OutboundConnector", text_of(c, "Name"),
                  "Remove the outbound connector '" + text_of(c, "Name") + "'", "Remove",
                  host_command{"Remove-OutboundConnector", {{"Identity", text_of(c, "Identity")}}}, first);

    if (b.p.steps.empty())
        b.add("noop", "TeamsEssentialsRouting", domain, "Nothing Set-TeamsEssentialsRouting made is left", "", std::nullopt);
    if (!gmail)
        b.p.findings.add("teams.customization.kept", severity::info, "Organization",
                     "Organization customization stays enabled: Exchange Online cannot turn it off again.");
    if (progress) progress("Planning", "Done", 100);
    return std::move(b.p);
}

}  // namespace mailint::teams_routing
