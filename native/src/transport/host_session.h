#pragma once
// The host-session transport: the caller (the PowerShell cmdlet) runs one command in its own
// runspace and hands back the output objects. This is how on-premises Exchange cmdlets, Windows
// features and DNS Server cmdlets are reached: exactly as an administrator's shell would run them,
// with parameters bound as objects, never as script text.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace mailint {

struct host_command {
    std::string name;                                         // "Set-ReceiveConnector"
    nlohmann::json parameters = nlohmann::json::object();    // by name; may hold $secret refs

    nlohmann::json to_json() const;
    bool is_read() const;  // Get-* and Test-* only read
};

struct host_failure {
    std::string type;      // "ManagementObjectNotFoundException"
    std::string category;  // PowerShell ErrorCategory name: "ObjectNotFound"
    std::string message;
    // Set by the core's own command sessions (Graph, Exchange Online, DNS), whose failures are
    // already mailint::errors: their stable id and code are kept as they are instead of being
    // guessed again from a category name.
    std::string error_id;
    std::optional<errc> code;
};

struct host_result {
    std::vector<nlohmann::json> objects;
    std::vector<std::string> warnings;
    std::optional<host_failure> failure;
};

class host_session {
public:
    virtual ~host_session() = default;
    // Throws mailint::error(cancelled) when the host cancels; a failed command is a host_result
    // with failure set, not an exception.
    virtual host_result invoke(const host_command &command) = 0;
};

// For the core's own command sessions (Graph, Exchange Online, DNS): a failed command as a result
// that keeps the error's stable id and code, and a text parameter the plan must have given
// (its absence is the core's bug: internal, plan.command.parameter_missing).
host_result failure_result(const error &e);
std::string required_text(const nlohmann::json &parameters, const char *name);

// Request document in, reply document out (see mailint_host_invoke_cb in mailint.h).
using host_invoker = std::function<std::string(const std::string &request_json)>;

class callback_host_session final : public host_session {
public:
    explicit callback_host_session(host_invoker invoker) : invoker_(std::move(invoker)) {}
    host_result invoke(const host_command &command) override;

private:
    host_invoker invoker_;
};

// Parses a reply document; a malformed reply is an internal error of the host.
host_result parse_host_reply(const std::string &reply_json);

}  // namespace mailint
