#include "blueprint/teams_routing_blueprint.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "core/error.h"
#include "core/random_id.h"
#include "graph/licenses.h"
#include "graph/users.h"
#include "exchange_online/exo_values.h"
#include "plan/step_builder.h"

namespace mailint::teams_routing {

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

// The properties of `wanted` that `current` does not hold, as plan changes.
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
        if (lower(text_of(o, "Name")) == lower(name) || lower(text_of(o, "Identity")) == lower(name))
            return &o;
    return nullptr;
}

std::string forwarding_address(const json &mailbox) {
    std::string a = lower(text_of(mailbox, "ForwardingSmtpAddress"));
    if (a.rfind("smtp:", 0) == 0) a = a.substr(5);
    return a;
}

class planner {
public:
    planner(const request &r, exchange_online::exo_client &client, undo_record *undo) : r_(r), client_(client), undo_(undo) {
        p_.scenario = kScenario;
        p_.plan_id = random_id();
    }

    std::vector<json> read(const std::string &cmdlet, json parameters = json::object()) {
        auto result = client_.invoke({cmdlet, std::move(parameters)});
        p_.reads.push_back({"exchange", cmdlet, result.objects.size()});
        return std::move(result.objects);
    }

    plan_step &add(std::string action, std::string type, std::string identity, std::string description,
                   std::string operation, std::optional<host_command> command, const std::vector<std::string> &after = {}) {
        return append_step(p_, {std::move(action), std::move(type), std::move(identity), std::move(description),
                                std::move(operation), std::move(command), "exchange", after});
    }

    // A named object (connector or rule) made with `wanted`, set where it differs, or left.
    std::string ensure(const std::string &type, const std::vector<json> &existing, const std::string &name, json wanted,
                       const std::string &new_cmdlet, const std::string &set_cmdlet, const std::string &comment_member,
                       const std::vector<std::string> &after, const std::string &note) {
        const json *current = find_named(existing, name);
        if (!current) {
            json parameters = {{"Name", name}};
            parameters.update(wanted);
            parameters[comment_member] = kMarker;
            auto &s = add("create", type, name, "Create " + type + " '" + name + "'", "Create",
                          host_command{new_cmdlet, parameters}, after);
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
        auto &s = add("update", type, name, "Update " + type + " '" + name + "'", "Update " + names,
                      host_command{set_cmdlet, parameters}, after);
        for (const auto &c : changes) changed(type, name, c.property, c.from, c.to, s.id);
        s.changes = std::move(changes);
        if (!note.empty()) s.notes.push_back(note);
        return s.id;
    }

    plan take() { return std::move(p_); }
    plan &value() { return p_; }

    void made(const std::string &type, const std::string &name, const std::string &step) {
        if (undo_) undo_->created.push_back({type, name, step});
    }
    void changed(const std::string &type, const std::string &identity, const std::string &property, json before, json after,
                 const std::string &step) {
        if (undo_) undo_->changed.push_back({type, identity, property, std::move(before), std::move(after), step});
    }

private:
    const request &r_;
    exchange_online::exo_client &client_;
    undo_record *undo_;
    plan p_;
};

// "<tenant>.mail.protection.outlook.com" for the initial domain "<tenant>.onmicrosoft.com": the
// MX Google's host route points at (T4), so Google sends to the tenant and not to the custom domain.
std::string tenant_mx_host(const std::string &initial_domain) {
    const std::string suffix = ".onmicrosoft.com";
    std::string name = initial_domain;
    if (name.ends_with(suffix)) name = name.substr(0, name.size() - suffix.size());
    return name + ".mail.protection.outlook.com";
}

}  // namespace

