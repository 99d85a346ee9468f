#include "entra/device_codes.h"

#include "util/base64.h"
#include "util/text.h"

#include <openssl/rand.h>

namespace emulator::entra {
namespace {

token_error device_error(std::string error, int code, std::string message)
{
    return {400, std::move(error), code, std::move(message)};
}

} // namespace

std::string new_user_code()
{
    static constexpr char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    unsigned char bytes[9];
    RAND_bytes(bytes, sizeof bytes);
    std::string code;
    for (const unsigned char b : bytes)
        code.push_back(alphabet[b % (sizeof alphabet - 1)]);
    return code;
}

std::string device_codes::start(device_grant grant)
{
    unsigned char bytes[48];
    RAND_bytes(bytes, sizeof bytes);
    std::string device_code = base64url_encode(bytes, sizeof bytes);
    grants_.emplace(device_code, std::move(grant));
    return device_code;
}

std::variant<device_grant, token_error> device_codes::poll(const std::string& device_code,
                                                           const std::string& client_id, double now,
                                                           double slow_down_increment)
{
    const auto it = grants_.find(device_code);
    if (it == grants_.end() || !iequals(it->second.client_id, client_id))
        return device_error("bad_verification_code", 70018,
                            "The provided value for the input parameter 'device_code' is not valid.");
    device_grant& grant = it->second;
    if (grant.state == device_grant::status::redeemed)
        return device_error("invalid_grant", 54005,
                            "OAuth2 Authorization code was already redeemed, please retry with a new valid code.");
    if (now >= grant.expires_at)
        return device_error("expired_token", 70019, "Verification code expired.");
    // RFC 8628 §3.5: a poll sooner than the interval after the previous one is answered slow_down,
    // and the interval grows for every later poll. The first poll is free: the pace is between polls.
    const bool too_fast = grant.last_poll && now - *grant.last_poll < grant.interval;
    grant.last_poll = now;
    if (too_fast) {
        grant.interval += slow_down_increment;
        return device_error("slow_down", 70016,
                            "OAuth 2.0 device flow error. Authorization is pending, and the client polls too "
                            "often; wait at least the interval between polls.");
    }
    switch (grant.state) {
    case device_grant::status::pending:
        return device_error("authorization_pending", 70016,
                            "OAuth 2.0 device flow error. Authorization is pending. Continue polling.");
    case device_grant::status::declined:
        return device_error("authorization_declined", 65004, "User declined to consent to access the app.");
    case device_grant::status::approved:
        grant.state = device_grant::status::redeemed;
        return grant;
    case device_grant::status::redeemed:
        break;
    }
    return device_error("invalid_grant", 54005, "OAuth2 Authorization code was already redeemed.");
}

device_grant* device_codes::by_user_code(const std::string& user_code, double now)
{
    for (auto& [code, grant] : grants_)
        if (iequals(grant.user_code, user_code) && now < grant.expires_at)
            return &grant;
    return nullptr;
}

device_codes::decision_result device_codes::approve(const std::string& user_code, const std::string& upn, double now)
{
    device_grant* grant = by_user_code(user_code, now);
    if (!grant)
        return decision_result::unknown;
    if (grant->state != device_grant::status::pending)
        return decision_result::already_decided;
    grant->state = device_grant::status::approved;
    grant->upn = upn;
    return decision_result::done;
}

device_codes::decision_result device_codes::decline(const std::string& user_code, double now)
{
    device_grant* grant = by_user_code(user_code, now);
    if (!grant)
        return decision_result::unknown;
    if (grant->state != device_grant::status::pending)
        return decision_result::already_decided;
    grant->state = device_grant::status::declined;
    return decision_result::done;
}

} // namespace emulator::entra
