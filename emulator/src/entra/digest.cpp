#include "entra/digest.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace emulator::entra {
namespace {

std::vector<unsigned char> digest(const EVP_MD* md, const unsigned char* data, std::size_t size)
{
    std::vector<unsigned char> out(EVP_MAX_MD_SIZE);
    unsigned int length = 0;
    if (EVP_Digest(data, size, out.data(), &length, md, nullptr) != 1)
        throw std::runtime_error("EVP_Digest failed");
    out.resize(length);
    return out;
}

std::string hex(const std::vector<unsigned char>& bytes, const char* digits)
{
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const unsigned char b : bytes) {
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 15]);
    }
    return out;
}

} // namespace

std::vector<unsigned char> sha1(const unsigned char* data, std::size_t size) { return digest(EVP_sha1(), data, size); }
std::vector<unsigned char> sha256(const unsigned char* data, std::size_t size) { return digest(EVP_sha256(), data, size); }
std::string hex_upper(const std::vector<unsigned char>& bytes) { return hex(bytes, "0123456789ABCDEF"); }
std::string hex_lower(const std::vector<unsigned char>& bytes) { return hex(bytes, "0123456789abcdef"); }

bool constant_time_equals(std::string_view a, std::string_view b)
{
    unsigned char difference = a.size() == b.size() ? 0 : 1;
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

} // namespace emulator::entra
