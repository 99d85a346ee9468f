#include "graph/graph_error.h"

#include <algorithm>
#include <cctype>

#include "graph/redact_tokens.h"

namespace mailint::graph {

namespace {

struct kind {
    const char *id;
    errc code;
    const char *message;  // what it means for the administrator
};

const kind not_found{"graph.not_found", errc::not_found, "the object does not exist"};
const kind bad_request{"graph.bad_request", errc::invalid_argument, "Microsoft Graph refused the request"};
const kind upn_conflict{"graph.user.upn_conflict", errc::already_exists,
                        "another object already has this userPrincipalName"};
const kind usage_location_missing{"graph.license.usage_location_missing", errc::failed_precondition,
                                  "the user has no usage location, which a licence needs: set usageLocation first"};
const kind licences_exhausted{"graph.license.exhausted", errc::failed_precondition,
                              "the subscription has no licences left: buy more or free some"};
const kind permission_denied{"graph.permission_denied", errc::permission_denied,
                             "the application lacks the Microsoft Graph permission (or admin consent) for this"};
const kind unauthenticated{"graph.unauthenticated", errc::unauthenticated,
                           "Microsoft Graph did not accept the access token, even a freshly acquired one"};
const kind throttled{"graph.throttled", errc::throttled,
                     "Microsoft Graph kept throttling the request after every retry: try again later"};
const kind unavailable{"graph.unavailable", errc::unavailable, "Microsoft Graph is unavailable: try again later"};
const kind failed{"graph.request_failed", errc::generic, "Microsoft Graph refused the request"};

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool contains(std::string_view haystack_lower, std::string_view needle_lower) {
    return haystack_lower.find(needle_lower) != std::string_view::npos;
}

bool any_equal(const std::vector<std::string> &values, std::string_view wanted) {
    return std::any_of(values.begin(), values.end(), [&](const std::string &v) { return lower(v) == lower(wanted); });
}

// A 400's known causes. Graph answers all of them with code Request_BadRequest, so the message
// (and, where Graph gives them, details[].code/target) is what tells them apart; the texts are
// the service's own (wire-apis.md §2.3).
const kind &bad_request_kind(const graph_error_body &body) {
    const auto message = lower(body.message);
    if (contains(message, "same value for property userprincipalname") ||
        (any_equal(body.detail_codes, "ObjectConflict") && any_equal(body.detail_targets, "userPrincipalName")))
        return upn_conflict;
    if (contains(message, "invalid usage location")) return usage_location_missing;
    // "Subscription with SKU <id> does not have any available licenses."
    if (contains(message, "does not have any available licenses") || contains(message, "not enough licenses") ||
        contains(message, "insufficient licenses"))
        return licences_exhausted;
    return bad_request;
}

const kind &kind_for(int status, const std::optional<graph_error_body> &body) {
    const std::string code = body ? lower(body->code) : std::string();
    if (status == 404 || code == "request_resourcenotfound" || code == "resourcenotfound") return not_found;
    if (status == 401) return unauthenticated;
    if (status == 403 || code == "authorization_requestdenied") return permission_denied;
    if (status == 429) return throttled;
    if (status >= 500) return unavailable;
    if (status == 400) return body ? bad_request_kind(*body) : bad_request;
    return failed;
}

std::string string_member(const nlohmann::json &object, const char *name) {
    auto it = object.find(name);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::optional<graph_error_body> parse_graph_error(const nlohmann::json &body) {
    if (!body.is_object()) return std::nullopt;
    auto error = body.find("error");
    if (error == body.end() || !error->is_object()) return std::nullopt;
    graph_error_body out;
    out.code = string_member(*error, "code");
    out.message = string_member(*error, "message");
    // v1.0 says "innerError", older answers "innererror".
    for (const char *inner_name : {"innerError", "innererror"}) {
        auto inner = error->find(inner_name);
        if (inner != error->end() && inner->is_object() && out.request_id.empty())
            out.request_id = string_member(*inner, "request-id");
    }
    if (auto details = error->find("details"); details != error->end() && details->is_array()) {
        for (const auto &d : *details) {
            if (!d.is_object()) continue;
            out.detail_codes.push_back(string_member(d, "code"));
            out.detail_targets.push_back(string_member(d, "target"));
        }
    }
    if (out.code.empty() && out.message.empty()) return std::nullopt;
    return out;
}

std::optional<graph_error_body> parse_graph_error_text(std::string_view body) {
    auto parsed = nlohmann::json::parse(body, nullptr, false);
    if (parsed.is_discarded()) return std::nullopt;
    return parse_graph_error(parsed);
}

mailint::error graph_error(int status, const std::optional<graph_error_body> &body, std::string_view request_id,
                           std::string_view method, std::string_view path) {
    const kind &k = kind_for(status, body);
    const std::string bare_path(path.substr(0, path.find('?')));
    std::string message = "Microsoft Graph: " + std::string(k.message);
    if (body && !body->message.empty()) message += " (" + redact_tokens(body->message) + ")";
    message += " [" + std::string(method) + " " + bare_path + ", HTTP " + std::to_string(status) +
               (body && !body->code.empty() ? " " + body->code : std::string()) + "]";

    nlohmann::json detail = {{"status", status},
                             {"code", body ? body->code : std::string()},
                             {"requestId", body && !body->request_id.empty() ? body->request_id : std::string(request_id)},
                             {"method", std::string(method)},
                             {"path", bare_path}};
    return mailint::error(k.code, k.id, message, std::move(detail));
}

mailint::error graph_error(const http::response &answer, std::string_view method, std::string_view path) {
    return graph_error(answer.status, parse_graph_error_text(answer.body), answer.headers.find("request-id").value_or(""),
                       method, path);
}

}  // namespace mailint::graph
