#include "entra/token_error.h"

#include "util/json.h"

#include <openssl/rand.h>

#include <chrono>
#include <cstdio>
#include <ctime>

namespace emulator::entra {

std::string random_guid()
{
    unsigned char bytes[16];
    RAND_bytes(bytes, sizeof bytes);
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);  // version 4
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
    char text[37];
    std::snprintf(text, sizeof text, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", bytes[0],
                  bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10],
                  bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]);
    return text;
}

std::string entra_timestamp()
{
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%SZ", &tm);
    return buffer;
}

http_response_data error_response(const token_error& error)
{
    const std::string trace_id = random_guid();
    const std::string correlation_id = random_guid();
    const std::string timestamp = entra_timestamp();
    const std::string code = std::to_string(error.code);
    const json body = {{"error", error.error},
                       {"error_description", "AADSTS" + code + ": " + error.message + "\r\nTrace ID: " + trace_id +
                                                 "\r\nCorrelation ID: " + correlation_id + "\r\nTimestamp: " + timestamp},
                       {"error_codes", json::array({error.code})},
                       {"timestamp", timestamp},
                       {"trace_id", trace_id},
                       {"correlation_id", correlation_id},
                       {"error_uri", "https://login.microsoftonline.com/error?code=" + code}};
    http_response_data response{error.status, dump_json(body), {}};
    // Entra marks token responses, failed ones included, as not cacheable.
    response.headers.emplace_back("Cache-Control", "no-store, no-cache");
    if (error.status == 401)
        response.headers.emplace_back("WWW-Authenticate", "Bearer");
    return response;
}

} // namespace emulator::entra
