#pragma once
// The Dynamics 365 (on-premises) deployment that server-side synchronization with Exchange Online
// needs (wire-apis.md §4.5): what CertificateReconfiguration.ps1 and Set-CrmAdvancedSetting write
// into the configuration database, not the Dataverse Web API. State "crmDeployment":
//   {"organizations":[{"Id","UniqueName","FriendlyName","State","S2STenantId"}],
//    "serverSettings":{"S2SDefaultAuthorizationServerPrincipalId","S2SDefaultAuthorizationServerMetadataUrl"},
//    "certificates":[{"Id","CertificateType","Name","Data","StoreName","StoreLocation","StoreFindType","ExpirationDate"}],
//    "certificateStore":[{"Thumbprint","Subject","NotAfter","HasPrivateKey","PrivateKeyReaders":[…]}]}
#include "util/json.h"

#include <optional>
#include <string>

namespace emulator::crm_deployment {

// Missing members filled in empty; throws std::invalid_argument for a wrong shape.
void normalize_section(json& state);

// For the Dataverse personality's Test & Enable: whether the deployment that hosts Dataverse
// organization `org` (by UniqueName, without case) can authenticate to Exchange Online in
// `tenant_id` server to server. nullopt when the deployment does not model that organization (a
// Dataverse online organization: nothing to check); otherwise "" when it can, or the reason it
// cannot, which starts with "Authentication failed." as the document's error does.
std::optional<std::string> s2s_failure(const json& state, const std::string& tenant_id, const std::string& org);

} // namespace emulator::crm_deployment
