#pragma once
// The one HTTP seam of the core. Transports (Entra tokens, Graph, Exchange Online, Dataverse) speak
// only this interface, so cpprestsdk (archived upstream) stays confined to cpprest_client.cpp and
// a replacement is a one-folder change; unit tests substitute an in-memory implementation.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mailint::http {

// Header fields in the order they were set, looked up ignoring case (RFC 9110 §5.1): services
// answer "retry-after" or "Retry-After" as they please.
class header_map {
public:
    // Replaces every field named `name`.
    void set(std::string name, std::string value);
    // Adds a field, keeping earlier ones of the same name.
    void add(std::string name, std::string value);
    void remove(std::string_view name);
    // The first field named `name`.
    std::optional<std::string> find(std::string_view name) const;
    bool contains(std::string_view name) const { return find(name).has_value(); }

    const std::vector<std::pair<std::string, std::string>> &fields() const { return fields_; }
    // Overwrites every value before clearing: Authorization carries a bearer token.
    void wipe();

private:
    std::vector<std::pair<std::string, std::string>> fields_;
};

bool equals_ignore_case(std::string_view a, std::string_view b);

struct request {
    std::string method = "GET";
    std::string url;  // absolute: scheme, host, optional port, path and query
    header_map headers;
    std::string body;
    std::chrono::milliseconds timeout{std::chrono::seconds(100)};

    request() = default;
    request(const request &) = default;
    request(request &&) = default;
    request &operator=(const request &) = default;
    request &operator=(request &&) = default;
    // Bodies carry client secrets and assertions, headers bearer tokens: zeroed when dropped.
    ~request();
};

struct response {
    int status = 0;
    header_map headers;
    std::string body;
};

class client {
public:
    virtual ~client() = default;
    // Any HTTP status is a response; a failure to get one (refused, reset, timed out, TLS) throws
    // mailint::error with errc::unavailable or errc::timeout.
    virtual response send(const request &r) = 0;
};

}  // namespace mailint::http
