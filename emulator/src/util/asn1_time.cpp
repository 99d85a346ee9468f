#include "util/asn1_time.h"

#include <ctime>

namespace emulator {

std::string iso_time(const ASN1_TIME* time)
{
    std::tm tm{};
    if (ASN1_TIME_to_tm(time, &tm) != 1)
        return {};
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

} // namespace emulator
