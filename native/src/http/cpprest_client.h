#pragma once
// http::client over cpprestsdk. This header stays free of cpprestsdk so only cpprest_client.cpp
// pays for its headers (seconds per translation unit) and depends on it.
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "http/http_client.h"

namespace mailint::http {

struct cpprest_options {
    // Skip certificate verification: for the emulator or a lab endpoint with a self-signed
    // certificate. Honoured only for hosts that are not Microsoft's services (microsoft_hosts.h);
    // a request to one of those with this set throws transport.tls.insecure_refused.
    bool allow_insecure_tls = false;
};

class cpprest_client final : public client {
public:
    explicit cpprest_client(cpprest_options options = {});
    ~cpprest_client() override;
    cpprest_client(const cpprest_client &) = delete;
    cpprest_client &operator=(const cpprest_client &) = delete;

    // Throws mailint::error: invalid_argument transport.http.invalid_url; failed_precondition
    // transport.tls.insecure_refused, transport.tls.plaintext_refused (http:// to a Microsoft
    // host); unavailable transport.http.unavailable (refused, reset, DNS, TLS handshake);
    // timeout transport.http.timeout.
    response send(const request &r) override;

    const cpprest_options &options() const { return options_; }

private:
    struct pool;  // cpprest clients per origin and timeout, reused for keep-alive
    cpprest_options options_;
    std::unique_ptr<pool> pool_;
};

// The policy check send() applies, exposed so a connection can be refused when it is configured
// rather than at its first request. Throws as send() does for the TLS cases.
void check_tls_policy(std::string_view url, const cpprest_options &options);

}  // namespace mailint::http
