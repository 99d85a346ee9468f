#include "traffic/request_scope.h"

#include "traffic/token_claims.h"
#include "util/json.h"
#include "util/text.h"

namespace emulator::traffic {
namespace {

constexpr std::array<std::string_view, 5> names = {"exchangeOnline", "graph", "dataverse", "exchangeOnPrem", "entra"};

// InvokeCommand names its cmdlet in the body; Get-* and Test-* change nothing (as the request log's
// `write` says), everything else is a write. A body that names no cmdlet is a write: the service
// will refuse it, and a write's latency is the cautious guess.
void classify_invoke_command(const http_request_data& request, request_scope& scope)
{
    scope.kind = request_kind::write;
    const json body = json::parse(request.body, nullptr, false);
    if (body.is_discarded() || !body.is_object())
        return;
    const auto input = body.find("CmdletInput");
    if (input == body.end() || !input->is_object())
        return;
    const auto name = input->find("CmdletName");
    if (name == input->end() || !name->is_string())
        return;
    scope.cmdlet = name->get<std::string>();
    if (istarts_with(scope.cmdlet, "Get-") || istarts_with(scope.cmdlet, "Test-"))
        scope.kind = request_kind::read;
}

request_kind kind_by_method(const http_request_data& request)
{
    return request.method == "GET" || request.method == "HEAD" ? request_kind::read : request_kind::write;
}

// Graph and Dataverse name no tenant in the path: the token does (its `tid`).
void tenant_from_token(const http_request_data& request, request_scope& scope)
{
    scope.tenant = "unknown";
    const auto claims = unverified_bearer_claims(request);
    if (!claims)
        return;
    if (const auto tid = claims->find("tid"); tid != claims->end() && tid->is_string() && !tid->get<std::string>().empty())
        scope.tenant = to_lower(tid->get<std::string>());
    for (const char* claim : {"appid", "azp"})
        if (const auto app = claims->find(claim); scope.app_id.empty() && app != claims->end() && app->is_string())
            scope.app_id = to_lower(app->get<std::string>());
}

} // namespace

std::string_view service_name(service s) { return names[static_cast<std::size_t>(s)]; }

std::optional<service> service_from_name(std::string_view name)
{
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name)
            return static_cast<service>(i);
    return std::nullopt;
}

std::optional<request_scope> scope_of(const http_request_data& request)
{
    const auto& segments = request.segments;
    if (segments.empty() || segments[0] == "control")
        return std::nullopt;
    request_scope scope{service::entra, {}, kind_by_method(request), {}, {}};
    if (segments[0] == "adminapi" && segments.size() >= 3) {
        scope.service = service::exchange_online;
        scope.tenant = to_lower(segments[2]);
        if (request.method == "POST" && segments.size() == 4 && iequals(segments[3], "InvokeCommand"))
            classify_invoke_command(request, scope);
        return scope;
    }
    if (segments[0] == "exchange-onprem" && segments.size() >= 2) {
        scope.service = service::exchange_onprem;
        scope.tenant = segments[1];
        if (request.method == "POST" && segments.size() == 3 && iequals(segments[2], "InvokeCommand"))
            classify_invoke_command(request, scope);
        return scope;
    }
    if (segments[0] == "v1.0" || segments[0] == "beta") {
        scope.service = service::graph;
        tenant_from_token(request, scope);
        return scope;
    }
    if (segments[0] == "api" && segments.size() >= 2 && segments[1] == "data") {
        scope.service = service::dataverse;
        tenant_from_token(request, scope);
        return scope;
    }
    // login.microsoftonline.com: /{tenant}/oauth2/…, /{tenant}/discovery/…, /{tenant}/v2.0/.well-known/…
    if (segments.size() >= 2 && (segments[1] == "oauth2" || segments[1] == "discovery" || segments[1] == "v2.0")) {
        scope.service = service::entra;
        scope.tenant = to_lower(segments[0]);
        // Issuing a token changes no directory object; the token service's calls are all reads.
        scope.kind = request_kind::read;
        return scope;
    }
    return std::nullopt;
}

} // namespace emulator::traffic
