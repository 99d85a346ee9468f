#include "core/random_id.h"

#include <openssl/rand.h>

#include "core/error.h"

namespace mailint {

std::string random_id() {
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        throw error(errc::internal, "core.random.unavailable", "No random source is available.");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char b : bytes) {
        out += kHex[b >> 4];
        out += kHex[b & 15];
    }
    return out;
}

}  // namespace mailint
