#include "exchange_online/next_link.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "core/error.h"
#include "http/microsoft_hosts.h"

namespace mailint::exchange_online {

namespace {

struct origin {
    std::string scheme;  // lower case
    std::string host;    // lower case
    std::string port;    // empty for the scheme's default
    std::string text() const { return scheme + "://" + host + (port.empty() ? "" : ":" + port); }
    bool operator==(const origin &) const = default;
};

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::optional<origin> origin_of(std::string_view url) {
    const auto sep = url.find("://");
    if (sep == std::string_view::npos) return std::nullopt;
    origin o;
    o.scheme = lower(url.substr(0, sep));
    if (o.scheme != "http" && o.scheme != "https") return std::nullopt;
    std::string_view authority = url.substr(sep + 3);
    authority = authority.substr(0, authority.find_first_of("/?#"));
    // Userinfo ("user@host") would make the host ambiguous; the service never sends it.
    if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
    const auto colon = authority.rfind(':');
    if (colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
        o.host = lower(authority.substr(0, colon));
        o.port = std::string(authority.substr(colon + 1));
        if (o.port.empty() || !std::all_of(o.port.begin(), o.port.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return std::nullopt;
        if ((o.scheme == "https" && o.port == "443") || (o.scheme == "http" && o.port == "80")) o.port.clear();
    } else {
        o.host = lower(authority);
    }
    if (o.host.empty()) return std::nullopt;
    return o;
}

[[noreturn]] void refuse(std::string_view base, const std::string &why) {
    throw error(errc::unavailable, "exchange.next_link.refused",
                "Exchange Online's next-page link was not followed: " + why + " (the access token is only sent to " +
                    std::string(base) + ").");
}

}  // namespace

std::string resolve_next_link(std::string_view base, std::string_view link) {
    const auto home = origin_of(base);
    if (!home) refuse(base, "the endpoint is not an http(s) URL");
    if (link.empty()) refuse(base, "the link is empty");
    if (link.front() == '/') {
        if (link.size() > 1 && link[1] == '/') refuse(base, "a scheme-relative link names another host");
        return home->text() + std::string(link);
    }
    const auto there = origin_of(link);
    if (!there) refuse(base, "the link is not an http(s) URL");
    if (*there == *home) return std::string(link);
    if (there->scheme == "https" && home->scheme == "https" && http::is_microsoft_service_host(there->host) &&
        http::is_microsoft_service_host(home->host))
        return std::string(link);
    refuse(base, "it points to " + there->text());
}

}  // namespace mailint::exchange_online
