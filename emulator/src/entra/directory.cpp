#include "entra/directory.h"

#include "entra/app_certificate.h"
#include "entra/digest.h"
#include "util/text.h"

#include <stdexcept>

namespace emulator::entra {
namespace {

json stored_secret(const std::string& plaintext)
{
    // A short secret would be half given away by its hint, so it gets none.
    return json{{"hint", plaintext.size() >= 8 ? plaintext.substr(0, 3) : std::string()},
                {"sha256", hex_lower(sha256(plaintext))}};
}

void require(bool ok, const std::string& message)
{
    if (!ok)
        throw std::invalid_argument(message);
}

json string_lists(const json& value, const std::string& what)
{
    if (value.is_null())
        return json::object();
    require(value.is_object(), what + " must be an object of resource → list of names");
    for (const auto& [resource, names] : value.items()) {
        require(names.is_array(), what + "['" + resource + "'] must be an array");
        for (const auto& name : names)
            require(name.is_string(), what + "['" + resource + "'] must hold strings");
    }
    return value;
}

// One app in stored form. Accepts what a seed or POST /control/entra/apps gives: secrets as
// strings or stored objects, certificates as PEM/base64 DER strings or stored objects.
json normalize_app(const json& app)
{
    require(app.is_object(), "an app must be an object");
    require(app.contains("clientId") && app.at("clientId").is_string() && !app.at("clientId").get<std::string>().empty(),
            "an app needs a clientId");
    const std::string client_id = to_lower(app.at("clientId").get<std::string>());
    json secrets = json::array();
    if (app.contains("secrets")) {
        require(app.at("secrets").is_array(), "secrets must be an array");
        for (const auto& secret : app.at("secrets")) {
            if (secret.is_string()) {
                require(!secret.get<std::string>().empty(), "a secret must not be empty");
                secrets.push_back(stored_secret(secret.get<std::string>()));
            } else {
                require(secret.is_object() && secret.contains("hint"), "a secret must be a string");
                secrets.push_back(secret);
            }
        }
    }
    json certificates = json::array();
    if (app.contains("certificates")) {
        require(app.at("certificates").is_array(), "certificates must be an array");
        for (const auto& certificate : app.at("certificates")) {
            if (certificate.is_object() && certificate.contains("der")) {
                auto described = describe_certificate(certificate.at("der").get<std::string>());
                require(described.has_value(), "a certificate's der is not a certificate");
                certificates.push_back(std::move(*described));
                continue;
            }
            require(certificate.is_string(), "a certificate must be PEM or base64 DER text");
            auto described = describe_certificate(certificate.get<std::string>());
            require(described.has_value(), "a certificate is neither PEM nor base64 DER of an X.509 certificate");
            certificates.push_back(std::move(*described));
        }
    }
    return json{{"clientId", client_id},
                {"displayName", app.value("displayName", client_id)},
                {"secrets", std::move(secrets)},
                {"certificates", std::move(certificates)},
                {"roles", string_lists(app.value("roles", json()), "roles")},
                {"scopes", string_lists(app.value("scopes", json()), "scopes")}};
}

json& tenants_of(json& state) { return state["entra"]["tenants"]; }

} // namespace

void normalize_section(json& state)
{
    if (!state.contains("entra"))
        state["entra"] = json::object();
    json& section = state["entra"];
    require(section.is_object(), "entra must be an object");
    if (!section.contains("tenants"))
        section["tenants"] = json::object();
    require(section["tenants"].is_object(), "entra.tenants must be an object keyed by tenant id");
    json tenants = json::object();
    for (const auto& [id, tenant] : section["tenants"].items()) {
        require(tenant.is_object(), "tenant '" + id + "' must be an object");
        json apps = json::array();
        if (tenant.contains("apps")) {
            require(tenant.at("apps").is_array(), "tenant '" + id + "' apps must be an array");
            for (const auto& app : tenant.at("apps"))
                apps.push_back(normalize_app(app));
        }
        json domains = tenant.value("domains", json::array());
        require(domains.is_array(), "tenant '" + id + "' domains must be an array");
        tenants[to_lower(id)] = json{{"displayName", tenant.value("displayName", id)},
                                     {"domains", std::move(domains)},
                                     {"apps", std::move(apps)}};
    }
    section["tenants"] = std::move(tenants);
}

void add_built_in_seed(json& state)
{
    state["entra"] = json::parse(R"j({"tenants":{"11111111-2222-3333-4444-555555555555":{
        "displayName":"Contoso","domains":["contoso.onmicrosoft.com"],"apps":[
        {"clientId":"97e0a5b7-d745-40b6-94fe-5f77d35c6e05","displayName":"MailIntegration Demo",
         "secrets":["demo-client-secret-not-for-production"],
         "roles":{"https://outlook.office365.com":["Exchange.ManageAsApp"],
                  "https://graph.microsoft.com":["Domain.ReadWrite.All","User.ReadWrite.All",
                                                  "Organization.Read.All","Application.ReadWrite.All",
                                                  "Policy.ReadWrite.ConditionalAccess"]}},
        {"clientId":"fb78d390-0c51-40cd-8e17-fdbfab77341b",
         "displayName":"Microsoft Exchange REST API Based PowerShell",
         "scopes":{"https://outlook.office365.com":["AdminApi.AccessAsUser.All"]}}]}}})j");
    normalize_section(state);
}

