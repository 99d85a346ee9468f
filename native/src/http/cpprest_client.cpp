#include "http/cpprest_client.h"

#include <algorithm>
#include <system_error>

#include <cpprest/http_client.h>

#include "core/error.h"
#include "http/microsoft_hosts.h"

namespace mailint::http {

namespace {

namespace chttp = web::http;
namespace cclient = web::http::client;

struct parsed_url {
    std::string scheme;
    std::string host;
    std::string origin;    // scheme://host[:port]
    std::string resource;  // path?query, as given (already percent-encoded)
};

parsed_url parse(std::string_view url) {
    try {
        web::uri u{utility::conversions::to_string_t(std::string(url))};
        if (u.host().empty() || (u.scheme() != "http" && u.scheme() != "https"))
            throw error(errc::invalid_argument, "transport.http.invalid_url",
                        "The URL is not an absolute http:// or https:// URL.", {{"url", std::string(url)}});
        parsed_url p;
        p.scheme = u.scheme();
        p.host = u.host();
        p.origin = u.scheme() + "://" + u.host() + (u.port() > 0 ? ":" + std::to_string(u.port()) : "");
        p.resource = u.resource().to_string();
        if (p.resource.empty()) p.resource = "/";
        return p;
    } catch (const web::uri_exception &) {
        throw error(errc::invalid_argument, "transport.http.invalid_url", "The URL is not a valid URL.",
                    {{"url", std::string(url)}});
    }
}

void check_policy(const parsed_url &u, const cpprest_options &options) {
    if (!is_microsoft_service_host(u.host)) return;
    if (u.scheme != "https")
        throw error(errc::failed_precondition, "transport.tls.plaintext_refused",
                    "Refusing to send a request to " + u.host + " without TLS: credentials and tokens go "
                    "to Microsoft's services only over verified HTTPS.",
                    {{"host", u.host}});
    if (options.allow_insecure_tls)
        throw error(errc::failed_precondition, "transport.tls.insecure_refused",
                    "Refusing to skip certificate verification for " + u.host +
                        ": that is allowed only for a custom endpoint such as the emulator.",
                    {{"host", u.host}});
}

bool is_timeout(const std::error_code &ec) {
    return ec == std::errc::timed_out || ec == std::make_error_code(std::errc::timed_out) ||
           ec.value() == ETIMEDOUT;
}

[[noreturn]] void throw_transport(const parsed_url &u, const std::error_code &ec, const std::string &what) {
    nlohmann::json detail = {{"host", u.host}, {"reason", what}, {"code", ec.value()}};
    if (is_timeout(ec))
        throw error(errc::timeout, "transport.http.timeout",
                    "The request to " + u.host + " timed out.", std::move(detail));
    throw error(errc::unavailable, "transport.http.unavailable",
                "Could not reach " + u.host + ": " + what, std::move(detail));
}

}  // namespace

struct cpprest_client::pool {
    std::mutex mutex;
    // Keyed by origin and timeout: cpprest fixes the timeout per client.
    std::map<std::pair<std::string, long long>, std::shared_ptr<cclient::http_client>> clients;

    std::shared_ptr<cclient::http_client> get(const parsed_url &u, std::chrono::milliseconds timeout,
                                               bool validate) {
        std::lock_guard lock(mutex);
        auto &slot = clients[{u.origin, timeout.count()}];
        if (!slot) {
            cclient::http_client_config config;
            config.set_timeout(timeout);
            config.set_validate_certificates(validate);
            slot = std::make_shared<cclient::http_client>(web::uri(u.origin), config);
        }
        return slot;
    }
};

void check_tls_policy(std::string_view url, const cpprest_options &options) { check_policy(parse(url), options); }

cpprest_client::cpprest_client(cpprest_options options) : options_(options), pool_(std::make_unique<pool>()) {}

cpprest_client::~cpprest_client() = default;

response cpprest_client::send(const request &r) {
    const parsed_url u = parse(r.url);
    check_policy(u, options_);
    // Verification stays on unless the caller opted out for a host that is not Microsoft's.
    const bool validate = !options_.allow_insecure_tls;
    auto timeout = r.timeout.count() > 0 ? r.timeout : std::chrono::milliseconds(std::chrono::seconds(100));
    auto http = pool_->get(u, timeout, validate);

    chttp::http_request req{chttp::method(r.method)};
    req.set_request_uri(web::uri(u.resource));
    if (!r.body.empty()) {
        auto type = r.headers.find("Content-Type");
        req.set_body(r.body, type ? *type : std::string("application/octet-stream"));
    }
    // After the body, so the caller's Content-Type replaces the one set_body wrote.
    std::vector<std::string> seen;
    for (const auto &[name, value] : r.headers.fields()) {
        bool first = std::none_of(seen.begin(), seen.end(), [&](const std::string &s) { return equals_ignore_case(s, name); });
        if (first) {
            req.headers().remove(name);
            seen.push_back(name);
        }
        req.headers().add(name, value);
    }

    try {
        chttp::http_response resp = http->request(req).get();
        response out;
        out.status = resp.status_code();
        for (const auto &[name, value] : resp.headers()) out.headers.add(name, value);
        std::vector<unsigned char> bytes = resp.extract_vector().get();
        out.body.assign(bytes.begin(), bytes.end());
        return out;
    } catch (const chttp::http_exception &e) {
        throw_transport(u, e.error_code(), e.what());
    } catch (const std::system_error &e) {
        throw_transport(u, e.code(), e.what());
    } catch (const error &) {
        throw;
    } catch (const std::exception &e) {
        throw error(errc::unavailable, "transport.http.unavailable", "Could not reach " + u.host + ": " + e.what(),
                    {{"host", u.host}});
    }
}

}  // namespace mailint::http
