#include "router.h"

#include "entra/directory.h"
#include "exchange/invoke_command.h"
#include "exchange/process_runs.h"
#include "exchange/seed.h"
#include "exchange_online/seed.h"
#include "active_directory/invoke_command.h"
#include "crm_deployment/deployment_state.h"
#include "crm_deployment/invoke_command.h"
#include "dataverse/org_state.h"
#include "graph/control.h"
#include "graph/tenant_state.h"
#include "util/text.h"

#include <stdexcept>

namespace emulator {
namespace {

http_response_data json_response(int status, const json& body) { return {status, dump_json(body), {}}; }

http_response_data route_error(int status, std::string_view code, const std::string& message)
{
    return json_response(status, json{{"error", {{"code", code}, {"message", message}}}});
}

bool is(const http_request_data& request, std::string_view method, std::initializer_list<std::string_view> path)
{
    if (request.method != method || request.segments.size() != path.size())
        return false;
    auto segment = request.segments.begin();
    for (const auto part : path)
        if (*segment++ != part)
            return false;
    return true;
}

} // namespace

http_response_data router::handle(const http_request_data& request)
{
    if (!request.segments.empty() && request.segments[0] == "control")
        return control(request);
    if (request.segments.size() == 3 && request.segments[0] == "exchange-onprem" &&
        iequals(request.segments[2], "InvokeCommand")) {
        if (request.method == "POST")
            return exchange_onprem(request);
        auto response = route_error(405, "MethodNotAllowed", "InvokeCommand takes POST.");
        store_.record({request.method, request.path, std::nullopt, nullptr, false, response.status});
        return response;
    }
    if (request.segments.size() == 3 && request.segments[0] == "exchange-onprem" && request.segments[2] == "process-runs" &&
        request.method == "POST") {
        return invoke_cmdlet(request, [&](json& state) {
            return exchange::run_process(state["exchangeOnPrem"], request.segments[1], request.body);
        });
    }
    if (request.segments.size() == 3 && request.segments[0] == "exchange-onprem" && iequals(request.segments[2], "owa") &&
        request.method == "GET") {
        const int status = store_.with_state([&](json& state) { return exchange::owa_status(state["exchangeOnPrem"], request.segments[1]); });
        return {status, status == 200 ? "<html><title>Outlook</title></html>" : "Service Unavailable", {{"Content-Type", "text/html"}}};
    }
    if (request.segments.size() == 2 && (request.segments[0] == "crm-deployment" || request.segments[0] == "active-directory") &&
        iequals(request.segments[1], "InvokeCommand")) {
        if (request.method == "POST")
            return crm_deployment(request);
        auto response = route_error(405, "MethodNotAllowed", "InvokeCommand takes POST.");
        store_.record({request.method, request.path, std::nullopt, nullptr, false, response.status});
        return response;
    }
    if (auto exchange_online_response = exchange_online_.handle(request))
        return *exchange_online_response;
    if (graph::service::handles(request))
        return graph_.handle(request);
    if (dataverse::service::handles(request))
        return dataverse_.handle(request);
    if (auto entra_response = entra_.handle(request))
        return *entra_response;
    auto response = route_error(404, "NotFound", "No such endpoint: " + request.path);
    store_.record({request.method, request.path, std::nullopt, nullptr, false, response.status});
    return response;
}

http_response_data router::control(const http_request_data& request)
{
    if (is(request, "GET", {"control", "state"}))
        return json_response(200, entra::public_view(store_.state()));
    if (auto entra_response = entra_.control(request))
        return *entra_response;
    if (auto graph_response = graph::control(store_, request))
        return *graph_response;
    if (auto dataverse_response = dataverse_.control(request))
        return *dataverse_response;
    if (auto exchange_online_response = exchange_online_.control(request))
        return *exchange_online_response;
    if (is(request, "GET", {"control", "requests"}))
        return json_response(200, store_.requests());
    if (is(request, "GET", {"control", "counters"}))
        return json_response(200, store_.counters());
    if (is(request, "POST", {"control", "reset"})) {
        store_.reset();
        entra_.reset();
        exchange_online_.reset();
        dataverse_.reset();
        return json_response(200, json{{"reset", true}});
    }
    if (is(request, "POST", {"control", "counters", "reset"})) {
        store_.clear_log_and_counters();
        return json_response(200, json{{"reset", true}});
    }
    if (is(request, "POST", {"control", "seed"})) {
        json document = json::parse(request.body, nullptr, false);
        if (document.is_discarded())
            return route_error(400, "BadRequest", "The body is not JSON.");
        try {
            json state = exchange::normalize_state(std::move(document));
            entra::normalize_section(state);
            graph::normalize_section(state);
            exchange_online::normalize_section(state);
            dataverse::normalize_section(state);
            crm_deployment::normalize_section(state);
            active_directory::normalize_section(state);
            store_.replace(std::move(state));
            entra_.reset();
            exchange_online_.reset();
            dataverse_.reset();
        } catch (const std::invalid_argument& error) {
            return route_error(400, "BadRequest", std::string("The body is not a state document: ") + error.what());
        }
        return json_response(200, json{{"seeded", true}});
    }
    return route_error(404, "NotFound", "No such control endpoint: " + request.method + " " + request.path);
}

// Every InvokeCommand-shaped personality (on-premises Exchange, the Dynamics 365 deployment, Active
// Directory): run under the state lock, logged in order, the exception class as a header.
http_response_data router::invoke_cmdlet(const http_request_data& request,
                                         const std::function<exchange::invoke_outcome(json& state)>& run)
{
    auto outcome = store_.with_state([&](json& state) {
        auto result = run(state);
        store_.record_locked({request.method, request.path,
                              result.cmdlet.empty() ? std::nullopt : std::optional<std::string>(result.cmdlet),
                              std::move(result.logged_parameters), result.write, result.status});
        return result;
    });
    http_response_data response = json_response(outcome.status, outcome.body);
    if (!outcome.exception_type.empty())
        response.headers.emplace_back("x-ExceptionType", outcome.exception_type);
    return response;
}

http_response_data router::exchange_onprem(const http_request_data& request)
{
    return invoke_cmdlet(request, [&](json& state) {
        return exchange::invoke_command(state["exchangeOnPrem"], request.segments[1], request.body);
    });
}

// The Dynamics 365 deployment's PowerShell and the domain's ActiveDirectory module.
http_response_data router::crm_deployment(const http_request_data& request)
{
    return invoke_cmdlet(request, [&](json& state) {
        return request.segments[0] == "active-directory" ? active_directory::invoke_command(state["activeDirectory"], request.body)
                                                         : crm_deployment::invoke_command(state["crmDeployment"], request.body);
    });
}

} // namespace emulator
