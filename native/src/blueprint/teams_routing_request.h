#pragma once
// Set-TeamsEssentialsRouting's request: Teams Essentials joined to a mail system that stays where it
// is — Google Workspace with the organization's own domain (seeds T1–T10), a consumer Gmail account
// without one (T11), or Exchange on-premises in a hybrid deployment (T12). Parsed without reading
// anything; every finding is collected and names its parameter.
#include <set>
#include <vector>
#include <string>

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"

namespace mailint::teams_routing {

inline constexpr const char *kScenario = "teams-routing";

// Said in the Comments of every object the module makes, so that undoing removes only those.
inline constexpr const char *kMarker = "Made by MailIntegration (Set-TeamsEssentialsRouting)";

// One row of the users CSV (T3), checked.
struct teams_user {
    std::size_t line = 0;
    std::string upn;  // lower case
    std::string display_name;
    std::string usage_location;  // two letters, upper case; may be empty (the request's then)
    std::string given_name, surname;
};

inline constexpr const char *kModeGoogleWorkspace = "GoogleWorkspace";
inline constexpr const char *kModeGmail = "Gmail";
inline constexpr const char *kModeExchangeHybrid = "ExchangeHybrid";

struct request {
    std::string mode = kModeGoogleWorkspace;
    // GoogleWorkspace: the domain whose mail stays at Google (contoso.com). Gmail: the optional
    // custom domain (T11's last part); empty: the users keep their onmicrosoft.com addresses.
    // ExchangeHybrid: the on-premises organization's domain.
    std::string domain;
    std::string forwarding_domain;  // the alias subdomain Google receives Microsoft 365's copies on (T4, T6)
    std::string smart_host = "aspmx.l.google.com";  // T5
    std::string test_address;       // a Google mailbox for the connector's validation (T5); may be empty
    std::string connector_name = "To Google Workspace";
    bool disable_outlook_on_the_web = true;  // T8
    bool delete_external_mail = true;        // T10
    std::set<std::string> manual_done;       // T4 checklist items the administrator has done
    std::string state_directory;             // where the undo record goes; empty: the user's state folder
    // T3: users to have, each with a Teams Essentials licence.
    std::vector<teams_user> users;
    std::string license_sku = "Teams_Ess";  // skuPartNumber of Microsoft Teams Essentials
    std::string usage_location;             // for rows without one
    std::string password_secret;            // session secret with the new users' first password
    std::string results_path;               // the per-user results CSV (failures, with the reason)
    bool enable_pop = true;                 // Gmail (T11): POP on for every user mailbox, which Gmail fetches from
};

// Remove-TeamsEssentialsRouting's: Mode (GoogleWorkspace or Gmail), DomainName (the same domain;
// not needed for Gmail), StateDirectory.
struct removal_request {
    std::string mode = kModeGoogleWorkspace;
    std::string domain;
    std::string state_directory;
};

// The name the undo record is kept under: the domain in Google Workspace mode, "gmail" in Gmail
// mode (one consumer-Gmail set-up per tenant, with or without a custom domain).
std::string record_key(const std::string &mode, const std::string &domain);

// The checklist items of a mode, in the document's order: T4 (GoogleWorkspace); T11's identity
// protection, Gmail and Teams add-on steps (Gmail); T12's prerequisites and links (ExchangeHybrid).
const std::vector<std::string> &manual_steps(const std::string &mode);

// Parameters: UsersCsvPath (columns UserPrincipalName, DisplayName; optional UsageLocation,
// GivenName, Surname), LicenseSku, UsageLocation, InitialPassword ({"$secret":name}), ResultsPath
// (T3; findings teams.users_csv.*, teams.usage_location.invalid; not in ExchangeHybrid mode), and
// Mode (GoogleWorkspace, Gmail, ExchangeHybrid), DomainName, ForwardingDomain (a subdomain of
// DomainName), SmartHost, TestAddress, ConnectorName, DisableOutlookOnTheWeb, DeleteExternalMail
// (GoogleWorkspace only), EnablePop (Gmail only), ManualStepsDone (ids of manual_steps(mode)).
// Findings: validation.domain.*, teams.forwarding_domain.not_under_domain, teams.smart_host.malformed,
// teams.test_address.malformed, teams.connector_name.invalid, teams.mode.unknown,
// teams.manual_step.unknown, teams.parameter.invalid, teams.parameter.not_for_mode.
diagnostics parse_request(const nlohmann::json &parameters, request &out);
diagnostics parse_removal_request(const nlohmann::json &parameters, removal_request &out);

}  // namespace mailint::teams_routing
