#include "dataverse/dataverse_error.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>

#include "graph/redact_tokens.h"

namespace mailint::dataverse {

namespace {

struct kind {
    const char *id;
    errc code;
    const char *message;
};

const kind not_found{"dataverse.not_found", errc::not_found, "the record does not exist"};
const kind precondition_failed{"dataverse.precondition_failed", errc::conflict,
                               "the record changed since it was read (If-Match did not match): read it again"};
const kind bad_request{"dataverse.bad_request", errc::invalid_argument, "Dataverse refused the request"};
const kind throttled{"dataverse.throttled", errc::throttled,
                     "Dataverse's service protection limits kept refusing the request after every retry: try again later"};
const kind permission_denied{"dataverse.permission_denied", errc::permission_denied,
                             "the application user lacks the Dataverse privilege (security role) for this"};
const kind unauthenticated{"dataverse.unauthenticated", errc::unauthenticated,
                           "Dataverse did not accept the access token, even a freshly acquired one"};
const kind unavailable{"dataverse.unavailable", errc::unavailable, "Dataverse is unavailable: try again later"};
const kind failed{"dataverse.request_failed", errc::generic, "Dataverse refused the request"};

const kind &kind_for(int status, const std::string &code) {
    if (code == "0x80040217" || status == 404) return not_found;
    if (code == "0x80072321" || code == "0x80072322" || code == "0x80072326" || status == 429) return throttled;
    if (status == 412) return precondition_failed;
    if (status == 401) return unauthenticated;
    if (status == 403) return permission_denied;
    if (status >= 500) return unavailable;
    if (status == 400) return bad_request;
    return failed;
}

// "0x80040217", also from a decimal int32 ("-2147220969") as some SDK paths print it.
std::string normalise_code(const nlohmann::json &code) {
    long long number = 0;
    if (code.is_string()) {
        std::string text = code.get<std::string>();
        std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (text.rfind("0x", 0) == 0 || text.empty()) return text;
        try {
            number = std::stoll(text);
        } catch (...) {
            return text;
        }
    } else if (code.is_number_integer()) {
        number = code.get<long long>();
    } else {
        return {};
    }
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "0x%08x", static_cast<unsigned>(static_cast<std::uint32_t>(number)));
    return buffer;
}

}  // namespace

std::optional<dataverse_error_body> parse_dataverse_error(std::string_view body) {
    auto parsed = nlohmann::json::parse(body, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
    auto error = parsed.find("error");
    if (error == parsed.end() || !error->is_object()) return std::nullopt;
    dataverse_error_body out;
    if (auto code = error->find("code"); code != error->end()) out.code = normalise_code(*code);
    if (auto message = error->find("message"); message != error->end() && message->is_string())
        out.message = message->get<std::string>();
    return out;
}

mailint::error dataverse_error(int status, const std::optional<dataverse_error_body> &body, std::string_view method,
                               std::string_view path) {
    const std::string code = body ? body->code : std::string();
    const kind &k = kind_for(status, code);
    const std::string bare_path(path.substr(0, path.find('?')));
    std::string message = "Dataverse: " + std::string(k.message);
    if (body && !body->message.empty()) message += " (" + graph::redact_tokens(body->message) + ")";
    message += " [" + std::string(method) + " " + bare_path + ", HTTP " + std::to_string(status) +
               (code.empty() ? std::string() : " " + code) + "]";
    return mailint::error(k.code, k.id, message,
                          {{"status", status}, {"code", code}, {"method", std::string(method)}, {"path", bare_path}});
}

mailint::error dataverse_error(const http::response &answer, std::string_view method, std::string_view path) {
    return dataverse_error(answer.status, parse_dataverse_error(answer.body), method, path);
}

}  // namespace mailint::dataverse
