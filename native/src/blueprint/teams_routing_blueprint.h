#pragma once
// Set-TeamsEssentialsRouting's plan. r.mode picks: Gmail (T11, teams_routing_gmail.cpp),
// ExchangeHybrid (T12, checks and links only, teams_routing_hybrid.cpp), or the Google Workspace
// mode described here (seeds T1, T3–T10; T2 is
// Add-M365Domain, Get-/Test-/Publish-MailDnsRecord and Enable-M365DkimSigning). Everything is read
// once (the organization, the accepted domains, the outbound spam policy, the connectors, the
// transport rules, one paged listing of the user mailboxes and one of their CAS mailboxes), compared
// here, and only what differs becomes a step; the per-mailbox changes are one bulk step each, run
// concurrently within the connection's pacing. In the document's order:
//
//   T3  create  User ×N  New-MgUser (from the CSV; those not in the tenant)       [graph]
//   T3  update  User ×N  Set-MgUserLicense -AddLicenses Teams Essentials        [graph]
//   T1  update  OrganizationConfig  Enable-OrganizationCustomization          (dehydrated)
//   T1  update  HostedOutboundSpamFilterPolicy Default -AutoForwardingMode On
//   T4  manual  the Google admin console checklist, its values filled in (done ones: noop)
//   T5  create  OutboundConnector  New-OutboundConnector -ConnectorType Partner -SmartHosts …
//               -UseMXRecord $false -IsTransportRuleScoped $true   (or Set- for what differs)
//   T6  update  Mailbox ×N  Set-Mailbox -DeliverToMailboxAndForward $true -ForwardingSmtpAddress alias@sub
//   T7  create  TransportRule "Direct to Calendar", "Direct to Calendar triage action"
//   T8  update  CASMailbox ×N  Set-CASMailbox -OWAEnabled $false
//   T9  update  AcceptedDomain  -DomainType InternalRelay
//   T10 create  TransportRule "Delete all except Calendaring" — last, after the forwarding, risk high
#include <string>

#include "blueprint/teams_routing_request.h"
#include "blueprint/teams_routing_undo.h"
#include "exchange_online/exo_client.h"
#include "graph/graph_client.h"
#include "plan/plan.h"
#include "plan/planner.h"

namespace mailint::teams_routing {

// `tenant_id` is the directory (tenant) GUID, for the X-MS-Exchange-CrossTenant-id header of T4.
// Throws teams.domain.not_accepted (failed_precondition) when the domain is not an accepted domain
// (Add-M365Domain first), and the service's errors of the reads.
// `undo` (may be null) receives every change the plan makes, each with the value it replaces and
// its step, for Remove-TeamsEssentialsRouting. `status` (may be null) receives what was read, for
// Get-TeamsEssentialsRouting: {"domain","forwardingDomain","domainType","autoForwardingMode",
// "organizationCustomized","connector":{"name","smartHosts","isTransportRuleScoped","madeByModule"}|null,
// "rules":{"<name>":bool,…},"userMailboxes","forwarding","outlookOnTheWebOff","manualSteps":[{"id","done"}],
// "pendingSteps":N,"mode"} (Google Workspace; the other modes' status is described in their files).
// T3 (r.users) reads and writes through `graph`: the tenant's users in one paged listing and its
// subscriptions; throws teams.license.sku_not_found (failed_precondition) when the tenant has no
// subscription r.license_sku names.
plan build_plan(const request &r, exchange_online::exo_client &client, const std::string &tenant_id,
                const progress_fn &progress, undo_record *undo = nullptr, nlohmann::json *status = nullptr,
                graph::graph_client *graph = nullptr);

}  // namespace mailint::teams_routing
