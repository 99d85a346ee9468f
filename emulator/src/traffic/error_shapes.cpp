#include "traffic/error_shapes.h"

#include "entra/token_error.h"
#include "exchange/envelope.h"
#include "util/json.h"

#include <chrono>
#include <cmath>
#include <ctime>

namespace emulator::traffic {
namespace {

// The class the Exchange admin API's own front end reports (wire-apis.md §1.7 innererror.type).
constexpr std::string_view odata_service_exception = "Microsoft.Exchange.Admin.OData.Core.ODataServiceException";
// Retried by the EXO module when details[0].message contains "DCOverloadedException" (§1.8); the
// class lives beside ADServerSettingsChangedException in Microsoft.Exchange.Data.Directory.
constexpr std::string_view dc_overloaded_exception = "Microsoft.Exchange.Data.Directory.DCOverloadedException";

std::string number_text(double value)
{
    return value == std::floor(value) ? std::to_string(static_cast<long long>(value)) : json(value).dump();
}

// Graph's innerError.date: "2025-02-13T10:17:06" (UTC, no zone letter, wire-apis.md §2.7).
std::string graph_date()
{
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
    return buffer;
}

http_response_data graph_error(int status, std::string_view code, std::string_view message,
                               const http_request_data& request)
{
    const std::string request_id = entra::random_guid();
    const auto client_id = request.headers.find("client-request-id");
    // Graph echoes the client's id and leaves it empty when there is none (graph/graph_error.h).
    const std::string client_request_id = client_id == request.headers.end() ? std::string() : client_id->second;
    json body = {{"error",
                  {{"code", code},
                   {"message", message},
                   {"innerError", {{"date", graph_date()}, {"request-id", request_id}, {"client-request-id", client_request_id}}}}}};
    http_response_data response{status, dump_json(body), {}};
    response.headers.emplace_back("request-id", request_id);
    if (!client_request_id.empty())
        response.headers.emplace_back("client-request-id", client_request_id);
    return response;
}

http_response_data dataverse_error(int status, std::string_view code, const std::string& message)
{
    return {status, dump_json(json{{"error", {{"code", code}, {"message", message}}}}), {}};
}

http_response_data exchange_error(int status, std::string_view exception_class, const std::string& message,
                                  std::string_view code_override = {})
{
    json body = exchange::error_envelope(status, exception_class, message);
    if (!code_override.empty())
        body["error"]["code"] = code_override;
    http_response_data response{status, dump_json(body), {}};
    response.headers.emplace_back("x-ExceptionType", exchange::short_class_name(exception_class));
    return response;
}

http_response_data exchange_throttled(const request_scope& scope, outcome reason, const service_profile& profile)
{
    std::string text;
    if (reason == outcome::concurrency_limit && scope.service == service::exchange_online)
        // The text a REST client met on this endpoint (service-limits.md §1.1 [S11], §9.2).
        text = "You have reached the maximum number of concurrent requests per tenant. Please wait and try again.";
    else if (reason == outcome::concurrency_limit)
        // On-premises the cap is per user (service-limits.md §2 [S23]: "This user is allowed a
        // maximum of 18 concurrent shells").
        text = "This user is allowed a maximum of " + std::to_string(profile.throttle.max_concurrent) +
               " concurrent shells, which has been exceeded. Please wait and try again.";
    else
        text = "The request was throttled because too many requests were sent for this tenant. Please wait for the "
               "time in Retry-After and try again.";
    return exchange_error(429, odata_service_exception, text);
}

http_response_data graph_throttled(const request_scope& scope, const http_request_data& request)
{
    auto response = graph_error(429, "TooManyRequests", "Too many requests. Please try again later.", request);
    // wire-apis.md §2.6: the scope names the app and tenant; the information names the budget.
    response.headers.emplace_back("x-ms-throttle-scope", "Tenant_Application/ReadWrite/" +
                                                             (scope.app_id.empty() ? "unknown" : scope.app_id) + "/" +
                                                             scope.tenant);
    response.headers.emplace_back("x-ms-throttle-information", scope.kind == request_kind::write
                                                                   ? "WriteLimitExceeded"
                                                                   : "ResourceUnitLimitExceeded");
    return response;
}

// service-limits.md §4 [D1]: 0x80072322 = -2147015902 (number of requests), 0x80072321 =
// -2147015903 (execution time), 0x80072326 = -2147015898 (concurrent requests). The messages are
// Dataverse's, with the profile's numbers in them.
http_response_data dataverse_throttled(outcome reason, const service_profile& profile)
{
    if (reason == outcome::rate_limit) {
        const double window = profile.throttle.burst / profile.throttle.rate_per_second;
        return dataverse_error(429, "0x80072322",
                               "Number of requests exceeded the limit of " + number_text(profile.throttle.burst) +
                                   " over time window of " + number_text(window) + " seconds.");
    }
    if (reason == outcome::concurrency_limit)
        return dataverse_error(429, "0x80072326",
                               "Number of concurrent requests exceeded the limit of " +
                                   std::to_string(profile.throttle.max_concurrent) + ".");
    // An injected 429 stands for the load the emulator does not model: execution time.
    return dataverse_error(429, "0x80072321",
                           "Combined execution time of incoming requests exceeded limit of 1,200,000 milliseconds over "
                           "time window of 300 seconds. Decrease number of concurrent requests or reduce the duration "
                           "of requests and try again later.");
}

} // namespace

http_response_data throttled_response(const request_scope& scope, outcome reason, const retry_after& wait,
                                      const service_profile& profile, const http_request_data& request)
{
    http_response_data response;
    switch (scope.service) {
    case service::exchange_online:
    case service::exchange_onprem: response = exchange_throttled(scope, reason, profile); break;
    case service::graph: response = graph_throttled(scope, request); break;
    case service::dataverse: response = dataverse_throttled(reason, profile); break;
    case service::entra:
        // AADSTS90055 TenantThrottlingError: "There are too many incoming requests."
        response = entra::error_response({429, "temporarily_unavailable", 90055,
                                          "TenantThrottlingError - There are too many incoming requests. Please "
                                          "wait and try again."});
        break;
    }
    response.headers.emplace_back("Retry-After", wait.header);
    response.headers.emplace_back("x-emulator-virtual-retry-after", wait.virtual_header);
    return response;
}

http_response_data fault_response(const request_scope& scope, outcome fault, const http_request_data& request)
{
    if (fault == outcome::connection_reset) {
        // Only the status line and headers reach the client before the connection closes; the body
        // is never sent, so its shape does not matter.
        http_response_data response{502, "", {}};
        response.drop_connection = true;
        return response;
    }
    const bool gateway = fault == outcome::http504;
    switch (scope.service) {
    case service::exchange_online:
    case service::exchange_onprem:
        if (fault == outcome::transient_exception)
            return exchange_error(500, dc_overloaded_exception,
                                  "The domain controller is overloaded and cannot serve the request now. Please try "
                                  "again later.");
        return gateway ? exchange_error(504, odata_service_exception,
                                        "The request timed out before the server could process it.", "GatewayTimeout")
                       : exchange_error(503, odata_service_exception,
                                        "The service is temporarily unavailable. Please try again later.");
    case service::graph:
        return gateway ? graph_error(504, "GatewayTimeout",
                                     "The gateway did not receive a timely response from the upstream service.", request)
                       : graph_error(503, "serviceNotAvailable",
                                     "The service is temporarily unavailable. You may repeat the request after a "
                                     "delay.",
                                     request);
    case service::dataverse:
        return dataverse_error(gateway ? 504 : 503, "0x80040216",
                               gateway ? "The request timed out before the server could process it."
                                       : "The service is temporarily unavailable. Try again later.");
    case service::entra:
        // AADSTS90033 MsodsServiceUnavailable, with OAuth's temporarily_unavailable.
        return entra::error_response({gateway ? 504 : 503, "temporarily_unavailable", 90033,
                                      "MsodsServiceUnavailable - The Microsoft Online Directory Service (MSODS) isn't "
                                      "available."});
    }
    return {500, "", {}};
}

} // namespace emulator::traffic
