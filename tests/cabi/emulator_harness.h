#pragma once
// The real emulator for the connection tests of the C ABI: one process per test binary, started
// with --stdin-lifetime so it dies with the tests, and a plain blocking HTTP/1.1 client (POSIX
// sockets, Connection: close) for its /control endpoints. Deliberately independent of the library
// under test: what the library sent is read back from the emulator, not from the library.
#include <string>

#include <nlohmann/json.hpp>

namespace cabitest {

struct http_answer {
    int status = 0;
    std::string body;
    nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
};

class emulator {
public:
    // Starts MAILINT_CABI_EMULATOR (a compile definition) and waits for its listening line.
    emulator();
    ~emulator();
    emulator(const emulator &) = delete;
    emulator &operator=(const emulator &) = delete;

    const std::string &url() const { return url_; }  // "http://127.0.0.1:PORT"

    http_answer get(const std::string &path) const;
    http_answer post(const std::string &path, const std::string &body,
                     const std::string &content_type = "application/json") const;

    void reset() const;  // POST /control/reset
    // Entries of GET /control/requests.
    nlohmann::json requests() const;

private:
    http_answer send(const std::string &method, const std::string &path, const std::string &body,
                     const std::string &content_type) const;
    int pid_ = -1;
    int stdin_fd_ = -1;
    std::string url_;
    int port_ = 0;
};

// The one emulator of this test binary.
emulator &shared_emulator();

// The emulator's built-in demo tenant and app (emulator/PROTOCOL.md).
inline constexpr const char *kDemoTenant = "11111111-2222-3333-4444-555555555555";
inline constexpr const char *kDemoClient = "97e0a5b7-d745-40b6-94fe-5f77d35c6e05";
inline constexpr const char *kDemoSecret = "demo-client-secret-not-for-production";

}  // namespace cabitest