plan build_plan(const request &r, exchange_online::exo_client &client, const std::string &tenant_id,
                const progress_fn &progress, undo_record *undo, json *status, graph::graph_client *graph) {
    if (undo) {
        undo->domain = r.domain;
        undo->forwarding_domain = r.forwarding_domain;
        undo->tenant = tenant_id;
    }
    planner pl(r, client, undo);
    const auto say = [&](const std::string &what, int percent) {
        if (progress) progress("Planning", what, percent);
    };

    say("Reading the organization and the accepted domains", 0);
    const auto organization = pl.read("Get-OrganizationConfig");
    const auto domains = pl.read("Get-AcceptedDomain");
    const json *domain = nullptr;
    std::string initial;
    for (const auto &d : domains) {
        if (lower(text_of(d, "DomainName")) == r.domain) domain = &d;
        if (flag_of(d, "InitialDomain", false)) initial = lower(text_of(d, "DomainName"));
    }
    if (!domain)
        throw error(errc::failed_precondition, "teams.domain.not_accepted",
                    "'" + r.domain + "' is not an accepted domain of the tenant: add and verify it first (T2: "
                    "Add-M365Domain -DomainName " + r.domain + "), then run this again.");
    say("Reading policies, connectors and rules", 10);
    const auto policies = pl.read("Get-HostedOutboundSpamFilterPolicy", {{"Identity", "Default"}});
    const auto connectors = pl.read("Get-OutboundConnector");
    const auto rules = pl.read("Get-TransportRule");
    say("Reading the user mailboxes", 20);
    const auto mailboxes = pl.read("Get-Mailbox", {{"ResultSize", "Unlimited"}, {"RecipientTypeDetails", {"UserMailbox"}}});
    std::vector<json> cas;
    if (r.disable_outlook_on_the_web) cas = pl.read("Get-CASMailbox", {{"ResultSize", "Unlimited"}});
    say("Comparing", 60);

    // T3: the users of the CSV, each with a Teams Essentials licence; only what is missing.
    if (!r.users.empty()) {
        if (!graph) throw error(errc::internal, "teams.users.no_graph", "The users step needs the Graph transport.");
        say("Reading the tenant's users and subscriptions", 50);
        const auto skus = graph::list_subscribed_skus(*graph);
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
        const auto existing = graph::list_users(*graph, q);
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
                if (found == by_upn.end() || text_of(*found->second, "usageLocation").empty()) item["UsageLocation"] = location;
                license.push_back(std::move(item));
            }
        }
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
        if (create.empty() && license.empty())
            pl.add("noop", "User", std::to_string(r.users.size()) + " users", "Every user of the CSV is there with a licence", "",
                   std::nullopt);
    }

    // T1: forwarding to outside the organization must be allowed first.
    std::string customization;
    if (!organization.empty() && flag_of(organization.front(), "IsDehydrated", false)) {
        customization = pl.add("update", "OrganizationConfig", "Organization", "Enable organization customization",
                               "Enable customization", host_command{"Enable-OrganizationCustomization", json::object()})
                            .id;
    }
    std::string forwarding_allowed = customization;
    const json policy = policies.empty() ? json::object() : policies.front();
    if (lower(text_of(policy, "AutoForwardingMode")) != "on") {
        auto &s = pl.add("update", "HostedOutboundSpamFilterPolicy", "Default",
                         "Allow automatic forwarding in the outbound spam filter policy 'Default'", "Update AutoForwardingMode",
                         host_command{"Set-HostedOutboundSpamFilterPolicy", {{"Identity", "Default"}, {"AutoForwardingMode", "On"}}},
                         {customization});
        s.changes.push_back({"AutoForwardingMode", policy.value("AutoForwardingMode", json(nullptr)), "On"});
        forwarding_allowed = s.id;
        pl.changed("HostedOutboundSpamFilterPolicy", "Default", "AutoForwardingMode", policy.value("AutoForwardingMode", json(nullptr)),
                   "On", s.id);
    } else {
        pl.add("noop", "HostedOutboundSpamFilterPolicy", "Default", "Automatic forwarding is allowed", "", std::nullopt);
    }

    // T4: the Google admin console has no API; the checklist with this tenant's values.
    const std::string mx = tenant_mx_host(initial.empty() ? r.domain : initial);
    const std::pair<const char *, std::string> checklist[] = {
        {"google.dual-delivery-route",
         "Google Admin console > Apps > Google Workspace > Gmail > Hosts: add the route \"Microsoft 365\" to " + mx +
             ", port 25 (the tenant's own MX, so Google does not loop on " + r.domain + ": error ATTR35)"},
        {"google.routing-rule",
         "Gmail > Routing: a rule for inbound and internal-receiving mail that adds the route \"Microsoft 365\" as an "
         "additional recipient (dual delivery) and removes attachments from that copy"},
        {"google.alias-subdomain",
         "Account > Domains > Manage domains: add " + r.forwarding_domain + " as a domain alias and skip its MX setup; "
         "Microsoft 365 forwards each mailbox's copy to <alias>@" + r.forwarding_domain},
        {"google.spam-bypass",
         "Gmail > Compliance > Content compliance: mail with the header X-MS-Exchange-CrossTenant-id: " + tenant_id +
             " bypasses spam filtering (mail Microsoft 365 forwards)"},
    };
    for (const auto &[id, text] : checklist) {
        if (r.manual_done.count(id)) {
            pl.add("noop", "ManualStep", id, std::string("Done: ") + text, "", std::nullopt);
        } else {
            auto &m = pl.add("manual", "ManualStep", id, text, "", std::nullopt);
            m.notes.push_back("when done, run again with -ManualStepDone " + std::string(id));
        }
    }

    // T5: the route from Microsoft 365 to Google, used only by transport rules.
    std::string connector_note = "validate it in the Exchange admin center with a Google mailbox";
    if (!r.test_address.empty()) connector_note += " (e.g. " + r.test_address + ")";
    pl.ensure("OutboundConnector", connectors, r.connector_name,
              {{"ConnectorType", "Partner"}, {"SmartHosts", {r.smart_host}}, {"UseMXRecord", false}, {"IsTransportRuleScoped", true}},
              "New-OutboundConnector", "Set-OutboundConnector", "Comment", {}, connector_note);

    // T6: every user mailbox forwards a copy to <alias>@<forwarding domain>; only those that differ.
    json forward = json::array();
    std::vector<std::pair<json, json>> forward_before;  // (ForwardingSmtpAddress, DeliverToMailboxAndForward) replaced
    std::size_t already = 0;
    for (const auto &m : mailboxes) {
        const std::string want = lower(text_of(m, "Alias")) + "@" + r.forwarding_domain;
        if (flag_of(m, "DeliverToMailboxAndForward", false) && forwarding_address(m) == want) {
            ++already;
            continue;
        }
        forward.push_back({{"Identity", m.value("Identity", text_of(m, "Alias"))},
                           {"DeliverToMailboxAndForward", true},
                           {"ForwardingSmtpAddress", want}});
        const std::string before = forwarding_address(m);
        forward_before.emplace_back(before.empty() ? json(nullptr) : json(before), flag_of(m, "DeliverToMailboxAndForward", false));
    }
    std::string forwarding_step;
    if (!forward.empty()) {
        const auto n = forward.size();
        json items = forward;  // for the undo record, before the batch moves into the command
        auto &s = pl.add("update", "Mailbox", std::to_string(n) + " user mailboxes",
                         "Forward a copy of " + std::to_string(n) + " user mailboxes to <alias>@" + r.forwarding_domain,
                         "Set DeliverToMailboxAndForward, ForwardingSmtpAddress on " + std::to_string(n) + " mailboxes",
                         host_command{"Set-Mailbox", {{"$batch", std::move(forward)}}}, {forwarding_allowed});
        s.changes.push_back({"ForwardingSmtpAddress", nullptr, "<alias>@" + r.forwarding_domain});
        if (already) s.notes.push_back(std::to_string(already) + " mailboxes already forward as wanted");
        forwarding_step = s.id;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const std::string identity = items[i].at("Identity");
            pl.changed("Mailbox", identity, "ForwardingSmtpAddress", forward_before[i].first, items[i].at("ForwardingSmtpAddress"),
                       forwarding_step);
            pl.changed("Mailbox", identity, "DeliverToMailboxAndForward", forward_before[i].second, true, forwarding_step);
        }
    } else {
        pl.add("noop", "Mailbox", std::to_string(mailboxes.size()) + " user mailboxes",
               "Every user mailbox forwards a copy to <alias>@" + r.forwarding_domain, "", std::nullopt);
    }

    // T7: calendaring messages go straight to the calendar.
    pl.ensure("TransportRule", rules, "Direct to Calendar",
              {{"MessageTypeMatches", "Calendaring"},
               {"SetHeaderName", "X-MS-Exchange-Organization-CalendarBooking-Response"},
               {"SetHeaderValue", "Tentative"}},
              "New-TransportRule", "Set-TransportRule", "Comments", {}, "");
    pl.ensure("TransportRule", rules, "Direct to Calendar triage action",
              {{"MessageTypeMatches", "Calendaring"},
               {"SetHeaderName", "X-MS-Exchange-Organization-CalendarBooking-TriageAction"},
               {"SetHeaderValue", "MoveToDeletedItems"}},
              "New-TransportRule", "Set-TransportRule", "Comments", {}, "");

    // T8: Outlook on the web off for the user mailboxes.
    if (r.disable_outlook_on_the_web) {
        std::map<std::string, bool> users;
        for (const auto &m : mailboxes) users[lower(text_of(m, "Identity"))] = true;
        json owa = json::array();
        for (const auto &c : cas)
            if (users.count(lower(text_of(c, "Identity"))) && flag_of(c, "OWAEnabled", true))
                owa.push_back({{"Identity", text_of(c, "Identity")}, {"OWAEnabled", false}});
        if (!owa.empty()) {
            const auto n = owa.size();
            json items = owa;
            auto &s = pl.add("update", "CASMailbox", std::to_string(n) + " user mailboxes",
                             "Turn Outlook on the web off for " + std::to_string(n) + " user mailboxes",
                             "Set OWAEnabled on " + std::to_string(n) + " mailboxes",
                             host_command{"Set-CASMailbox", {{"$batch", std::move(owa)}}});
            s.changes.push_back({"OWAEnabled", true, false});
            const std::string step = s.id;
            for (const auto &i : items) pl.changed("CASMailbox", i.at("Identity"), "OWAEnabled", true, false, step);
        } else {
            pl.add("noop", "CASMailbox", std::to_string(mailboxes.size()) + " user mailboxes",
                   "Outlook on the web is off for every user mailbox", "", std::nullopt);
        }
    }

    // T9: mail for users not in Microsoft 365 goes on to Google.
    if (lower(text_of(*domain, "DomainType")) != "internalrelay") {
        auto &s = pl.add("update", "AcceptedDomain", r.domain, "Make '" + r.domain + "' an internal relay domain",
                         "Update DomainType",
                         host_command{"Set-AcceptedDomain", {{"Identity", domain->value("Identity", r.domain)}, {"DomainType", "InternalRelay"}}});
        s.changes.push_back({"DomainType", domain->value("DomainType", json(nullptr)), "InternalRelay"});
        pl.changed("AcceptedDomain", domain->value("Identity", r.domain), "DomainType", domain->value("DomainType", json(nullptr)),
                   "InternalRelay", s.id);
    } else {
        pl.add("noop", "AcceptedDomain", r.domain, "'" + r.domain + "' is an internal relay domain", "", std::nullopt);
    }

    // T10, last: once forwarding is in place, mail from outside (but calendaring) is deleted here,
    // since Google delivers the user's copy.
    if (r.delete_external_mail) {
        const auto id = pl.ensure("TransportRule", rules, "Delete all except Calendaring",
                                  {{"ExceptIfMessageTypeMatches", "Calendaring"}, {"FromScope", "NotInOrganization"}, {"DeleteMessage", true}},
                                  "New-TransportRule", "Set-TransportRule", "Comments", {forwarding_step},
                                  "deletes every message from outside the organization that is not calendaring: "
                                  "Google keeps the users' mail");
        if (!id.empty())
            for (auto &s : pl.value().steps)
                if (s.id == id) s.risk = "high";
    }
    if (status) {
        const json *connector = find_named(connectors, r.connector_name);
        json rule_state = json::object();
        for (const char *name : {"Direct to Calendar", "Direct to Calendar triage action", "Delete all except Calendaring"})
            rule_state[name] = find_named(rules, name) != nullptr;
        std::size_t owa_off = 0;
        if (r.disable_outlook_on_the_web) {
            std::map<std::string, bool> users;
            for (const auto &m : mailboxes) users[lower(text_of(m, "Identity"))] = true;
            for (const auto &c : cas)
                if (users.count(lower(text_of(c, "Identity"))) && !flag_of(c, "OWAEnabled", true)) ++owa_off;
        }
        json manual = json::array();
        for (const char *id : kManualSteps) manual.push_back({{"id", id}, {"done", r.manual_done.count(id) > 0}});
        std::size_t pending = 0;
        for (const auto &s : pl.value().steps) pending += s.action != "noop" && s.action != "manual" ? 1 : 0;
        *status = {{"domain", r.domain},
                   {"forwardingDomain", r.forwarding_domain},
                   {"domainType", text_of(*domain, "DomainType")},
                   {"autoForwardingMode", text_of(policy, "AutoForwardingMode")},
                   {"organizationCustomized", organization.empty() || !flag_of(organization.front(), "IsDehydrated", false)},
                   {"connector", connector ? json{{"name", text_of(*connector, "Name")},
                                                  {"smartHosts", connector->value("SmartHosts", json::array())},
                                                  {"isTransportRuleScoped", flag_of(*connector, "IsTransportRuleScoped", false)},
                                                  {"madeByModule", text_of(*connector, "Comment") == kMarker}}
                                           : json(nullptr)},
                   {"rules", rule_state},
                   {"userMailboxes", mailboxes.size()},
                   {"forwarding", already},
                   {"outlookOnTheWebOff", owa_off},
                   {"manualSteps", manual},
                   {"pendingSteps", pending}};
    }
    say("Done", 100);
    return pl.take();
}

}  // namespace mailint::teams_routing
