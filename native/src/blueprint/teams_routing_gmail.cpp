// Set-TeamsEssentialsRouting -Mode Gmail (seed T11): Teams Essentials for people whose mail is a
// consumer Gmail account, with no domain of their own. Microsoft 365 keeps a mailbox per user;
// Gmail fetches its mail by POP so Teams' notifications and invitations reach the Gmail inbox.
//
//   T3   create/update  User ×N  from the CSV, with the Teams Essentials licence          [graph]
//   T11  update  SecurityDefaults  isEnabled false — they block POP sign-ins; risk high   [graph]
//   T11  manual  entra.mfa  MFA for every user once security defaults are off
//   T11  noop|manual  entra.conditional-access-pop  enabled policies that would block POP, by name
//   T11  update  CASMailbox ×N  Set-CASMailbox -PopEnabled $true (only those with POP off)
//   T11  noop|manual  m365.custom-domain-dkim  with -DomainName: the domain accepted and DKIM on
//   T11  manual  gmail.pop-fetch  Gmail's "Check mail from other accounts", values filled in
//   T11  manual  gmail.teams-calendar-addon  the Teams meeting add-on for Google Calendar
#include <map>

#include "blueprint/teams_routing_planner.h"
#include "core/error.h"
#include "exchange_online/exo_values.h"
#include "graph/identity_policies.h"
#include "graph/graph_bulk_session.h"