json register_app(json& state, const json& request)
{
    require(request.is_object(), "the body must be a JSON object");
    require(request.contains("tenantId") && request["tenantId"].is_string() &&
                !request["tenantId"].get<std::string>().empty(),
            "tenantId is required");
    normalize_section(state);
    const std::string tenant_id = to_lower(request["tenantId"].get<std::string>());
    json app = normalize_app(request);
    json& tenants = tenants_of(state);
    if (!tenants.contains(tenant_id))
        tenants[tenant_id] = json{{"displayName", request.value("tenantDisplayName", tenant_id)},
                                  {"domains", json::array()},
                                  {"apps", json::array()}};
    json& tenant = tenants[tenant_id];
    if (request.contains("domains")) {
        require(request["domains"].is_array(), "domains must be an array");
        for (const auto& domain : request["domains"]) {
            require(domain.is_string(), "domains must hold strings");
            bool known = false;
            for (const auto& existing : tenant["domains"])
                known = known || iequals(existing.get<std::string>(), domain.get<std::string>());
            if (!known)
                tenant["domains"].push_back(domain);
        }
    }
    json& apps = tenant["apps"];
    bool replaced = false;
    for (auto& existing : apps)
        if (existing["clientId"] == app["clientId"]) {
            existing = app;
            replaced = true;
        }
    if (!replaced)
        apps.push_back(app);
    for (auto& secret : app["secrets"])
        secret.erase("sha256");
    return app;
}

json public_view(json state)
{
    if (!state.contains("entra") || !state["entra"].contains("tenants"))
        return state;
    for (auto& [id, tenant] : state["entra"]["tenants"].items())
        for (auto& app : tenant["apps"])
            for (auto& secret : app["secrets"])
                secret.erase("sha256");
    return state;
}

std::optional<std::string> resolve_tenant(const json& state, std::string_view segment)
{
    const auto section = state.find("entra");
    if (section == state.end() || !section->contains("tenants"))
        return std::nullopt;
    for (const auto& [id, tenant] : section->at("tenants").items()) {
        if (iequals(id, segment))
            return id;
        for (const auto& domain : tenant.at("domains"))
            if (domain.is_string() && iequals(domain.get<std::string>(), segment))
                return id;
    }
    return std::nullopt;
}

const json* find_tenant(const json& state, const std::string& tenant_id)
{
    const auto section = state.find("entra");
    if (section == state.end())
        return nullptr;
    const auto& tenants = section->at("tenants");
    const auto tenant = tenants.find(tenant_id);
    return tenant == tenants.end() ? nullptr : &*tenant;
}

const json* find_app(const json& tenant, std::string_view client_id)
{
    for (const auto& app : tenant.at("apps"))
        if (iequals(app.at("clientId").get<std::string>(), client_id))
            return &app;
    return nullptr;
}

bool secret_matches(const json& app, std::string_view secret)
{
    const std::string presented = hex_lower(sha256(secret));
    bool matched = false;
    for (const auto& stored : app.at("secrets"))
        if (stored.contains("sha256"))
            matched = constant_time_equals(stored.at("sha256").get<std::string>(), presented) || matched;
    return matched;
}

} // namespace emulator::entra
