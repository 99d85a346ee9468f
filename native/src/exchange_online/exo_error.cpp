#include "exchange_online/exo_error.h"

#include <algorithm>
#include <array>
#include <cctype>

#include <nlohmann/json.hpp>

namespace mailint::exchange_online {

namespace {

using nlohmann::json;

constexpr std::size_t max_message = 2000;

// Service text goes into a one-line message: no control characters (a 403 body is NULs, some
// messages carry \r\n), bounded length.
std::string clean_text(std::string_view s) {
    std::string out;
    out.reserve(std::min(s.size(), max_message));
    bool space = false;
    for (char c : s) {
        if (out.size() >= max_message) {
            out += "…";
            break;
        }
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::size_t find_ignore_case(std::string_view haystack, std::string_view needle) {
    auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    });
    return it == haystack.end() ? std::string_view::npos : static_cast<std::size_t>(it - haystack.begin());
}

// The parameter a binding message names: "… matches parameter name 'Foo'." / "Cannot validate
// argument on parameter 'Foo'. …".
std::string named_parameter(std::string_view text) {
    for (std::string_view marker : {"parameter name '", "parameter '"}) {
        const auto at = find_ignore_case(text, marker);
        if (at == std::string_view::npos) continue;
        const auto start = at + marker.size();
        const auto end = text.find('\'', start);
        if (end == std::string_view::npos || end == start || end - start > 128) continue;
        return std::string(text.substr(start, end - start));
    }
    return {};
}

// x-ms-diagnostics: 2000003;reason="The user … does not exist.";error_category="invalid_user"
std::string diagnostics_reason(std::string_view header) {
    const auto at = find_ignore_case(header, "reason=\"");
    if (at != std::string_view::npos) {
        const auto start = at + 8;
        const auto end = header.find('"', start);
        if (end != std::string_view::npos) return clean_text(header.substr(start, end - start));
    }
    return clean_text(header);
}

// error_description="…" of a WWW-Authenticate challenge (no credential in it: it is the service's).
std::string challenge_description(std::string_view header) {
    const auto at = find_ignore_case(header, "error_description=\"");
    if (at == std::string_view::npos) return {};
    const auto start = at + 19;
    const auto end = header.find('"', start);
    return end == std::string_view::npos ? std::string() : clean_text(header.substr(start, end - start));
}

bool class_is(const std::string &short_class, std::string_view name) { return short_class == name; }

bool is_parameter_class(const std::string &c) {
    return c.starts_with("ParameterBinding") || c == "AmbiguousParameterSetException" ||
           c == "ParameterTransformationException";
}

bool is_validation_class(const std::string &c) { return c.ends_with("ValidationException"); }

constexpr std::array<std::string_view, 5> transient_exceptions = {
    "DCOverloadedException", "SuitabilityDirectoryException", "ServerInMMException",
    "ADServerSettingsChangedException", "StorageTransientException"};

bool names_transient(std::string_view text) {
    return std::any_of(transient_exceptions.begin(), transient_exceptions.end(),
                       [&](std::string_view name) { return text.find(name) != std::string_view::npos; });
}

std::string details_message(const http::response &answer) {
    if (answer.body.empty() || answer.body.front() != '{') return {};
    const json body = json::parse(answer.body, nullptr, false);
    if (!body.is_object()) return {};
    const auto e = body.find("error");
    if (e == body.end() || !e->is_object()) return {};
    const auto details = e->find("details");
    if (details == e->end() || !details->is_array() || details->empty() || !(*details)[0].is_object()) return {};
    const auto message = (*details)[0].find("message");
    return message != (*details)[0].end() && message->is_string() ? message->get<std::string>() : std::string();
}

}  // namespace

std::string short_class_name(std::string_view exception_class) {
    const auto dot = exception_class.rfind('.');
    return std::string(dot == std::string_view::npos ? exception_class : exception_class.substr(dot + 1));
}

service_error parse_service_error(const http::response &answer) {
    service_error out;
    out.status = answer.status;
    const json body = answer.body.empty() || answer.body.front() != '{' ? json() : json::parse(answer.body, nullptr, false);
    const json *e = body.is_object() && body.contains("error") && body["error"].is_object() ? &body["error"] : nullptr;
    if (e) {
        if (e->contains("code") && (*e)["code"].is_string()) out.code = (*e)["code"].get<std::string>();
        const std::string details = details_message(answer);
        // "<stringId>|<ExceptionClass>|<message>"; the message itself may contain '|'.
        const auto first = details.find('|');
        const auto second = first == std::string::npos ? std::string::npos : details.find('|', first + 1);
        if (second != std::string::npos) {
            out.string_id = details.substr(0, first);
            out.exception_class = details.substr(first + 1, second - first - 1);
            out.text = details.substr(second + 1);
        } else {
            out.text = details;
        }
        // The module's fallback for answers without the three-part detail (§1.7).
        if (out.text.empty()) {
            const json *inner = e->contains("innererror") && (*e)["innererror"].is_object() ? &(*e)["innererror"] : nullptr;
            const json *internal = inner && inner->contains("internalexception") && (*inner)["internalexception"].is_object()
                                       ? &(*inner)["internalexception"]
                                       : nullptr;
            if (internal && internal->contains("message") && (*internal)["message"].is_string())
                out.text = (*internal)["message"].get<std::string>();
            else if (e->contains("message") && (*e)["message"].is_string())
                out.text = (*e)["message"].get<std::string>();
        }
    }
    if (out.exception_class.empty())
        if (auto header = answer.headers.find("x-ExceptionType")) out.exception_class = *header;
    return out;
}

error to_error(const http::response &answer, const error_context &context) {
    const service_error parsed = parse_service_error(answer);
    const std::string short_class = short_class_name(parsed.exception_class);
    const std::string text = clean_text(parsed.text);
    const int status = answer.status;

    json detail = {{"cmdlet", context.cmdlet},
                   {"status", status},
                   {"exceptionType", short_class},
                   {"stringId", parsed.string_id},
                   {"requestId", answer.headers.find("request-id").value_or("")},
                   {"clientRequestId", context.client_request_id}};
    const auto with_text = [&](std::string fallback) { return text.empty() ? std::move(fallback) : text; };
    const std::string what = context.cmdlet.empty() ? std::string("the cmdlet") : context.cmdlet;

    if (status == 401) {
        const auto why = challenge_description(answer.headers.find("WWW-Authenticate").value_or(""));
        return error(errc::unauthenticated, "exchange.unauthenticated",
                     "Exchange Online did not accept the access token for " + what +
                         ", also after a new one was acquired" + (why.empty() ? std::string(".") : ": " + why),
                     std::move(detail));
    }
    if (status == 403) {
        // The body is NUL bytes; only the header says why (missing Exchange.ManageAsApp or RBAC
        // role, or a cmdlet the caller's roles do not include).
        const auto diagnostics = answer.headers.find("x-ms-diagnostics");
        const std::string reason = diagnostics ? diagnostics_reason(*diagnostics) : std::string();
        return error(errc::permission_denied, "exchange.permission_denied",
                     "Exchange Online refused " + what + " (403 Forbidden)" +
                         (reason.empty() ? std::string(": the identity lacks the Exchange role or the cmdlet is not available to it.")
                                         : ": " + reason),
                     std::move(detail));
    }
    if (status == 429)
        return error(errc::throttled, "exchange.throttled",
                     with_text("Exchange Online is throttling " + what + " and the retries ran out."), std::move(detail));

    // A transient exception still there after the retries: the service is overloaded or moving
    // things, whatever status it chose; the caller may try again later.
    if (names_transient(parsed.exception_class))
        return error(errc::unavailable, "exchange.unavailable",
                     with_text("Exchange Online is busy (" + short_class + ") for " + what + " and the retries ran out."),
                     std::move(detail));
    if (class_is(short_class, "ManagementObjectNotFoundException"))
        return error(errc::not_found, "exchange.object_not_found", with_text(what + ": the object was not found."),
                     std::move(detail));
    if (short_class.find("AlreadyExists") != std::string::npos)
        return error(errc::already_exists, "exchange.object_already_exists",
                     with_text(what + ": the object already exists."), std::move(detail));
    const std::string parameter = named_parameter(text);
    if (is_parameter_class(short_class) || (status == 400 && !parameter.empty())) {
        if (!parameter.empty()) detail["parameter"] = parameter;
        return error(errc::invalid_argument, "exchange.parameter_invalid",
                     with_text(what + ": a parameter was not accepted."), std::move(detail));
    }
    if (is_validation_class(short_class) || status == 400)
        return error(errc::invalid_argument, "exchange.validation_failed",
                     with_text(what + ": the service refused the values."), std::move(detail));
    if (status == 404)
        return error(errc::not_found, "exchange.object_not_found", with_text(what + ": the object was not found."),
                     std::move(detail));
    if (status >= 500) {
        if (status == 504 && !context.idempotent) detail["outcomeUnknown"] = true;
        return error(errc::unavailable, "exchange.unavailable",
                     with_text("Exchange Online is unavailable (" + std::to_string(status) + ") for " + what +
                               " and the retries ran out.") +
                         (status == 504 && !context.idempotent
                              ? " The change may or may not have been applied; read the object to find out."
                              : ""),
                     std::move(detail));
    }
    return error(errc::generic, "exchange.command_failed",
                 with_text(what + " failed with HTTP status " + std::to_string(status) + "."), std::move(detail));
}

bool is_transient_answer(const http::response &answer) {
    if (answer.status >= 200 && answer.status < 300) return false;
    return names_transient(details_message(answer));
}

bool is_not_found_answer(const http::response &answer) {
    if (answer.status == 404) return true;
    if (answer.status < 400) return false;
    return short_class_name(parse_service_error(answer).exception_class) == "ManagementObjectNotFoundException";
}

}  // namespace mailint::exchange_online