namespace mailint::teams_routing::detail {

namespace {

using nlohmann::json;

using exchange_online::flag_of, exchange_online::lower, exchange_online::text_of;

constexpr const char *kSecurityDefaults = "identitySecurityDefaultsEnforcementPolicy";

}  // namespace

plan build_gmail_plan(const request &r, exchange_online::exo_client &client, graph::graph_client *graph,
                      const progress_fn &progress, undo_record *undo, json *status) {
    if (!graph) throw error(errc::internal, "teams.users.no_graph", "Gmail mode needs the Graph transport.");
    if (undo) {
        undo->mode = r.mode;
        undo->domain = r.domain;
    }
    planner pl(client, undo);
    const auto say = [&](const std::string &what, int percent) {
        if (progress) progress("Planning", what, percent);
    };

    say("Reading the accepted domains and the user mailboxes", 0);
    const auto domains = pl.read("Get-AcceptedDomain");
    const json *domain = nullptr;
    for (const auto &d : domains)
        if (!r.domain.empty() && lower(text_of(d, "DomainName")) == r.domain) domain = &d;
    if (!r.domain.empty() && !domain)
        throw error(errc::failed_precondition, "teams.domain.not_accepted",
                    "'" + r.domain + "' is not an accepted domain of the tenant: add and verify it first (Add-M365Domain -DomainName " +
                        r.domain + "), or leave -DomainName out to keep the onmicrosoft.com addresses.");
    const auto mailboxes = pl.read("Get-Mailbox", {{"ResultSize", "Unlimited"}, {"RecipientTypeDetails", {"UserMailbox"}}});
    std::vector<json> cas;
    if (r.enable_pop) cas = pl.read("Get-CASMailbox", {{"ResultSize", "Unlimited"}});

    if (!r.users.empty()) plan_users(pl, r, *graph, progress);

    // Identity protection, in the document's order: security defaults, MFA, conditional access.
    say("Reading security defaults and conditional access", 40);
    const bool defaults_on = graph::security_defaults_enabled(*graph);
    pl.value().reads.push_back({"graph", "Get-MgPolicyIdentitySecurityDefaultEnforcementPolicy", 1});
    if (defaults_on) {
        auto &s = pl.add("update", "SecurityDefaults", kSecurityDefaults, "Turn Microsoft Entra security defaults off",
                         "Update isEnabled", host_command{graph::kSecurityDefaultsCommand, {{"IsEnabled", false}}});
        s.transport = "graph";
        s.risk = "high";
        s.changes.push_back({"isEnabled", true, false});
        s.notes.push_back("security defaults refuse POP, the legacy sign-in Gmail fetches mail with; give every user a strong, "
                          "unique password and MFA (entra.mfa)");
        pl.changed("SecurityDefaults", kSecurityDefaults, "isEnabled", true, false, s.id);
    } else {
        pl.add("noop", "SecurityDefaults", kSecurityDefaults, "Security defaults are off", "", std::nullopt);
    }
    pl.manual(r, "entra.mfa",
              "Require multifactor authentication for every user now that security defaults are off: Microsoft Entra admin "
              "center > Users > Per-user multifactor authentication (or a conditional access policy requiring MFA, with "
              "Microsoft Entra ID P1), and have each user register at https://aka.ms/mfasetup");

    std::optional<std::vector<std::string>> blocking;  // nullopt: the policies could not be read
    std::string unreadable;
    try {
        const auto policies = graph::list_conditional_access_policies(*graph);
        pl.value().reads.push_back({"graph", "Get-MgIdentityConditionalAccessPolicy", policies.size()});
        blocking.emplace();
        for (const auto &p : policies)
            if (auto why = graph::blocks_pop(p)) blocking->push_back("'" + text_of(p, "displayName") + "' (" + *why + ")");
    } catch (const error &e) {
        if (e.code() == errc::cancelled) throw;
        unreadable = e.id() + ": " + e.what();
    }
    const std::string ca_id = "entra.conditional-access-pop";
    if (blocking && blocking->empty()) {
        pl.add("noop", "ManualStep", ca_id, "No enabled conditional access policy blocks POP", "", std::nullopt);
    } else if (blocking) {
        std::string names;
        for (const auto &b : *blocking) names += (names.empty() ? "" : ", ") + b;
        pl.manual(r, ca_id,
                  "Conditional access would stop Gmail's POP sign-ins: " + names +
                      ". In the Microsoft Entra admin center, exclude the users who fetch with Gmail (a group of them) from each of "
                      "these policies; leave the policy itself in place for everyone else");
    } else {
        pl.manual(r, ca_id,
                  "The conditional access policies could not be read (" + unreadable +
                      "): if the tenant uses conditional access, exclude the users who fetch with Gmail from every policy that "
                      "blocks other clients or requires MFA for Exchange Online");
    }

    // POP on for every user mailbox: only those with it off.
    std::size_t pop_on = 0;
    if (r.enable_pop) {
        std::map<std::string, bool> users;
        for (const auto &m : mailboxes) users[lower(text_of(m, "Identity"))] = true;
        json pop = json::array();
        for (const auto &c : cas) {
            if (!users.count(lower(text_of(c, "Identity")))) continue;
            if (flag_of(c, "PopEnabled", true)) ++pop_on;
            else pop.push_back({{"Identity", text_of(c, "Identity")}, {"PopEnabled", true}});
        }
        if (!pop.empty()) {
            const auto n = pop.size();
            json items = pop;
            auto &s = pl.add("update", "CASMailbox", std::to_string(n) + " user mailboxes",
                             "Turn POP on for " + std::to_string(n) + " user mailboxes", "Set PopEnabled on " + std::to_string(n) + " mailboxes",
                             host_command{"Set-CASMailbox", {{"$batch", std::move(pop)}}});
            s.changes.push_back({"PopEnabled", false, true});
            if (pop_on) s.notes.push_back(std::to_string(pop_on) + " mailboxes have POP on already");
            const std::string step = s.id;
            for (const auto &i : items) pl.changed("CASMailbox", i.at("Identity"), "PopEnabled", false, true, step);
        } else {
            pl.add("noop", "CASMailbox", std::to_string(mailboxes.size()) + " user mailboxes", "POP is on for every user mailbox", "",
                   std::nullopt);
        }
    }

    // The optional custom domain: verified (Add-M365Domain), SPF and DKIM for Microsoft 365.
    std::optional<bool> dkim;
    if (domain) {
        const auto configs = pl.read("Get-DkimSigningConfig");
        dkim = false;
        for (const auto &c : configs)
            if (lower(text_of(c, "Domain")) == r.domain || lower(text_of(c, "Name")) == r.domain) dkim = flag_of(c, "Enabled", false);
        if (*dkim)
            pl.add("noop", "ManualStep", "m365.custom-domain-dkim", "'" + r.domain + "' is accepted and signs with DKIM", "", std::nullopt);
        else
            pl.manual(r, "m365.custom-domain-dkim",
                      "Publish the records of '" + r.domain + "' (Get-MailDnsRecord -Scenario M365 -DomainName " + r.domain +
                          ": MX, SPF with include:spf.protection.outlook.com) and turn DKIM signing on (Enable-M365DkimSigning "
                          "-DomainName " + r.domain + "), then allow Gmail to send as it (optional)");
    }

    // Gmail's side has no API for a consumer account: the steps with this tenant's values.
    std::string example = mailboxes.empty() ? std::string("<user>@<tenant>.onmicrosoft.com") : text_of(mailboxes.front(), "UserPrincipalName");
    if (example.empty() && !mailboxes.empty()) example = text_of(mailboxes.front(), "PrimarySmtpAddress");
    pl.manual(r, "gmail.pop-fetch",
              "In each user's Gmail: Settings > See all settings > Accounts and Import > Check mail from other accounts > Add a "
              "mail account: the user's Microsoft 365 address (e.g. " + example + "), Import emails from my other account (POP3), "
              "username the same address, POP server outlook.office365.com, port 995, Always use a secure connection (SSL) when "
              "retrieving mail (" + std::to_string(mailboxes.size()) + " user mailboxes)");
    pl.manual(r, "gmail.teams-calendar-addon",
              "In Google Calendar, install the Microsoft Teams meeting add-on from the Google Workspace Marketplace and sign in with "
              "the user's Microsoft 365 account, so Teams meetings are scheduled and joined from Google Calendar");

    if (status) {
        json ca = json(nullptr);
        if (blocking) ca = *blocking;
        *status = {{"mode", r.mode},
                   {"domain", r.domain.empty() ? json(nullptr) : json(r.domain)},
                   {"securityDefaultsEnabled", defaults_on},
                   {"conditionalAccessBlockingPop", ca},
                   {"userMailboxes", mailboxes.size()},
                   {"popEnabled", pop_on},
                   {"dkimEnabled", dkim ? json(*dkim) : json(nullptr)},
                   {"manualSteps", manual_status(r)},
                   {"pendingSteps", pl.pending()}};
    }
    say("Done", 100);
    return pl.take();
}

}  // namespace mailint::teams_routing::detail
