#pragma once
// Pending device-code sign-ins (RFC 8628, Entra's v2-oauth2-device-code): what a device_code was
// issued for, its polling pace and whether the user (a control endpoint, in the emulator) approved
// or declined it. Not thread-safe: the token service serializes access.
#include "entra/token_error.h"
#include "util/json.h"

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace emulator::entra {

struct device_grant {
    std::string tenant_id;
    std::string client_id;
    std::string resource;
    std::vector<std::string> scopes;  // granted delegated scopes, without the resource prefix
    std::string user_code;
    double expires_at = 0;
    double interval = 5;
    std::optional<double> last_poll;
    enum class status { pending, approved, declined, redeemed } state = status::pending;
    std::string upn;
    bool offline_access = false;  // the scope asked for it: a refresh token comes with the access token
};

class device_codes {
public:
    // Returns the new device_code.
    std::string start(device_grant grant);

    // A poll of the token endpoint: the approved grant (consumed), or the error to answer with.
    std::variant<device_grant, token_error> poll(const std::string& device_code, const std::string& client_id,
                                                 double now, double slow_down_increment);

    enum class decision_result { done, unknown, already_decided };
    decision_result approve(const std::string& user_code, const std::string& upn, double now);
    decision_result decline(const std::string& user_code, double now);

    void clear() { grants_.clear(); }

private:
    device_grant* by_user_code(const std::string& user_code, double now);
    std::map<std::string, device_grant> grants_;  // by device_code
};

// Nine characters from an alphabet without look-alikes, as Entra's user codes look ("FRWQDE7YL").
std::string new_user_code();

} // namespace emulator::entra
