#include "exchange_online/skip_token.h"

#include "entra/digest.h"
#include "util/base64.h"
#include "util/json.h"
#include "util/text.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace emulator::exchange_online {
namespace {

std::vector<unsigned char> hmac_sha256(const std::vector<unsigned char>& key, std::string_view data)
{
    std::vector<unsigned char> mac(EVP_MAX_MD_SIZE);
    unsigned int size = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
              data.size(), mac.data(), &size))
        throw std::runtime_error("HMAC-SHA256 failed");
    mac.resize(size);
    return mac;
}

} // namespace

skip_token_signer::skip_token_signer() : key_(32)
{
    if (RAND_bytes(key_.data(), static_cast<int>(key_.size())) != 1)
        throw std::runtime_error("RAND_bytes failed");
}

std::string skip_token_signer::issue(const page_position& position) const
{
    const std::string payload = base64url_encode(dump_json(json{{"t", position.tenant_id},
                                                                {"d", position.request_digest},
                                                                {"p", position.next},
                                                                {"n", position.returned},
                                                                {"e", position.expires_at}}));
    return payload + "." + base64url_encode(hmac_sha256(key_, payload));
}

token_problem skip_token_signer::verify(std::string_view token, double now, page_position& position) const
{
    const auto dot = token.find('.');
    if (dot == std::string_view::npos)
        return token_problem::invalid;
    const std::string_view payload = token.substr(0, dot);
    const std::string expected = base64url_encode(hmac_sha256(key_, payload));
    if (!entra::constant_time_equals(expected, token.substr(dot + 1)))
        return token_problem::invalid;
    const auto bytes = base64url_decode(payload);
    if (!bytes)
        return token_problem::invalid;
    const json claims = json::parse(bytes->begin(), bytes->end(), nullptr, false);
    if (!claims.is_object() || !claims.contains("t") || !claims["t"].is_string() || !claims.contains("d") ||
        !claims["d"].is_string() || !claims.contains("p") || !claims["p"].is_number_unsigned() ||
        !claims.contains("n") || !claims["n"].is_number_unsigned() || !claims.contains("e") || !claims["e"].is_number())
        return token_problem::invalid;
    position = {claims["t"].get<std::string>(), claims["d"].get<std::string>(), claims["p"].get<std::size_t>(),
                claims["n"].get<std::size_t>(), claims["e"].get<double>()};
    return now > position.expires_at ? token_problem::expired : token_problem::none;
}

std::string request_digest(std::string_view cmdlet, const std::string& parameters_text)
{
    return entra::hex_lower(entra::sha256(to_lower(cmdlet) + "\n" + parameters_text));
}

} // namespace emulator::exchange_online
