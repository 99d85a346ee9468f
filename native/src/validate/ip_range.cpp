#include "validate/ip_range.h"

#include <algorithm>

#include "core/error.h"
#include "validate/message_text.h"

namespace mailint::validate {

namespace {

std::uint32_t mask_for(int prefix) { return prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix); }

// Re-phrase an address problem for one end of a range: "has a part above 255 ('256')..."
// becomes "has a first address that has a part above 255 ('256')...".
std::string end_problem(std::string_view which, const std::string &problem) {
    return "has " + std::string(which) + " that " + problem;
}

}  // namespace

ipv4_range::ipv4_range(ipv4_address first, ipv4_address last) : first_(first), last_(last) {
    if (last < first)
        throw error(errc::invalid_argument, "validation.ip_range.reversed",
                    "IP range " + first.to_string() + "-" + last.to_string() +
                        " ends before it starts");
}

std::optional<int> ipv4_range::prefix_length() const {
    for (int prefix = 0; prefix <= 32; ++prefix) {
        std::uint32_t mask = mask_for(prefix);
        if ((first_.value() & ~mask) == 0 && last_.value() == (first_.value() | ~mask)) return prefix;
    }
    return std::nullopt;
}

std::string ipv4_range::to_string() const { return first_.to_string() + "-" + last_.to_string(); }

parse_result<ipv4_range_bounds> parse_ipv4_range_bounds(std::string_view text) {
    using result = parse_result<ipv4_range_bounds>;
    constexpr const char *forms =
        "write it as first-last (192.168.0.0-192.168.0.255), a CIDR block (192.168.0.0/24) or a "
        "single address";
    if (text.empty()) return result::fail(std::string("is empty; ") + forms);
    if (looks_like_ipv6(text) || (text.find(':') != std::string_view::npos &&
                                  text.find_first_of("-/") != std::string_view::npos))
        return result::fail("is an IPv6 range; an IPv4 range is required, e.g. "
                            "192.168.0.0-192.168.0.255");
    if (std::any_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t'; }))
        return result::fail(std::string("contains white space; ") + forms);

    auto dash = text.find('-');
    auto slash = text.find('/');
    if (dash != std::string_view::npos && slash != std::string_view::npos)
        return result::fail(std::string("mixes '-' and '/'; ") + forms);

    if (dash != std::string_view::npos) {
        if (text.find('-', dash + 1) != std::string_view::npos)
            return result::fail(std::string("has more than one '-'; ") + forms);
        auto first = parse_ipv4(text.substr(0, dash));
        if (!first) return result::fail(end_problem("a first address", first.problem));
        auto last = parse_ipv4(text.substr(dash + 1));
        if (!last) return result::fail(end_problem("a last address", last.problem));
        return result::ok({*first, *last});
    }

    if (slash != std::string_view::npos) {
        auto base = parse_ipv4(text.substr(0, slash));
        if (!base) return result::fail(end_problem("a network address", base.problem));
        std::string_view bits = text.substr(slash + 1);
        bool digits = !bits.empty() && bits.size() <= 2 &&
                      std::all_of(bits.begin(), bits.end(), [](char c) { return c >= '0' && c <= '9'; });
        int prefix = digits ? std::stoi(std::string(bits)) : -1;
        if (!digits || prefix > 32 || (bits.size() == 2 && bits.front() == '0'))
            return result::fail("has a prefix length " + quote_input(bits) +
                                " that is not a number 0-32; e.g. 192.168.0.0/24");
        std::uint32_t mask = mask_for(prefix);
        if ((base->value() & ~mask) != 0) {
            std::string network = ipv4_address(base->value() & mask).to_string() + "/" + std::string(bits);
            return result::fail("has address bits set after the /" + std::string(bits) +
                                " prefix; the block is written " + network);
        }
        return result::ok({*base, ipv4_address(base->value() | ~mask)});
    }

    auto single = parse_ipv4(text);
    if (!single) return result::fail(single.problem);
    return result::ok({*single, *single});
}

parse_result<ipv4_range> parse_ipv4_range(std::string_view text) {
    auto bounds = parse_ipv4_range_bounds(text);
    if (!bounds) return parse_result<ipv4_range>::fail(std::move(bounds.problem));
    if (bounds->last < bounds->first)
        return parse_result<ipv4_range>::fail(
            "starts after it ends; swap them: " + bounds->last.to_string() + "-" +
            bounds->first.to_string());
    return parse_result<ipv4_range>::ok(ipv4_range(bounds->first, bounds->last));
}

std::optional<ipv4_range> validate_ip_range(std::string_view text, std::string_view parameter,
                                            std::optional<ipv4_address> server,
                                            std::string_view server_parameter, diagnostics &out) {
    std::string target(parameter);
    std::string prefix = target + " " + quote_input(text) + " ";
    auto bounds = parse_ipv4_range_bounds(text);
    if (!bounds) {
        out.error("validation.ip_range.malformed", target,
                  text.empty() ? target + " " + bounds.problem : prefix + bounds.problem);
        return std::nullopt;
    }
    if (bounds->last < bounds->first) {
        out.error("validation.ip_range.reversed", target,
                  prefix + "starts after it ends; swap them: " + bounds->last.to_string() + "-" +
                      bounds->first.to_string());
        return std::nullopt;
    }
    ipv4_range range(bounds->first, bounds->last);
    if (server && !range.contains(*server))
        out.error("validation.ip_range.excludes_server", target,
                  prefix + "(" + range.to_string() + ") does not contain " +
                      std::string(server_parameter) + " " + server->to_string() +
                      "; the internal range must include the Exchange server's own network. "
                      "Widen the range or correct the address");
    return range;
}

}  // namespace mailint::validate
