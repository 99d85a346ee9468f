#include "entra/token_service.h"

#include "entra/access_token.h"
#include "entra/client_assertion.h"
#include "entra/directory.h"
#include "entra/resources.h"
#include "entra/token_error.h"
#include "util/form_urlencoded.h"
#include "util/text.h"

#include <chrono>
#include <cmath>

namespace emulator::entra {
namespace {

constexpr std::string_view jwt_bearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
constexpr std::string_view device_code_grant = "urn:ietf:params:oauth:grant-type:device_code";

double now_seconds()
{
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

http_response_data json_response(int status, const json& body)
{
    http_response_data response{status, dump_json(body), {}};
    response.headers.emplace_back("Cache-Control", "no-store, no-cache");
    return response;
}

http_response_data missing(const std::string& name)
{
    return error_response({400, "invalid_request", 900144,
                           "The request body must contain the following parameter: '" + name + "'."});
}

// Form fields that are credentials never reach the request log (PROTOCOL.md "Request log").
json redacted(const std::map<std::string, std::string>& form)
{
    static const char* secret_names[] = {"client_secret", "client_assertion", "device_code", "refresh_token",
                                         "code", "assertion", "password"};
    json logged = json::object();
    for (const auto& [name, value] : form) {
        bool secret = false;
        for (const char* secret_name : secret_names)
            secret = secret || iequals(name, secret_name);
        logged[name] = secret ? json("********") : json(value);
    }
    return logged;
}

std::string field(const std::map<std::string, std::string>& form, const char* name)
{
    const auto it = form.find(name);
    return it == form.end() ? std::string() : it->second;
}

std::vector<std::string> words(std::string_view text)
{
    std::vector<std::string> result;
    for (auto& word : split(text, ' '))
        if (!trim(word).empty())
            result.emplace_back(trim(word));
    return result;
}

token_error invalid_scope(const std::string& scope, const std::string& why)
{
    return {400, "invalid_scope", 70011,
            "The provided value for the input parameter 'scope' is not valid. The scope " + scope + " is not valid. " + why};
}

struct tenant_snapshot {
    std::string id;
    json tenant;
};

// The tenant the request path names (its id or one of its domains), copied out of the state.
std::optional<tenant_snapshot> snapshot_of(store& s, const std::string& tenant_segment)
{
    return s.with_state([&](json& state) -> std::optional<tenant_snapshot> {
        const auto id = resolve_tenant(state, tenant_segment);
        if (!id)
            return std::nullopt;
        return tenant_snapshot{*id, *find_tenant(state, *id)};
    });
}

// Entra's AADSTS700016 answer, the same from the token and the device-code endpoints.
token_error unknown_client(const std::string& client_id, const tenant_snapshot& snapshot)
{
    return {400, "unauthorized_client", 700016,
            "Application with identifier '" + client_id + "' was not found in the directory '" +
                snapshot.tenant.value("displayName", snapshot.id) +
                "'. This can happen if the application has not been installed by the administrator of the tenant "
                "or consented to by any user in the tenant. You may have sent your authentication request to the "
                "wrong tenant."};
}

token_error tenant_not_found(const std::string& tenant_segment)
{
    return {400, "invalid_request", 90002,
            "Tenant '" + tenant_segment + "' not found. Check to make sure you have the correct "
            "tenant ID and are signing into the correct cloud."};
}

} // namespace

token_service::token_service(store& s, std::string base_url) : store_(s), base_url_(std::move(base_url)) {}

void token_service::reset()
{
    std::lock_guard lock(mutex_);
    settings_ = settings{};
    device_codes_.clear();
    refresh_tokens_.clear();
    used_jtis_.clear();
}

std::optional<http_response_data> token_service::handle(const http_request_data& request)
{
    const auto& s = request.segments;
    const auto is = [&](std::initializer_list<std::string_view> tail) {
        if (s.size() != tail.size() + 1)
            return false;
        std::size_t i = 1;
        for (const auto part : tail)
            if (!iequals(s[i++], part))
                return false;
        return true;
    };
    const bool token_path = is({"oauth2", "v2.0", "token"});
    const bool device_path = is({"oauth2", "v2.0", "devicecode"});
    if (token_path || device_path) {
        const auto form = parse_form_urlencoded(request.body);
        http_response_data response;
        if (request.method != "POST")
            response = error_response({400, "invalid_request", 900561,
                                       "The endpoint only accepts POST requests. Received a " + request.method + " request."});
        else if (!form)
            response = missing("grant_type");
        else
            response = token_path ? token(request, s[0], *form) : device_code(request, s[0], *form);
        store_.record({request.method, request.path, std::nullopt, form ? redacted(*form) : json::object(), false,
                       response.status});
        return response;
    }
    if (request.method == "GET" && (is({"discovery", "v2.0", "keys"}) || is({"discovery", "keys"}))) {
        store_.record({request.method, request.path, std::nullopt, json::object(), false, 200});
        return json_response(200, key_.jwks());
    }
    if (request.method == "GET" && is({"v2.0", ".well-known", "openid-configuration"})) {
        const std::string tenant = s[0];
        const auto tenant_id = store_.with_state([&](json& state) { return resolve_tenant(state, tenant); });
        store_.record({request.method, request.path, std::nullopt, json::object(), false, tenant_id ? 200 : 400});
        if (!tenant_id)
            return error_response({400, "invalid_tenant", 90002, "Tenant '" + tenant + "' not found."});
        const std::string base = base_url_ + "/" + tenant;
        return json_response(200, json{{"token_endpoint", base + "/oauth2/v2.0/token"},
                                       {"device_authorization_endpoint", base + "/oauth2/v2.0/devicecode"},
                                       {"jwks_uri", base + "/discovery/v2.0/keys"},
                                       {"issuer", base_url_ + "/" + *tenant_id + "/v2.0"},
                                       {"token_endpoint_auth_methods_supported",
                                        json::array({"client_secret_post", "private_key_jwt"})},
                                       {"id_token_signing_alg_values_supported", json::array({"RS256"})}});
    }
    return std::nullopt;
}

http_response_data token_service::token(const http_request_data& request, const std::string& tenant_segment,
                                        const std::map<std::string, std::string>& form)
{
    const auto snapshot = snapshot_of(store_, tenant_segment);
    if (!snapshot)
        return error_response(tenant_not_found(tenant_segment));
    const std::string grant_type = field(form, "grant_type");
    if (grant_type.empty())
        return missing("grant_type");
    if (grant_type != "client_credentials" && grant_type != device_code_grant && grant_type != "refresh_token")
        return error_response({400, "unsupported_grant_type", 70003,
                               "The app requested an unsupported grant type '" + grant_type + "'."});
    const std::string client_id = field(form, "client_id");
    if (client_id.empty())
        return missing("client_id");
    const json* app = find_app(snapshot->tenant, client_id);
    if (!app)
        return error_response(unknown_client(client_id, *snapshot));
    if (grant_type == device_code_grant)
        return poll_device_code(snapshot->id, form);
    if (grant_type == "refresh_token")
        return redeem_refresh_token(snapshot->id, snapshot->tenant, *app, form);
    return client_credentials(request, tenant_segment, snapshot->id, *app, form);
}

http_response_data token_service::client_credentials(const http_request_data& request,
                                                     const std::string& tenant_segment, const std::string& tenant_id,
                                                     const json& app, const std::map<std::string, std::string>& form)
{
    const std::string scope = field(form, "scope");
    if (scope.empty())
        return missing("scope");
    const auto scopes = words(scope);
    if (scopes.size() != 1)
        return error_response(invalid_scope(scope, "A token request names a single resource."));
    if (!scopes[0].ends_with("/.default"))
        return error_response({400, "invalid_scope", 1002012,
                               "The provided value for scope " + scopes[0] + " is not valid. Client credential flows "
                               "must have a scope value with /.default suffixed to the resource identifier "
                               "(application ID URI)."});
    const std::string resource = canonical_resource(std::string_view(scopes[0]).substr(0, scopes[0].size() - 9));
    const json tenant = store_.with_state([&](json& state) { return *find_tenant(state, tenant_id); });
    if (!is_known_resource(tenant, resource))
        return error_response(invalid_scope(scope, "The resource '" + resource + "' is not known in this tenant."));

    const std::string secret = field(form, "client_secret");
    const std::string assertion = field(form, "client_assertion");
    const double now = now_seconds();
    if (!assertion.empty()) {
        const std::string assertion_type = field(form, "client_assertion_type");
        if (assertion_type.empty())
            return missing("client_assertion_type");
        if (assertion_type != jwt_bearer)
            return error_response({400, "invalid_request", 90023,
                                   "The authentication service request is not valid: client_assertion_type must be '" +
                                       std::string(jwt_bearer) + "'."});
        std::vector<std::string> audiences;
        std::vector<std::string> bases = {"https://login.microsoftonline.com", base_url_};
        const auto host = request.headers.find("host");
        if (host != request.headers.end())
            bases.push_back("http://" + host->second);
        for (const auto& base : bases)
            for (const auto& tenant_name : {tenant_segment, tenant_id})
                audiences.push_back(base + "/" + tenant_name + "/oauth2/v2.0/token");
        double skew = 0;
        {
            std::lock_guard lock(mutex_);
            skew = settings_.clock_skew;
        }
        const auto checked = check_client_assertion(assertion, {app, field(form, "client_id"), audiences, now, skew});
        if (const auto* error = std::get_if<token_error>(&checked))
            return error_response(*error);
        const auto& ok = std::get<checked_assertion>(checked);
        std::lock_guard lock(mutex_);
        std::erase_if(used_jtis_, [&](const auto& entry) { return entry.second + settings_.clock_skew < now; });
        const std::string key = tenant_id + "|" + to_lower(field(form, "client_id")) + "|" + ok.jti;
        if (!used_jtis_.emplace(key, ok.expires_at).second)
            return error_response({401, "invalid_client", 50013,
                                   "Assertion is invalid: the jti '" + ok.jti + "' of the client assertion has "
                                   "already been used. A client assertion can be used only once."});
    } else if (!secret.empty()) {
        if (!secret_matches(app, secret))
            return error_response({401, "invalid_client", 7000215,
                                   "Invalid client secret provided. Ensure the secret being sent in the request is the "
                                   "client secret value, not the client secret ID, for a secret added to app '" +
                                       field(form, "client_id") + "'."});
    } else {
        return error_response({401, "invalid_client", 7000218,
                               "The request body must contain the following parameter: 'client_assertion' or "
                               "'client_secret'."});
    }
    token_request issue{tenant_id, app.at("clientId").get<std::string>(), resource,
                        permissions_on(app, "roles", resource), std::nullopt, {}, 0};
    {
        std::lock_guard lock(mutex_);
        issue.lifetime = settings_.access_token_lifetime;
    }
    return json_response(200, issue_access_token(key_, issue, now));
}

http_response_data token_service::poll_device_code(const std::string& tenant_id,
                                                   const std::map<std::string, std::string>& form)
{
    const std::string code = field(form, "device_code");
    if (code.empty())
        return missing("device_code");
    const double now = now_seconds();
    std::lock_guard lock(mutex_);
    auto outcome = device_codes_.poll(code, field(form, "client_id"), now, settings_.slow_down_increment);
    if (const auto* error = std::get_if<token_error>(&outcome))
        return error_response(*error);
    const auto& grant = std::get<device_grant>(outcome);
    if (grant.tenant_id != tenant_id)
        return error_response({400, "bad_verification_code", 70018,
                               "The provided value for the input parameter 'device_code' is not valid."});
    const token_request issue{tenant_id, grant.client_id, grant.resource, {}, grant.scopes, grant.upn,
                              settings_.access_token_lifetime};
    json answer = issue_access_token(key_, issue, now);
    if (grant.offline_access)
        answer["refresh_token"] =
            refresh_tokens_.issue({tenant_id, grant.client_id, grant.upn, now + settings_.refresh_token_lifetime});
    return json_response(200, answer);
}

http_response_data token_service::redeem_refresh_token(const std::string& tenant_id, const json& tenant, const json& app,
                                                       const std::map<std::string, std::string>& form)
{
    const std::string token = field(form, "refresh_token");
    if (token.empty())
        return missing("refresh_token");
    const std::string scope = field(form, "scope");
    if (scope.empty())
        return missing("scope");
    // One resource per request, "/.default" or named delegated scopes, as for the device code.
    std::string resource;
    std::vector<std::string> names;
    bool offline_access = false;
    for (const auto& item : words(scope)) {
        if (iequals(item, "offline_access")) {
            offline_access = true;
            continue;
        }
        if (iequals(item, "openid") || iequals(item, "profile") || iequals(item, "email"))
            continue;
        const auto slash = item.rfind('/');
        const std::string item_resource =
            slash == std::string::npos ? std::string(graph_resource) : canonical_resource(item.substr(0, slash));
        if (!resource.empty() && !iequals(resource, item_resource))
            return error_response(invalid_scope(scope, "A token request names a single resource."));
        resource = item_resource;
        names.push_back(slash == std::string::npos ? item : item.substr(slash + 1));
    }
    if (resource.empty() || !is_known_resource(tenant, resource))
        return error_response(invalid_scope(scope, "No known resource is named."));
    const auto registered = permissions_on(app, "scopes", resource);
    std::vector<std::string> granted;
    for (const auto& name : names) {
        if (name == ".default") {
            granted.insert(granted.end(), registered.begin(), registered.end());
            continue;
        }
        for (const auto& r : registered)
            if (iequals(r, name))
                granted.push_back(r);
    }
    if (granted.empty())
        return error_response(invalid_scope(scope, "The app has no delegated permission on " + resource + "."));

    const double now = now_seconds();
    std::lock_guard lock(mutex_);
    auto redeemed = refresh_tokens_.redeem(token, tenant_id, app.at("clientId").get<std::string>(), now);
    if (const auto* error = std::get_if<token_error>(&redeemed))
        return error_response(*error);
    const auto& grant = std::get<refresh_grant>(redeemed);
    const token_request issue{tenant_id, grant.client_id, resource, {}, granted, grant.upn,
                              settings_.access_token_lifetime};
    json answer = issue_access_token(key_, issue, now);
    // Entra hands out a new refresh token with every redemption; the client keeps the newest.
    if (offline_access)
        answer["refresh_token"] =
            refresh_tokens_.issue({tenant_id, grant.client_id, grant.upn, now + settings_.refresh_token_lifetime});
    return json_response(200, answer);
}

http_response_data token_service::device_code(const http_request_data&, const std::string& tenant_segment,
                                              const std::map<std::string, std::string>& form)
{
    const auto snapshot = snapshot_of(store_, tenant_segment);
    if (!snapshot)
        return error_response(tenant_not_found(tenant_segment));
    const std::string client_id = field(form, "client_id");
    if (client_id.empty())
        return missing("client_id");
    const json* app = find_app(snapshot->tenant, client_id);
    if (!app)
        return error_response(unknown_client(client_id, *snapshot));
    const std::string scope = field(form, "scope");
    if (scope.empty())
        return missing("scope");

    // Split "https://outlook.office365.com/.default offline_access" into one resource and its scope
    // names; OpenID Connect scopes name no resource; a bare name ("User.Read") is Graph's, as in Entra.
    std::string resource;
    std::vector<std::string> names;
    bool offline_access = false;
    for (const auto& item : words(scope)) {
        if (iequals(item, "offline_access"))
            offline_access = true;
        if (iequals(item, "openid") || iequals(item, "profile") || iequals(item, "offline_access") ||
            iequals(item, "email"))
            continue;
        const auto slash = item.rfind('/');
        const std::string item_resource =
            slash == std::string::npos ? std::string(graph_resource) : canonical_resource(item.substr(0, slash));
        const std::string name = slash == std::string::npos ? item : item.substr(slash + 1);
        if (!resource.empty() && !iequals(resource, item_resource))
            return error_response(invalid_scope(scope, "A token request names a single resource."));
        resource = item_resource;
        names.push_back(name);
    }
    if (resource.empty() || !is_known_resource(snapshot->tenant, resource))
        return error_response(invalid_scope(scope, "No known resource is named."));
    const auto registered = permissions_on(*app, "scopes", resource);
    std::vector<std::string> granted;
    for (const auto& name : names) {
        if (name == ".default") {
            granted.insert(granted.end(), registered.begin(), registered.end());
            continue;
        }
        bool known = false;
        for (const auto& r : registered)
            known = known || iequals(r, name);
        if (!known)
            return error_response(invalid_scope(scope, "The app has no delegated permission '" + name + "'."));
        granted.push_back(name);
    }
    if (granted.empty())
        return error_response(invalid_scope(scope, "The app has no delegated permission on " + resource + "."));

    const double now = now_seconds();
    std::lock_guard lock(mutex_);
    device_grant grant;
    grant.tenant_id = snapshot->id;
    grant.client_id = app->at("clientId").get<std::string>();
    grant.resource = resource;
    grant.scopes = granted;
    grant.user_code = new_user_code();
    grant.expires_at = now + settings_.device_code_expires_in;
    grant.interval = settings_.device_code_interval;
    grant.offline_access = offline_access;
    const std::string user_code = grant.user_code;
    const std::string code = device_codes_.start(std::move(grant));
    const std::string verification_uri = base_url_ + "/devicelogin";
    return json_response(
        200, json{{"user_code", user_code},
                  {"device_code", code},
                  {"verification_uri", verification_uri},
                  {"expires_in", static_cast<long long>(std::ceil(settings_.device_code_expires_in))},
                  {"interval", static_cast<long long>(std::ceil(settings_.device_code_interval))},
                  {"message", "To sign in, use a web browser to open the page " + verification_uri +
                                  " and enter the code " + user_code + " to authenticate."}});
}

std::optional<http_response_data> token_service::control(const http_request_data& request)
{
    const auto& s = request.segments;
    if (s.size() < 3 || s[0] != "control" || s[1] != "entra")
        return std::nullopt;
    const auto bad_request = [](const std::string& message) {
        return http_response_data{400, dump_json(json{{"error", {{"code", "BadRequest"}, {"message", message}}}}), {}};
    };
    const json body = request.method == "POST" ? json::parse(request.body, nullptr, false) : json::object();
    if (body.is_discarded())
        return bad_request("The body is not JSON.");
    if (s.size() == 3 && s[2] == "apps" && request.method == "POST") {
        try {
            const json app = store_.with_state([&](json& state) { return register_app(state, body); });
            return http_response_data{201, dump_json(app), {}};
        } catch (const std::invalid_argument& error) {
            return bad_request(error.what());
        } catch (const json::exception& error) {
            return bad_request(error.what());
        }
    }
    if (s.size() == 3 && s[2] == "settings" && (request.method == "GET" || request.method == "POST")) {
        std::lock_guard lock(mutex_);
        if (request.method == "POST") {
            try {
                settings_.apply(body);
            } catch (const std::invalid_argument& error) {
                return bad_request(error.what());
            }
        }
        return http_response_data{200, dump_json(settings_.to_json()), {}};
    }
    // Revoke-MgUserSignInSession's effect: the user's refresh tokens stop working.
    if (s.size() == 3 && s[2] == "revoke-sign-in" && request.method == "POST") {
        if (!body.is_object() || !body.contains("upn") || !body["upn"].is_string())
            return bad_request("upn is required.");
        std::lock_guard lock(mutex_);
        const auto n = refresh_tokens_.revoke(body["upn"].get<std::string>());
        return http_response_data{200, dump_json(json{{"revokedRefreshTokens", n}}), {}};
    }
    if (s.size() == 4 && s[2] == "devicecode" && (s[3] == "approve" || s[3] == "decline") && request.method == "POST") {
        if (!body.is_object() || !body.contains("user_code") || !body["user_code"].is_string())
            return bad_request("user_code is required.");
        const bool approve = s[3] == "approve";
        if (approve && (!body.contains("upn") || !body["upn"].is_string() || body["upn"].get<std::string>().empty()))
            return bad_request("upn is required.");
        std::lock_guard lock(mutex_);
        const auto result = approve ? device_codes_.approve(body["user_code"].get<std::string>(), body["upn"].get<std::string>(), now_seconds())
                                    : device_codes_.decline(body["user_code"].get<std::string>(), now_seconds());
        if (result == device_codes::decision_result::unknown)
            return http_response_data{404, dump_json(json{{"error", {{"code", "NotFound"},
                                                                     {"message", "No pending device code has that user_code."}}}}), {}};
        if (result == device_codes::decision_result::already_decided)
            return http_response_data{409, dump_json(json{{"error", {{"code", "Conflict"},
                                                                     {"message", "That device code was already approved or declined."}}}}), {}};
        return http_response_data{200, dump_json(json{{approve ? "approved" : "declined", true}}), {}};
    }
    return std::nullopt;
}

} // namespace emulator::entra
