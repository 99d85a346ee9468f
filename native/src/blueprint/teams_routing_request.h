#pragma once
// Set-TeamsEssentialsRouting's request (seeds T1–T10, Google Workspace mode): Teams Essentials
// joined to a mail system that stays at Google. Parsed without reading anything; every finding is
// collected and names its parameter.
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"

namespace mailint::teams_routing {

inline constexpr const char *kScenario = "teams-routing";

// Said in the Comments of every object the module makes, so that undoing removes only those.
inline constexpr const char *kMarker = "Made by MailIntegration (Set-TeamsEssentialsRouting)";

struct request {
    std::string mode = "GoogleWorkspace";
    std::string domain;             // the domain whose mail stays at Google: contoso.com
    std::string forwarding_domain;  // the alias subdomain Google receives Microsoft 365's copies on (T4, T6)
    std::string smart_host = "aspmx.l.google.com";  // T5
    std::string test_address;       // a Google mailbox for the connector's validation (T5); may be empty
    std::string connector_name = "To Google Workspace";
    bool disable_outlook_on_the_web = true;  // T8
    bool delete_external_mail = true;        // T10
    std::set<std::string> manual_done;       // T4 checklist items the administrator has done
    std::string state_directory;             // where the undo record goes; empty: the user's state folder
};

// Remove-TeamsEssentialsRouting's: DomainName (the same domain), StateDirectory.
struct removal_request {
    std::string domain;
    std::string state_directory;
};

// The T4 checklist items, in the document's order.
inline constexpr const char *kManualSteps[] = {"google.dual-delivery-route", "google.routing-rule",
                                               "google.alias-subdomain", "google.spam-bypass"};

// Parameters: Mode (GoogleWorkspace), DomainName, ForwardingDomain (a subdomain of DomainName),
// SmartHost, TestAddress, ConnectorName, DisableOutlookOnTheWeb, DeleteExternalMail,
// ManualStepsDone (ids above). Findings: validation.domain.*, teams.forwarding_domain.not_under_domain,
// teams.smart_host.malformed, teams.test_address.malformed, teams.connector_name.invalid,
// teams.mode.unknown, teams.manual_step.unknown, teams.parameter.invalid.
diagnostics parse_request(const nlohmann::json &parameters, request &out);
diagnostics parse_removal_request(const nlohmann::json &parameters, removal_request &out);

}  // namespace mailint::teams_routing
