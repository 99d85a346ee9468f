#include "exchange_online/service.h"

#include "entra/bearer_check.h"
#include "entra/directory.h"
#include "entra/resources.h"
#include "exchange/cmdlet_error.h"
#include "exchange/envelope.h"
#include "exchange_online/invoke_command.h"
#include "exchange_online/mailbox_generator.h"
#include "exchange_online/seed.h"
#include "util/form_urlencoded.h"
#include "util/text.h"

#include <algorithm>
#include <stdexcept>

namespace emulator::exchange_online {
namespace {

constexpr std::size_t largest_page = 1000;  // the module's cap, and the service's default page

http_response_data response_of(int status, std::string body)
{
    http_response_data response;
    response.status = status;
    response.body = std::move(body);
    return response;
}

http_response_data json_response(int status, const json& body) { return response_of(status, dump_json(body)); }

http_response_data plain_error(int status, std::string_view code, const std::string& message)
{
    return json_response(status, json{{"error", {{"code", code}, {"message", message}}}});
}

// x-ms-diagnostics as Exchange writes it for OAuth failures: errorId;reason="…";error_category="…"
// (2000004 invalid_tenant, 2000008 invalid_grant; "EWS client instrumentation" in the Exchange docs).
std::string diagnostics(int id, const std::string& reason, std::string_view category)
{
    return std::to_string(id) + ";reason=\"" + reason + "\";error_category=\"" + std::string(category) + "\"";
}

// wire-apis.md §1.7: the service refuses a caller without the role, or a cmdlet no role grants, with
// a 403 whose body is a run of NUL bytes; only x-ms-diagnostics says why.
http_response_data forbidden(const std::string& reason)
{
    http_response_data response = response_of(403, std::string(32, '\0'));
    response.headers.emplace_back("x-ms-diagnostics", diagnostics(2000008, reason, "invalid_grant"));
    return response;
}

http_response_data envelope_error(int status, std::string_view exception_class, const std::string& message)
{
    http_response_data response = json_response(status, exchange::error_envelope(status, exception_class, message));
    response.headers.emplace_back("x-ExceptionType", exchange::short_class_name(exception_class));
    return response;
}

// Prefer: odata.maxpagesize=N, possibly among other preferences ("…;odata.continue-on-error").
// Values above the cap are lowered to it; a value that is not a positive number is ignored, as an
// OData service may ignore any preference.
std::optional<std::size_t> max_page_size(const http_request_data& request)
{
    const auto prefer = request.headers.find("prefer");
    if (prefer == request.headers.end())
        return std::nullopt;
    std::string text = prefer->second;
    std::replace(text.begin(), text.end(), ';', ',');
    for (const auto& part : split(text, ',')) {
        const auto equals = part.find('=');
        if (equals == std::string::npos || !iequals(trim(std::string_view(part).substr(0, equals)), "odata.maxpagesize"))
            continue;
        const std::string value(trim(std::string_view(part).substr(equals + 1)));
        if (value.empty() || value.size() > 9 || !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return std::nullopt;
        const std::size_t size = std::stoul(value);
        return size == 0 ? std::nullopt : std::optional<std::size_t>(std::min(size, largest_page));
    }
    return std::nullopt;
}

// The $skiptoken of a nextLink, nullopt on a first call. A query that does not even parse can only
// be a damaged link: it is handed on as the token, which then fails its check.
std::optional<std::string> skip_token_of(const http_request_data& request)
{
    if (request.query.empty())
        return std::nullopt;
    const auto query = parse_form_urlencoded(request.query);
    if (!query)
        return request.query;
    for (const auto& [name, value] : *query)
        if (iequals(name, "$skiptoken"))
            return value;
    return std::nullopt;
}

json& tenant_document(json& state, const std::string& tenant_id)
{
    if (!state.contains("exchangeOnline") || !state["exchangeOnline"].is_object())
        state["exchangeOnline"] = json::object();
    if (!state["exchangeOnline"].contains(tenant_id)) {
        json provisioned = provision_tenant(state, tenant_id);
        state["exchangeOnline"][tenant_id] = std::move(provisioned);
    }
    json& tenant = state["exchangeOnline"][tenant_id];
    sync_accepted_domains(tenant, state, tenant_id);
    return tenant;
}

request_record log_entry(const http_request_data& request, int status, std::optional<std::string> tenant_id)
{
    request_record record;
    record.method = request.method;
    record.path = request.path;
    record.parameters = nullptr;
    record.status = status;
    record.tenant = std::move(tenant_id);
    return record;
}

} // namespace

void service::reset()
{
    std::lock_guard lock(mutex_);
    settings_ = settings{};
    replication_.clear();
    indexes_.clear();
}

std::string service::base_of(const http_request_data& request)
{
    const auto host = request.headers.find("host");
    return "http://" + (host != request.headers.end() && !host->second.empty() ? host->second : std::string("127.0.0.1"));
}

std::optional<http_response_data> service::handle(const http_request_data& request)
{
    const auto& s = request.segments;
    if (s.size() != 4 || !iequals(s[0], "adminapi") || !iequals(s[1], "beta") || !iequals(s[3], "InvokeCommand"))
        return std::nullopt;
    if (request.method == "POST")
        return invoke(request, s[2]);
    auto response = plain_error(405, "MethodNotAllowed", "InvokeCommand takes POST.");
    response.headers.emplace_back("Allow", "POST");
    store_.record(log_entry(request, response.status, std::nullopt));
    return response;
}

http_response_data service::invoke(const http_request_data& request, const std::string& tenant_segment)
{
    settings config;
    {
        std::lock_guard lock(mutex_);
        config = settings_;
    }
    const std::string base = base_of(request);
    const auto tenant_id = store_.with_state([&](json& state) { return entra::resolve_tenant(state, tenant_segment); });
    if (!tenant_id) {
        auto response = envelope_error(404, exchange::exception_class::not_found,
                                       "The tenant '" + tenant_segment + "' couldn't be found.");
        store_.record(log_entry(request, response.status, std::nullopt));
        return response;
    }

    const entra::bearer_requirement need{std::string(entra::exchange_online_resource), {"Exchange.ManageAsApp"},
                                         {"AdminApi.AccessAsUser.All"}};
    auto auth = entra::authorize(key_, request, need, base);
    if (!auth.ok()) {
        auto response = auth.failure.status == 403
                            ? forbidden("The token grants neither the role Exchange.ManageAsApp nor the scope "
                                        "AdminApi.AccessAsUser.All on https://outlook.office365.com.")
                            : auth.failure;
        store_.record(log_entry(request, response.status, tenant_id));
        return response;
    }
    // A token is good for its own tenant only: another tenant's path is an authentication failure.
    if (!iequals(auth.claims->value("tid", ""), *tenant_id)) {
        const std::string description = "The token was issued for another tenant than '" + tenant_segment + "'.";
        auto response = plain_error(401, "InvalidAuthenticationToken", description);
        response.headers.emplace_back("WWW-Authenticate",
                                      "Bearer realm=\"\", authorization_uri=\"" + base +
                                          "/common/oauth2/authorize\", error=\"invalid_token\", error_description=\"" +
                                          description + "\"");
        response.headers.emplace_back("x-ms-diagnostics", diagnostics(2000004, description, "invalid_tenant"));
        store_.record(log_entry(request, response.status, tenant_id));
        return response;
    }

    const auto page_size = max_page_size(request);
    const auto skip_token = skip_token_of(request);
    auto outcome = store_.with_state([&](json& state) {
        std::lock_guard lock(mutex_);
        json& tenant = tenant_document(state, *tenant_id);
        tenant_runtime runtime{indexes_[*tenant_id], replication_, signer_, config, state};
        auto result = invoke_command(tenant, runtime,
                                     {*tenant_id, request.body, skip_token, page_size.value_or(largest_page), base});
        request_record record = log_entry(request, result.status, tenant_id);
        if (!result.cmdlet.empty())
            record.cmdlet = result.cmdlet;
        record.parameters = std::move(result.logged_parameters);
        record.write = result.write;
        store_.record_locked(std::move(record));
        return result;
    });
    if (!outcome.forbidden_reason.empty())
        return forbidden(outcome.forbidden_reason);
    http_response_data response = json_response(outcome.status, outcome.body);
    response.headers.emplace_back("OData-Version", "4.0");
    if (page_size)
        response.headers.emplace_back("Preference-Applied", "odata.maxpagesize=" + std::to_string(*page_size));
    if (!outcome.exception_type.empty())
        response.headers.emplace_back("x-ExceptionType", outcome.exception_type);
    return response;
}

std::optional<http_response_data> service::control(const http_request_data& request)
{
    const auto& s = request.segments;
    if (s.size() < 3 || s[0] != "control" || s[1] != "exchange-online")
        return std::nullopt;
    if (s.size() == 3 && s[2] == "settings" && (request.method == "GET" || request.method == "POST")) {
        std::lock_guard lock(mutex_);
        if (request.method == "POST") {
            const json body = json::parse(request.body, nullptr, false);
            try {
                if (body.is_discarded())
                    throw std::invalid_argument("the body is not JSON");
                settings_.apply(body);
            } catch (const std::invalid_argument& error) {
                return plain_error(400, "BadRequest", error.what());
            }
        }
        return json_response(200, settings_.to_json());
    }
    if (s.size() == 5 && s[3] == "mailboxes" && s[4] == "generate" && request.method == "POST")
        return generate(request, s[2]);
    return std::nullopt;
}

http_response_data service::generate(const http_request_data& request, const std::string& tenant_segment)
{
    const json body = json::parse(request.body, nullptr, false);
    if (body.is_discarded())
        return plain_error(400, "BadRequest", "The body is not JSON.");
    try {
        return store_.with_state([&](json& state) {
            const auto tenant_id = entra::resolve_tenant(state, tenant_segment);
            if (!tenant_id)
                return plain_error(404, "NotFound", "No tenant '" + tenant_segment + "'.");
            std::lock_guard lock(mutex_);
            json& tenant = tenant_document(state, *tenant_id);
            return json_response(201, generate_mailboxes(tenant, indexes_[*tenant_id], *tenant_id, body));
        });
    } catch (const std::invalid_argument& error) {
        return plain_error(400, "BadRequest", error.what());
    } catch (const json::exception& error) {
        return plain_error(400, "BadRequest", error.what());
    }
}

} // namespace emulator::exchange_online
