// Set-/Test-TeamsEssentialsRouting -Mode ExchangeHybrid (seed T12): mailboxes stay on Exchange
// on-premises in a hybrid deployment, and Teams reaches their calendars through Exchange Online.
// The document gives links only; what Exchange Online shows of the hybrid set-up is checked here,
// and nothing is written (the Hybrid Configuration Wizard makes these objects, not this module):
//
//   noop|manual   hybrid.oauth  an enabled IntraOrganizationConnector whose TargetAddressDomains
//                 hold the domain (OAuth between the two organizations, which Teams relies on)
//   noop|manual   hybrid.organization-relationship  an enabled OrganizationRelationship for the
//                 domain with free/busy access
//                 (both checks: they stay manual until Exchange Online shows the objects)
//   manual        hybrid.teams-calendar-onprem, hybrid.teams-rooms  the documents' links (a checklist:
//                 -ManualStepDone marks them done)
#include <algorithm>

#include "blueprint/teams_routing_planner.h"
#include "core/error.h"
#include "exchange_online/exo_values.h"

namespace mailint::teams_routing::detail {

namespace {

using nlohmann::json;

using exchange_online::flag_of, exchange_online::lower, exchange_online::text_of;

bool lists(const json &object, const char *member, const std::string &domain) {
    auto it = object.find(member);
    if (it == object.end() || !it->is_array()) return false;
    return std::any_of(it->begin(), it->end(), [&](const json &v) { return v.is_string() && lower(v.get<std::string>()) == domain; });
}

}  // namespace

plan build_hybrid_plan(const request &r, exchange_online::exo_client &client, const progress_fn &progress, json *status) {
    planner pl(client, nullptr);
    if (progress) progress("Planning", "Reading the hybrid configuration", 0);
    const auto domains = pl.read("Get-AcceptedDomain");
    if (std::none_of(domains.begin(), domains.end(), [&](const json &d) { return lower(text_of(d, "DomainName")) == r.domain; }))
        throw error(errc::failed_precondition, "teams.domain.not_accepted",
                    "'" + r.domain + "' is not an accepted domain of the tenant: in a hybrid deployment the Hybrid Configuration "
                    "Wizard adds the on-premises domain (https://aka.ms/HybridWizard); run it, then this again.");
    const auto connectors = pl.read("Get-IntraOrganizationConnector");
    const auto relationships = pl.read("Get-OrganizationRelationship");

    const json *oauth = nullptr;
    for (const auto &c : connectors)
        if (flag_of(c, "Enabled", false) && lists(c, "TargetAddressDomains", r.domain)) oauth = &c;
    if (oauth)
        pl.add("noop", "IntraOrganizationConnector", text_of(*oauth, "Name"),
               "OAuth to the on-premises organization is configured for " + r.domain + " (discovery endpoint " +
                   text_of(*oauth, "DiscoveryEndpoint") + ")",
               "", std::nullopt);
    else  // a check, not a checklist item: it stays until Exchange Online shows the connector
        pl.add("manual", "HybridPrerequisite", "hybrid.oauth",
                  "No enabled IntraOrganizationConnector targets " + r.domain +
                      ": run the Hybrid Configuration Wizard (https://aka.ms/HybridWizard) so it configures OAuth between Exchange "
                      "Online and Exchange on-premises (Exchange 2016 CU3 or later, Autodiscover and EWS published to the internet)",
               "", std::nullopt);

    const json *sharing = nullptr;
    for (const auto &o : relationships)
        if (flag_of(o, "Enabled", false) && flag_of(o, "FreeBusyAccessEnabled", false) && lists(o, "DomainNames", r.domain)) sharing = &o;
    if (sharing)
        pl.add("noop", "OrganizationRelationship", text_of(*sharing, "Name"),
               "Free/busy is shared with " + r.domain + " (" + text_of(*sharing, "FreeBusyAccessLevel") + ")", "", std::nullopt);
    else
        pl.add("manual", "HybridPrerequisite", "hybrid.organization-relationship",
                  "No enabled organization relationship shares free/busy with " + r.domain +
                      ": the Hybrid Configuration Wizard creates it; check it with Get-OrganizationRelationship (Enabled, "
                      "FreeBusyAccessEnabled, DomainNames)",
               "", std::nullopt);

    pl.manual(r, "hybrid.teams-calendar-onprem",
              "Teams calendar access for on-premises mailboxes: follow \"Configuring Teams calendar access for Exchange on-premises "
              "mailboxes\" (Microsoft Tech Community) and https://learn.microsoft.com/microsoftteams/exchange-teams-interact");
    pl.manual(r, "hybrid.teams-rooms",
              "Teams Rooms with on-premises Exchange: https://learn.microsoft.com/microsoftteams/rooms/with-exchange-on-premises");

    if (status) {
        *status = {{"mode", r.mode},
                   {"domain", r.domain},
                   {"intraOrganizationConnector",
                    oauth ? json{{"name", text_of(*oauth, "Name")}, {"discoveryEndpoint", text_of(*oauth, "DiscoveryEndpoint")}}
                          : json(nullptr)},
                   {"organizationRelationship",
                    sharing ? json{{"name", text_of(*sharing, "Name")}, {"freeBusyAccessLevel", text_of(*sharing, "FreeBusyAccessLevel")}}
                            : json(nullptr)},
                   {"manualSteps", manual_status(r)},
                   {"pendingSteps", pl.pending()}};
    }
    if (progress) progress("Planning", "Done", 100);
    return pl.take();
}

}  // namespace mailint::teams_routing::detail
