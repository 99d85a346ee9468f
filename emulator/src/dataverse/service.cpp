#include "dataverse/service.h"

#include "dataverse/dataverse_error.h"
#include "crm_deployment/deployment_state.h"
#include "dataverse/mailbox_jobs.h"
#include "dataverse/org_state.h"
#include "dataverse/row_write.h"
#include "dataverse/table_query.h"
#include "entra/bearer_check.h"
#include "entra/jws.h"
#include "util/guid.h"
#include "util/redaction.h"
#include "util/text.h"
#include "util/utc_time.h"

#include <algorithm>
#include <stdexcept>

namespace emulator::dataverse {
namespace {

constexpr std::size_t version_segment = 2;  // api/data/v9.2/…

// The resource the token was issued for and its organization: https://<org>.crm<N>.dynamics.com.
struct audience {
    std::string resource;
    std::string org;
};

std::optional<audience> audience_of(const http_request_data& request)
{
    const auto header = request.headers.find("authorization");
    if (header == request.headers.end() || !istarts_with(header->second, "Bearer "))
        return std::nullopt;
    // Only read here to learn which organization is meant; entra::authorize then checks the
    // signature, the expiry and that aud is exactly this resource.
    const auto parts = entra::parse_jws(trim(std::string_view(header->second).substr(7)));
    if (!parts || !parts->payload.contains("aud") || !parts->payload["aud"].is_string())
        return std::nullopt;
    std::string aud = to_lower(parts->payload["aud"].get<std::string>());
    while (aud.ends_with('/'))
        aud.pop_back();
    if (!aud.starts_with("https://") || !aud.ends_with(".dynamics.com"))
        return std::nullopt;
    const std::string host = aud.substr(8);
    const auto dot = host.find('.');
    if (dot == std::string::npos || host.find('/') != std::string::npos || !host.substr(dot + 1).starts_with("crm"))
        return std::nullopt;
    return audience{aud, host.substr(0, dot)};
}

std::string base_url_of(const http_request_data& request)
{
    const auto host = request.headers.find("host");
    return "http://" + (host == request.headers.end() ? std::string("127.0.0.1") : host->second);
}

std::optional<std::string> header(const http_request_data& request, const char* name)
{
    const auto found = request.headers.find(name);
    return found == request.headers.end() ? std::nullopt : std::optional<std::string>(found->second);
}

bool prefers_representation(const http_request_data& request)
{
    const auto prefer = header(request, "prefer");
    return prefer && prefer->find("return=representation") != std::string::npos;
}

json* find_row(json& org, const table& t, const std::string& id)
{
    for (auto& row : org[t.set])
        if (row[t.key] == id)
            return &row;
    return nullptr;
}

http_response_data not_found(const table& t, const std::string& id)
{
    return error(404, code_not_found, t.logical + " With Id = " + id + " Does Not Exist");
}

// The target of a request path: a table, and the key when one row is addressed ("mailboxes(<id>)").
struct target {
    const table* t = nullptr;
    std::optional<std::string> id;
};

std::variant<target, http_response_data> parse_target(const std::string& segment)
{
    std::string set = segment;
    std::optional<std::string> id;
    const auto open = segment.find('(');
    if (open != std::string::npos) {
        if (segment.back() != ')')
            return error(404, code_bad_query, "Resource not found for the segment '" + segment + "'.");
        set = segment.substr(0, open);
        std::string key = segment.substr(open + 1, segment.size() - open - 2);
        if (key.size() == 38 && key.front() == '{' && key.back() == '}')
            key = key.substr(1, 36);
        if (!is_guid(key))
            return error(400, code_bad_query,
                         "The key '" + key + "' is not a GUID; the emulator does not support alternate keys.");
        id = to_lower(key);
    }
    const table* t = find_table(set);
    if (!t)
        return error(404, code_bad_query, "Resource not found for the segment '" + set + "'.");
    return target{t, id};
}

// Approval lives on the user or queue and on its mailbox; setting it on one sets it on the other,
// as the "Approve Email" command does.
void propagate_approval(json& org, const table& t, const json& row, const json& body, double now)
{
    if (!body.contains("emailrouteraccessapproval"))
        return;
    const json& approval = row["emailrouteraccessapproval"];
    const auto touch = [&](json& other) {
        if (other["emailrouteraccessapproval"] == approval)
            return;
        other["emailrouteraccessapproval"] = approval;
        other["modifiedon"] = iso_utc(now);
        other["versionnumber"] = next_version(org);
    };
    if (t.set == "systemusers" || t.set == "queues") {
        for (auto& mailbox : org["mailboxes"])
            if (mailbox["_regardingobjectid_value"] == row[t.key])
                touch(mailbox);
    } else if (t.set == "mailboxes" && row["_regardingobjectid_value"].is_string()) {
        for (const char* owner_set : {"systemusers", "queues"}) {
            const table& owner_table = *find_table(owner_set);
            if (json* owner = find_row(org, owner_table, row["_regardingobjectid_value"].get<std::string>()))
                touch(*owner);
        }
    }
}

struct request_scope {
    const http_request_data& request;
    json& org;
    const table& t;
    std::string base;
    json body;
    double now;
    double delay;
};

http_response_data entity_reply(request_scope& r, const json& row, int status_with_body)
{
    const std::string entity_id = r.base + "/api/data/v9.2/" + r.t.set + "(" + row[r.t.key].get<std::string>() + ")";
    http_response_data response;
    if (prefers_representation(r.request)) {
        auto query = parse_table_query(r.request, r.t);
        const table_query options = std::holds_alternative<table_query>(query) ? std::get<table_query>(query) : table_query{};
        json body = {{"@odata.context", context_url(r.base, r.t, options, true)}};
        body.update(shown_row(r.t, row, options));
        response = json_reply(status_with_body, body);
        response.headers.emplace_back("Preference-Applied", "return=representation");
    } else {
        response = no_content();
    }
    response.headers.emplace_back("OData-EntityId", entity_id);
    return response;
}

// Writes `body` over a copy of `base_row` and stores it; the reply, or the problem.
http_response_data write_row(request_scope& r, json base_row, json* existing, int status_with_body)
{
    if (auto problem = apply_body(r.t, base_row, r.body, r.org))
        return error(problem->status, problem->code, problem->message);
    const std::string now = iso_utc(r.now);
    if (!existing)
        base_row["createdon"] = now;
    base_row["modifiedon"] = now;
    base_row["versionnumber"] = next_version(r.org);
    if (r.t.set == "mailboxes")
        schedule_test_enable(base_row, r.body, r.now, r.delay);
    json* stored = existing;
    if (existing) {
        *existing = std::move(base_row);
    } else {
        r.org[r.t.set].push_back(std::move(base_row));
        stored = &r.org[r.t.set].back();
    }
    propagate_approval(r.org, r.t, *stored, r.body, r.now);
    return entity_reply(r, *stored, status_with_body);
}

http_response_data create(request_scope& r)
{
    if (!r.t.creatable)
        return error(405, code_bad_query, "The 'Create' method does not support entities of type '" + r.t.logical + "'.");
    if (!r.body.is_object())
        return error(400, code_bad_payload, "The request body must be a JSON object.");
    std::string id = new_guid();
    if (r.body.contains(r.t.key)) {
        if (!r.body[r.t.key].is_string() || !is_guid(r.body[r.t.key].get<std::string>()))
            return error(400, code_bad_payload, "The value of '" + r.t.key + "' is not a GUID.");
        id = to_lower(r.body[r.t.key].get<std::string>());
        if (find_row(r.org, r.t, id))
            return error(412, code_duplicate, "A record with matching key values already exists.");
    }
    return write_row(r, new_row(r.t, id), nullptr, 201);
}

http_response_data update(request_scope& r, const std::string& id)
{
    json* existing = find_row(r.org, r.t, id);
    const auto if_match = header(r.request, "if-match");
    const auto if_none_match = header(r.request, "if-none-match");
    if (if_none_match && trim(*if_none_match) == "*" && existing)
        return error(412, code_duplicate, "A record with matching key values already exists.");
    if (if_match) {
        if (!existing)
            return not_found(r.t, id);
        const std::string wanted(trim(*if_match));
        const std::string etag = "W/\"" + std::to_string((*existing)["versionnumber"].get<long long>()) + "\"";
        if (wanted != "*" && wanted != etag)
            return error(412, code_version_mismatch, "The version of the existing record doesn't match the RowVersion property provided.");
    }
    if (!r.body.is_object())
        return error(400, code_bad_payload, "The request body must be a JSON object.");
    if (!existing) {
        // PATCH without If-Match is an upsert: the row is created with the key of the URL.
        if (!r.t.creatable)
            return not_found(r.t, id);
        return write_row(r, new_row(r.t, id), nullptr, 201);
    }
    return write_row(r, *existing, existing, 200);
}

http_response_data remove(request_scope& r, const std::string& id)
{
    if (!r.t.creatable)
        return error(405, code_bad_query, "The 'Delete' method does not support entities of type '" + r.t.logical + "'.");
    if (!find_row(r.org, r.t, id))
        return not_found(r.t, id);
    auto& rows = r.org[r.t.set];
    rows.erase(std::remove_if(rows.begin(), rows.end(), [&](const json& row) { return row[r.t.key] == id; }), rows.end());
    // Lookups to the deleted row are cleared (Dataverse's default "remove link" cascade).
    for (const auto& other : tables())
        for (const auto& c : other.columns)
            if (c.kind == column_kind::lookup && std::find(c.targets.begin(), c.targets.end(), r.t.set) != c.targets.end())
                for (auto& row : r.org[other.set])
                    if (row[stored_name(c)] == id)
                        row[stored_name(c)] = nullptr;
    return no_content();
}

http_response_data who_am_i(const json& org, const json& claims)
{
    const std::string app = claims.value("appid", claims.value("azp", ""));
    return json_reply(200, json{{"@odata.context", "$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse"},
                                {"BusinessUnitId", name_based_guid("businessunit|" + org["organizations"][0]["organizationid"].get<std::string>())},
                                {"UserId", name_based_guid("applicationuser|" + app)},
                                {"OrganizationId", org["organizations"][0]["organizationid"]}});
}

} // namespace

bool service::handles(const http_request_data& request)
{
    const auto& s = request.segments;
    return s.size() > version_segment && s[0] == "api" && s[1] == "data";
}

http_response_data service::handle(const http_request_data& request)
{
    const bool write = request.method != "GET";
    request_record record{request.method, request.path, std::nullopt, json::object(), write, 0,
                          std::nullopt, std::string("dataverse"), std::nullopt};
    json body = nullptr;
    if (!trim(request.body).empty()) {
        body = json::parse(request.body, nullptr, false);
        record.parameters = body.is_discarded() ? json("<not JSON>") : redact_secrets(body);
    } else if (const auto pairs = parse_query(request.query)) {
        for (const auto& [name, value] : *pairs)
            record.parameters[name] = value;
    }
    const auto finish = [&](http_response_data response) {
        record.status = response.status;
        store_.record(record);
        return response;
    };

    const auto aud = audience_of(request);
    // Without a Dataverse audience the check below fails with the right 401 (no token, bad
    // signature, expired, or "The audience is invalid").
    const entra::bearer_requirement need{aud ? aud->resource : std::string("https://unknown.crm.dynamics.com"), {}, {}};
    const auto auth = entra::authorize(key_, request, need, base_url_of(request));
    if (!auth.ok()) {
        // Dataverse answers 401 with the challenge only, no body.
        http_response_data response{auth.failure.status, std::string(), auth.failure.headers};
        return finish(response);
    }
    const std::string tenant_id = to_lower(auth.claims->value("tid", ""));
    record.tenant = tenant_id;

    if (request.segments[version_segment] != "v9.2" && request.segments[version_segment] != "v9.1" &&
        request.segments[version_segment] != "v9.0")
        return finish(error(404, code_bad_query, "Resource not found for the segment '" + request.segments[version_segment] + "'."));
    if (body.is_discarded())
        return finish(error(400, code_bad_payload, "The request body is not valid JSON."));
    if (request.segments.size() != version_segment + 2)
        return finish(error(404, code_bad_query, "Resource not found for the segment '" + request.segments.back() + "'."));
    const std::string& resource = request.segments[version_segment + 1];

    double delay = 0;
    json injected;
    {
        std::lock_guard lock(mutex_);
        delay = settings_.test_enable_delay;
        injected = settings_.test_enable_failures;
    }
    return store_.with_state([&](json& state) {
        const auto reply = [&](http_response_data response) {
            record.status = response.status;
            store_.record_locked(record);
            return response;
        };
        json* org = find_org(state, tenant_id, aud->org);
        if (!org)
            return reply(error(404, code_not_found,
                               "The organization '" + aud->org + "' does not exist in tenant " + tenant_id + "."));
        const double now = now_epoch_seconds();
        // Jobs that fell due since the last request finish first, so every read sees their outcome.
        run_due_jobs(*org, now, injected, crm_deployment::s2s_failure(state, tenant_id, aud->org));
        if (resource == "WhoAmI") {
            if (request.method != "GET")
                return reply(error(405, code_bad_query, "WhoAmI is a function; call it with GET."));
            return reply(who_am_i(*org, *auth.claims));
        }
        auto parsed = parse_target(resource);
        if (auto* refused = std::get_if<http_response_data>(&parsed))
            return reply(std::move(*refused));
        const target where = std::get<target>(parsed);
        request_scope scope{request, *org, *where.t, base_url_of(request), body, now, delay};
        if (!where.id) {
            if (request.method == "GET") {
                auto query = parse_table_query(request, *where.t);
                if (auto* refused = std::get_if<http_response_data>(&query))
                    return reply(std::move(*refused));
                return reply(list_rows(request, scope.base, *where.t, (*org)[where.t->set], std::get<table_query>(query)));
            }
            if (request.method == "POST")
                return reply(create(scope));
            return reply(error(405, code_bad_query, request.method + " is not allowed on a collection."));
        }
        if (request.method == "GET") {
            auto query = parse_table_query(request, *where.t);
            if (auto* refused = std::get_if<http_response_data>(&query))
                return reply(std::move(*refused));
            const json* row = find_row(*org, *where.t, *where.id);
            if (!row)
                return reply(not_found(*where.t, *where.id));
            json out = {{"@odata.context", context_url(scope.base, *where.t, std::get<table_query>(query), true)}};
            out.update(shown_row(*where.t, *row, std::get<table_query>(query)));
            return reply(json_reply(200, out));
        }
        if (request.method == "PATCH")
            return reply(update(scope, *where.id));
        if (request.method == "DELETE")
            return reply(remove(scope, *where.id));
        return reply(error(405, code_bad_query, request.method + " is not allowed on a row."));
    });
}

std::optional<http_response_data> service::control(const http_request_data& request)
{
    const auto& s = request.segments;
    if (s.size() != 3 || s[0] != "control" || s[1] != "dataverse" || s[2] != "settings" ||
        (request.method != "GET" && request.method != "POST"))
        return std::nullopt;
    std::lock_guard lock(mutex_);
    if (request.method == "POST") {
        const json body = json::parse(request.body, nullptr, false);
        try {
            if (body.is_discarded())
                throw std::invalid_argument("The body is not JSON.");
            settings_.apply(body);
        } catch (const std::invalid_argument& problem) {
            return http_response_data{400, dump_json(json{{"error", {{"code", "BadRequest"}, {"message", problem.what()}}}}), {}};
        }
    }
    return http_response_data{200, dump_json(settings_.to_json()), {}};
}

void service::reset()
{
    std::lock_guard lock(mutex_);
    settings_ = settings{};
}

} // namespace emulator::dataverse
