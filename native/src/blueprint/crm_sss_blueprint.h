#pragma once
// Set-CrmServerSideSync's plan (seeds C1–C9): Dynamics 365 (on-premises) and Exchange Online joined
// by server-to-server authentication, then email through server-side synchronization. Read once —
// the deployment through the host session (Get-CrmOrganization, Get-CrmCertificate,
// Get-CrmAdvancedSetting), the tenant and the Dynamics principal through Graph, the profile, the
// organization row and one paged listing of the mailboxes through Dataverse — and only what
// differs becomes a step. Each step depends on the one before it: the document runs them strictly
// in order, and a failed one must be fixed before the next (C2).
//
//   C2  check   IFD URL answers (a read when the plan is built)
//   C3  update  CrmCertificate S2STokenIssuer     CertificateReconfiguration.ps1 …   [host-session]
//   C4  update  ServicePrincipalKey   keyCredentials + the certificate, existing keys kept  [graph]
//   C4  update  ServicePrincipal      servicePrincipalNames + 00000007-…                     [graph]
//   C4  update  CrmSetting ServerSettings S2SDefaultAuthorizationServer{PrincipalId,MetadataUrl},
//               Organization S2STenantId      Set-CrmAdvancedSetting                [host-session]
//   C5  create  EmailServerProfile "Exchange Online (Hybrid)" (or update what differs)  [dataverse]
//   C6  update  Organization  default profile, delivery methods, server-side sync, approval
//   C7  update  CrmMailbox ×N  profile + incoming 2, outgoing 2, ACT 1
//   C8  update  CrmMailbox ×N  emailrouteraccessapproval 1
//   C9  check   CrmMailbox ×N  Test & Enable, polled; one result per mailbox
#include <functional>
#include <optional>
#include <string>

#include "blueprint/crm_sss_request.h"
#include "dataverse/dataverse_client.h"
#include "graph/graph_client.h"
#include "plan/plan.h"
#include "plan/planner.h"
#include "transport/host_session.h"

namespace mailint::crm_sss {

// Returns why `url` gives no HTTP answer, or "" when it answers (any status).
using reachability_fn = std::function<std::string(const std::string &url)>;

// `deployment` runs the Dynamics 365 cmdlets (the caller's session on the deployment server);
// `crm` may be null when r.needs_dataverse() is false. Throws crm.organization.not_found,
// crm.service_principal.missing, crm.ifd.unreachable, crm.profile.missing, crm.mailbox.not_found
// (failed_precondition), and the services' errors of the reads.
plan build_plan(const request &r, host_session &deployment, graph::graph_client &graph, dataverse::dataverse_client *crm,
                const progress_fn &progress, const reachability_fn &reachable = {});

// The "$secret" reference the host session turns into text for one parameter only: the document
// runs CertificateReconfiguration.ps1 with -password as plain text.
nlohmann::json plain_text_secret(const std::string &name);

}  // namespace mailint::crm_sss
