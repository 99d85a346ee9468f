#pragma once
// IPv4 ranges in the forms Exchange's IPRange accepts (RemoteIPRanges of a receive connector,
// seed X5's InternalIpRange): "a.b.c.d-e.f.g.h", CIDR "a.b.c.d/nn" and a single address.
// A range is its set of addresses: "192.168.0.0/24" equals "192.168.0.0-192.168.0.255", which
// is what lets the planner see that a connector already has the wanted range.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/diagnostic.h"
#include "validate/ipv4.h"
#include "validate/parse_result.h"

namespace mailint::validate {

class ipv4_range {
public:
    // Requires first <= last (throws mailint::error invalid_argument otherwise).
    ipv4_range(ipv4_address first, ipv4_address last);
    explicit ipv4_range(ipv4_address single) : first_(single), last_(single) {}

    ipv4_address first() const { return first_; }
    ipv4_address last() const { return last_; }
    std::uint64_t size() const { return std::uint64_t{last_.value()} - first_.value() + 1; }

    bool contains(ipv4_address a) const { return first_ <= a && a <= last_; }
    bool contains(const ipv4_range &other) const {
        return first_ <= other.first_ && other.last_ <= last_;
    }
    // The prefix length when the range is exactly one CIDR block, e.g. 24 for .0-.255.
    std::optional<int> prefix_length() const;

    // Exchange's "first-last" form, also for a single address ("10.0.0.1-10.0.0.1"), so one
    // range always prints one way.
    std::string to_string() const;

    friend auto operator<=>(const ipv4_range &, const ipv4_range &) = default;

private:
    ipv4_address first_;
    ipv4_address last_;
};

// The two ends as written, in any order: "a-b", "a/nn" (host bits must be zero: "10.0.0.5/24"
// is refused with the network to use instead), or "a". No white space.
struct ipv4_range_bounds {
    ipv4_address first;
    ipv4_address last;
};
parse_result<ipv4_range_bounds> parse_ipv4_range_bounds(std::string_view text);

// As above, and refuses first > last.
parse_result<ipv4_range> parse_ipv4_range(std::string_view text);

// The InternalIpRange check: adds validation.ip_range.malformed, .reversed (first > last) or,
// when `server` is given and outside the range, .excludes_server; all errors with target
// `parameter`. `server_parameter` names the address in the message ("ServerIpAddress").
// Returns the range when it parses in order, even if it excludes the server.
std::optional<ipv4_range> validate_ip_range(std::string_view text, std::string_view parameter,
                                            std::optional<ipv4_address> server,
                                            std::string_view server_parameter, diagnostics &out);

}  // namespace mailint::validate
