#pragma once
// What a mailint_connection handle holds: the cloud::connection and everything it borrows (its own
// HTTP client and a copy of the secrets it reads), so connections share nothing but the session
// whose callbacks they use.
#include <memory>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "cloud/connection.h"
#include "core/error.h"
#include "exchange_online/exo_client.h"
#include "http/cpprest_client.h"
#include "mailint.h"
#include "secret/secret_store.h"

struct mailint_connection {
    mailint_session *session = nullptr;  // borrowed: the session outlives its connections
    // Declared before `cloud` so they are destroyed after it: the connection refers to both.
    mailint::secret_store secrets;
    std::unique_ptr<mailint::http::cpprest_client> http;
    std::unique_ptr<mailint::cloud::connection> cloud;

    std::string environment_name;  // "Global", …, "Custom"
    std::string auth_kind;         // "clientSecret", …
    std::string client_id;         // as described: a handed-in token's appid when none was configured
    nlohmann::json account;        // upn of a delegated token, or null
    std::string connected_at;      // ISO 8601 UTC

    // The thread inside the entry point now running. Callbacks may fire only on it (mailint.h); a
    // token acquired on a worker thread (a parallel batch) must not prompt.
    std::thread::id calling_thread;
    // Set when the notice or progress callback asked to cancel a device code sign-in.
    bool sign_in_cancelled = false;

    // The message of a core error with every secret the connection holds replaced by "********":
    // a last line of defence for texts that echo a service's answer.
    std::string redacted(const std::string &text) const { return secrets.redact(text); }
};

namespace mailint::cabi {

// Marks the calling thread as the one callbacks may fire on, for the duration of an entry point.
class calling_thread_scope {
public:
    explicit calling_thread_scope(mailint_connection &c) : c_(c) { c_.calling_thread = std::this_thread::get_id(); }
    ~calling_thread_scope() { c_.calling_thread = std::thread::id(); }
    calling_thread_scope(const calling_thread_scope &) = delete;
    calling_thread_scope &operator=(const calling_thread_scope &) = delete;

private:
    mailint_connection &c_;
};

// Rethrows a mailint::error with its message and detail redacted of the connection's secrets.
[[noreturn]] void rethrow_redacted(const mailint_connection &c, const mailint::error &e);

// The connection's Exchange Online admin API: its base URL and tenant.
mailint::exchange_online::exo_endpoint exchange_endpoint(const mailint_connection &c);

// The directory (tenant) GUID: as configured, or, for a tenant given by a domain name, read from
// Graph's /organization (a request on the calling thread).
std::string tenant_guid(mailint_connection &c);

}  // namespace mailint::cabi
