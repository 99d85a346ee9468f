#pragma once
// Certificate validity dates as the emulator prints them: ISO 8601 UTC, as Exchange's
// NotBefore/NotAfter and Entra's key credentials read after a round trip through JSON.
#include <string>

#include <openssl/asn1.h>

namespace emulator {

// "2026-11-23T13:20:43Z"; "" when OpenSSL cannot read the time.
std::string iso_time(const ASN1_TIME* time);

} // namespace emulator
