#include "entra/jws.h"

#include "util/base64.h"

#include <openssl/rsa.h>

#include <memory>
#include <stdexcept>

namespace emulator::entra {
namespace {

struct md_ctx_deleter {
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using md_ctx_ptr = std::unique_ptr<EVP_MD_CTX, md_ctx_deleter>;

std::optional<json> decode_object(std::string_view part)
{
    const auto bytes = base64url_decode(part);
    if (!bytes)
        return std::nullopt;
    json value = json::parse(bytes->begin(), bytes->end(), nullptr, false);
    if (value.is_discarded() || !value.is_object())
        return std::nullopt;
    return value;
}

} // namespace

std::optional<jws_parts> parse_jws(std::string_view compact)
{
    const auto first = compact.find('.');
    if (first == std::string_view::npos)
        return std::nullopt;
    const auto second = compact.find('.', first + 1);
    if (second == std::string_view::npos || compact.find('.', second + 1) != std::string_view::npos)
        return std::nullopt;
    auto header = decode_object(compact.substr(0, first));
    auto payload = decode_object(compact.substr(first + 1, second - first - 1));
    auto signature = base64url_decode(compact.substr(second + 1));
    if (!header || !payload || !signature || signature->empty())
        return std::nullopt;
    return jws_parts{std::move(*header), std::move(*payload), std::string(compact.substr(0, second)), std::move(*signature)};
}

bool verify_jws(const jws_parts& parts, EVP_PKEY* public_key)
{
    const auto alg = parts.header.find("alg");
    if (alg == parts.header.end() || !alg->is_string())
        return false;
    const bool pss = *alg == "PS256";
    if (!pss && *alg != "RS256")
        return false;
    md_ctx_ptr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pkey_ctx = nullptr;
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pkey_ctx, EVP_sha256(), nullptr, public_key) != 1)
        return false;
    if (pss && (EVP_PKEY_CTX_set_rsa_padding(pkey_ctx, RSA_PKCS1_PSS_PADDING) != 1 ||
                EVP_PKEY_CTX_set_rsa_pss_saltlen(pkey_ctx, RSA_PSS_SALTLEN_DIGEST) != 1))
        return false;
    return EVP_DigestVerify(ctx.get(), parts.signature.data(), parts.signature.size(),
                            reinterpret_cast<const unsigned char*>(parts.signing_input.data()),
                            parts.signing_input.size()) == 1;
}

std::string sign_rs256(json header, const json& payload, EVP_PKEY* private_key)
{
    header["alg"] = "RS256";
    const std::string input = base64url_encode(dump_json(header)) + "." + base64url_encode(dump_json(payload));
    md_ctx_ptr ctx(EVP_MD_CTX_new());
    std::size_t length = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, private_key) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &length, reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1)
        throw std::runtime_error("EVP_DigestSign failed");
    std::vector<unsigned char> signature(length);
    if (EVP_DigestSign(ctx.get(), signature.data(), &length, reinterpret_cast<const unsigned char*>(input.data()),
                       input.size()) != 1)
        throw std::runtime_error("EVP_DigestSign failed");
    signature.resize(length);
    return input + "." + base64url_encode(signature);
}

} // namespace emulator::entra
