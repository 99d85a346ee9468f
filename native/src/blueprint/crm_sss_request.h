#pragma once
// Set-/Test-CrmServerSideSync's request (seeds C1–C9): Dynamics 365 (on-premises) connected to
// Exchange Online by server-to-server authentication, the email server profile, the organization's
// defaults and the mailboxes. Parameters keep the names of ConfigureCrmServerSideSync.ps1 where it
// has them (OrganizationName, PfxFilePath, CerFilePath, PrivateKeyPassword, RootDomainName).
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"
#include "secret/secret_store.h"
#include "validate/pfx_certificate.h"

namespace mailint::crm_sss {

inline constexpr const char *kScenario = "crm-sss";
// The first-party application of Dynamics CRM in every tenant (wire-apis.md §4.2 step 4).
inline constexpr const char *kDynamicsAppId = "00000007-0000-0000-c000-000000000000";
// ACS's principal id, S2SDefaultAuthorizationServerPrincipalId (§4.2 step 6).
inline constexpr const char *kAcsPrincipalId = "00000001-0000-0000-c000-000000000000";
inline constexpr const char *kDefaultMetadataUrl = "https://accounts.accesscontrol.windows.net/metadata/json/1";
inline constexpr const char *kDefaultToolsPath = "C:\\Program Files\\Microsoft Dynamics CRM\\Tools";

// The document's sections, in its order; -Step picks some (the drop-in script runs Authentication).
inline constexpr const char *kStepCertificate = "Certificate";        // C3
inline constexpr const char *kStepAuthentication = "Authentication";  // C4
inline constexpr const char *kStepProfile = "Profile";                // C5
inline constexpr const char *kStepDefaults = "Defaults";              // C6
inline constexpr const char *kStepMailboxes = "Mailboxes";            // C7–C9
const std::vector<std::string> &all_steps();

struct request {
    std::string organization;       // OrganizationName: the Dynamics organization (and its Dataverse name)
    std::set<std::string> steps;    // of all_steps()
    // The S2S certificate (C1–C3).
    std::string pfx_path, cer_path;
    std::string password_secret;  // the secret's name; the password never enters the request
    bool allow_self_signed = false;
    std::optional<validate::certificate_info> certificate;
    std::string service_account;    // -serviceAccount of CertificateReconfiguration.ps1
    std::string tools_path = kDefaultToolsPath;
    std::string ifd_url;            // checked for an answer when given (C2)
    // C4.
    std::string root_domain;        // RootDomainName: adds "<appId>/*.<root>" as MSOnline did
    std::string metadata_url = kDefaultMetadataUrl;
    // C5: the email server profile.
    std::string profile_name = "Exchange Online (Hybrid)";
    std::string profile_description;
    std::string exchange_tenant_id;  // set: usedefaulttenantid false with this id (not recommended)
    bool autodiscover = true;
    std::string incoming_location, outgoing_location;  // with autodiscover off
    std::string process_emails_after;                  // ISO 8601 UTC, "" to leave the service's default
    std::optional<int> min_polling_minutes;
    bool move_undelivered = false;
    // C6.
    bool require_approval = true;
    // C7–C9: the mailboxes (email addresses, lower case) or every active one.
    std::vector<std::string> mailboxes;
    bool all_mailboxes = false;
    bool test_enable = true;
    int test_timeout_seconds = 900;  // C9 is asynchronous: minutes, says the document
    double poll_seconds = 5;
    std::string results_path;

    bool runs(const char *step) const { return steps.count(step) != 0; }
    bool needs_dataverse() const { return runs(kStepProfile) || runs(kStepDefaults) || runs(kStepMailboxes); }
};

// Every finding, nothing read from a service; the certificate files are read (C1/C2).
diagnostics parse_request(const nlohmann::json &parameters, const secret_store &secrets, request &out);

// The retirement notice every run shows (Microsoft's current page: no new tenants since October
// 2025, version 9 supported until April 2027), with what replaces it.
std::string retirement_notice();

}  // namespace mailint::crm_sss
