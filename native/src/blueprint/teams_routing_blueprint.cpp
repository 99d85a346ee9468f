#include "blueprint/teams_routing_blueprint.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "core/error.h"
#include "core/random_id.h"
#include "exchange_online/exo_values.h"
#include "blueprint/teams_routing_planner.h"

namespace mailint::teams_routing {

namespace {

using nlohmann::json;

using detail::find_named;
using exchange_online::flag_of, exchange_online::lower, exchange_online::text_of;

std::string forwarding_address(const json &mailbox) {
    std::string a = lower(text_of(mailbox, "ForwardingSmtpAddress"));
    if (a.rfind("smtp:", 0) == 0) a = a.substr(5);
    return a;
}

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
        undo->mode = r.mode;
        undo->domain = r.domain;
        undo->forwarding_domain = r.forwarding_domain;
        undo->tenant = tenant_id;
    }
    if (r.mode == kModeGmail) return detail::build_gmail_plan(r, client, graph, progress, undo, status);
    if (r.mode == kModeExchangeHybrid) return detail::build_hybrid_plan(r, client, progress, status);
    detail::planner pl(client, undo);
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
        detail::plan_users(pl, r, *graph, progress);
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
    for (const auto &[id, text] : checklist) pl.manual(r, id, text);

    // T5: the route from Microsoft 365 to Google, used only by transport rules.
    // The document's "Validation email" is kept on the connector (ValidationRecipients); sending
    // the test message is the admin center's Validate button.
    json connector_wanted = {{"ConnectorType", "Partner"}, {"SmartHosts", {r.smart_host}}, {"UseMXRecord", false},
                             {"IsTransportRuleScoped", true}};
    std::string connector_note = "validate it in the Exchange admin center with a Google mailbox";
    if (!r.test_address.empty()) {
        connector_wanted["ValidationRecipients"] = json::array({r.test_address});
        connector_note += " (" + r.test_address + ", kept as its validation recipient)";
    }
    pl.ensure("OutboundConnector", connectors, r.connector_name, connector_wanted, "New-OutboundConnector", "Set-OutboundConnector",
              "Comment", {}, connector_note);

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
        const std::size_t pending = pl.pending();
        *status = {{"mode", r.mode},
                   {"domain", r.domain},
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
                   {"manualSteps", detail::manual_status(r)},
                   {"pendingSteps", pending}};
    }
    say("Done", 100);
    return pl.take();
}

}  // namespace mailint::teams_routing
