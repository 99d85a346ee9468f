#include "blueprint/scenario.h"

#include "blueprint/crm_sss_request.h"
#include "blueprint/exchange_onprem_blueprint.h"
#include "blueprint/host_scenarios.h"
#include "blueprint/m365_accounts_import.h"
#include "blueprint/m365_accounts_request.h"
#include "blueprint/m365_device_wipe.h"
#include "blueprint/m365_dkim_request.h"
#include "blueprint/m365_group.h"
#include "blueprint/m365_mobile_request.h"
#include "blueprint/m365_domain_request.h"
#include "blueprint/teams_routing_removal.h"
#include "blueprint/teams_routing_request.h"
#include "blueprint/windows_dns_request.h"
#include "core/error.h"

namespace mailint {

namespace {

std::string scenario_of(const nlohmann::json &request) {
    auto it = request.find("scenario");
    if (it == request.end() || !it->is_string())
        throw error(errc::invalid_argument, "request.scenario.missing",
                    "The request names no scenario; set \"scenario\", e.g. \"exchange-onprem\".");
    auto s = it->get<std::string>();
    if (s != exchange_onprem::kScenario && s != m365_domain::kScenario && s != m365_dkim::kScenario &&
        s != windows_dns::kScenario && s != teams_routing::kScenario && s != teams_routing::kRemovalScenario &&
        s != crm_sss::kScenario && s != m365_accounts::kScenario &&
        s != m365_accounts::kSyncScenario && s != m365_accounts::kImportScenario && s != m365_mobile::kScenario &&
        s != m365_wipe::kScenario && s != m365_group::kScenario && !host_scenarios::knows(s)) {
        std::string known = "exchange-onprem, m365-domain, m365-dkim, windows-dns, teams-routing, teams-routing-remove, crm-sss, "
                            "m365-accounts, m365-accounts-sync, m365-accounts-import, m365-mobile-policy, m365-device-wipe, "
                            "m365-distribution-group";
        for (const auto name : host_scenarios::names()) known += ", " + std::string(name);
        throw error(errc::unsupported, "request.scenario.unknown", "Unknown scenario '" + s + "'; this library knows: " + known + ".");
    }
    return s;
}

}  // namespace

const nlohmann::json &request_parameters(const nlohmann::json &request) {
    if (!request.is_object())
        throw error(errc::invalid_argument, "request.malformed", "The request is not a JSON object.");
    auto v = request.find("schemaVersion");
    if (v == request.end() || !v->is_number_integer() || v->get<int>() != 1)
        throw error(errc::version, "request.schema_version",
                    "The request's schemaVersion is not 1; the caller and the library do not match.");
    auto p = request.find("parameters");
    if (p == request.end() || !p->is_object())
        throw error(errc::invalid_argument, "request.parameters.missing",
                    "The request has no \"parameters\" object.");
    return *p;
}

std::string scenario_name(const nlohmann::json &request) {
    request_parameters(request);
    return scenario_of(request);
}

diagnostics validate_request(const nlohmann::json &request, const secret_store &secrets) {
    const auto &parameters = request_parameters(request);
    const auto scenario = scenario_of(request);
    if (scenario == m365_domain::kScenario) {
        m365_domain::request parsed;
        return m365_domain::parse_request(parameters, parsed);
    }
    if (scenario == m365_dkim::kScenario) {
        m365_dkim::request parsed;
        return m365_dkim::parse_request(parameters, parsed);
    }
    if (scenario == windows_dns::kScenario) {
        windows_dns::request parsed;
        return windows_dns::parse_request(parameters, parsed);
    }
    if (scenario == teams_routing::kScenario) {
        teams_routing::request parsed;
        return teams_routing::parse_request(parameters, parsed);
    }
    if (scenario == teams_routing::kRemovalScenario) {
        teams_routing::removal_request parsed;
        return teams_routing::parse_removal_request(parameters, parsed);
    }
    if (scenario == m365_accounts::kScenario || scenario == m365_accounts::kSyncScenario) {
        m365_accounts::request parsed;
        return scenario == m365_accounts::kScenario ? m365_accounts::parse_request(parameters, parsed)
                                                    : m365_accounts::parse_sync_request(parameters, parsed);
    }
    if (scenario == m365_accounts::kImportScenario) {
        m365_accounts::import_request parsed;
        return m365_accounts::parse_import_request(parameters, parsed);
    }
    if (scenario == m365_group::kScenario) {
        m365_group::request parsed;
        return m365_group::parse_request(parameters, parsed);
    }
    if (scenario == m365_wipe::kScenario) {
        m365_wipe::request parsed;
        return m365_wipe::parse_request(parameters, parsed);
    }
    if (scenario == m365_mobile::kScenario) {
        m365_mobile::request parsed;
        return m365_mobile::parse_request(parameters, parsed);
    }
    if (scenario == crm_sss::kScenario) {
        crm_sss::request parsed;
        return crm_sss::parse_request(parameters, secrets, parsed);
    }
    if (host_scenarios::knows(scenario)) return host_scenarios::validate(scenario, parameters, secrets);
    exchange_onprem::request parsed;
    return exchange_onprem::parse_request(parameters, secrets, parsed);
}

planner_input prepare_request(const nlohmann::json &request, const secret_store &secrets) {
    const auto &parameters = request_parameters(request);
    if (scenario_of(request) != exchange_onprem::kScenario)
        throw error(errc::failed_precondition, "request.scenario.needs_connection",
                    "The " + request.at("scenario").get<std::string>() +
                        " scenario reads and changes Microsoft 365: build its plan with a connection "
                        "(Connect-MailIntegration, mailint_plan_build_connected).");
    exchange_onprem::request parsed;
    auto found = exchange_onprem::parse_request(parameters, secrets, parsed);
    if (found.has_errors()) {
        const auto *first = found.first_error();
        throw error(errc::invalid_argument, first->id, first->message,
                    {{"schemaVersion", 1}, {"diagnostics", found.to_json()}});
    }
    return exchange_onprem::expand(parsed, std::move(found));
}

}  // namespace mailint
