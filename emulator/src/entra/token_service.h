#pragma once
// The Entra ID personality: token and device-code endpoints, the signing keys' JWKS, and the
// /control/entra/… endpoints (PROTOCOL.md "Entra ID personality"). Tenants and apps live in the
// store's state; device codes, used jtis and settings live here, behind their own mutex, because
// they are not part of any state a test seeds.
#include "entra/device_codes.h"
#include "entra/refresh_tokens.h"
#include "entra/settings.h"
#include "entra/signing_key.h"
#include "http_types.h"
#include "store.h"

#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace emulator::entra {

class token_service {
public:
    token_service(store& s, std::string base_url);

    // nullopt when the request is not for an Entra endpoint.
    std::optional<http_response_data> handle(const http_request_data& request);
    // /control/entra/…; nullopt when the path is not one of them.
    std::optional<http_response_data> control(const http_request_data& request);
    // /control/reset and /control/seed: device codes, used jtis and settings are forgotten.
    void reset();

    const signing_key& key() const { return key_; }

private:
    http_response_data token(const http_request_data& request, const std::string& tenant_segment,
                             const std::map<std::string, std::string>& form);
    http_response_data device_code(const http_request_data& request, const std::string& tenant_segment,
                                   const std::map<std::string, std::string>& form);
    http_response_data client_credentials(const http_request_data& request, const std::string& tenant_segment,
                                          const std::string& tenant_id, const json& app,
                                          const std::map<std::string, std::string>& form);
    http_response_data poll_device_code(const std::string& tenant_id, const std::map<std::string, std::string>& form);
    http_response_data redeem_refresh_token(const std::string& tenant_id, const json& tenant, const json& app,
                                            const std::map<std::string, std::string>& form);

    store& store_;
    std::string base_url_;
    signing_key key_;
    std::mutex mutex_;
    settings settings_;
    device_codes device_codes_;
    refresh_tokens refresh_tokens_;
    std::map<std::string, double> used_jtis_;  // "<tenant>|<client>|<jti>" → exp, forgotten after exp
};

} // namespace emulator::entra
