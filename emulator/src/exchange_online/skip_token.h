#pragma once
// The opaque continuation token of an @odata.nextLink. It carries where the next page starts and
// what the request was, signed with a key made at start-up, so a client can neither forge a
// position nor reuse a link for another cmdlet, tenant or parameter set, and it expires.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace emulator::exchange_online {

struct page_position {
    std::string tenant_id;
    std::string request_digest;    // of the cmdlet name and its parameters (request_digest below)
    std::size_t next = 0;          // where the next page starts, in the cmdlet's own terms
    std::size_t returned = 0;      // objects the earlier pages returned (ResultSize counts them)
    double expires_at = 0;         // Unix seconds
};

enum class token_problem { none, invalid, expired };

class skip_token_signer {
public:
    skip_token_signer();  // a fresh random key: links of another run are invalid

    std::string issue(const page_position& position) const;
    // The position, or the problem with the token (tampered, unparsable, or past expires_at).
    token_problem verify(std::string_view token, double now, page_position& position) const;

private:
    std::vector<unsigned char> key_;
};

// "same body" as the continuation must send it: the cmdlet name (case-insensitively) and the
// parameters exactly as sent.
std::string request_digest(std::string_view cmdlet, const std::string& parameters_text);

} // namespace emulator::exchange_online
