#include "exchange/values.h"

#include "exchange/cmdlet_error.h"
#include "util/text.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>

namespace emulator::exchange {
namespace {

struct ip_address {
    int family = 0;  // AF_INET or AF_INET6
    std::array<unsigned char, 16> bytes{};
    std::size_t size() const { return family == AF_INET ? 4 : 16; }
};

std::optional<ip_address> parse_ip(std::string_view text)
{
    const std::string s(trim(text));
    ip_address address;
    if (inet_pton(AF_INET, s.c_str(), address.bytes.data()) == 1) {
        address.family = AF_INET;
        return address;
    }
    if (inet_pton(AF_INET6, s.c_str(), address.bytes.data()) == 1) {
        address.family = AF_INET6;
        return address;
    }
    return std::nullopt;
}

std::string format_ip(const ip_address& address)
{
    char buffer[INET6_ADDRSTRLEN] = {};
    inet_ntop(address.family, address.bytes.data(), buffer, sizeof buffer);
    return buffer;
}

bool valid_label(std::string_view label)
{
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
        return false;
    return std::all_of(label.begin(), label.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

bool valid_host(std::string_view text)
{
    if (text.empty() || text.size() > 255)
        return false;
    if (text.back() == '.')
        text.remove_suffix(1);
    const auto labels = split(text, '.');
    return std::all_of(labels.begin(), labels.end(), [](const std::string& l) { return valid_label(l); });
}

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

} // namespace

std::string parse_url(std::string_view parameter, std::string_view text)
{
    const std::string_view value = trim(text);
    std::string scheme;
    if (istarts_with(value, "https://"))
        scheme = "https";
    else if (istarts_with(value, "http://"))
        scheme = "http";
    else
        throw_invalid_argument(parameter, "The URL " + quoted(text) + " isn't an absolute http or https URL.");
    std::string_view rest = value.substr(scheme.size() + 3);
    const auto path_start = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, path_start);
    std::string_view path = path_start == std::string_view::npos ? std::string_view{} : rest.substr(path_start);
    if (authority.find('@') != std::string_view::npos)
        authority = authority.substr(authority.rfind('@') + 1);
    std::string_view host = authority;
    std::string_view port;
    if (!host.empty() && host.front() == '[') {
        const auto close = host.find(']');
        if (close == std::string_view::npos)
            throw_invalid_argument(parameter, "The URL " + quoted(text) + " has an invalid host.");
        port = host.substr(close + 1);
        host = host.substr(0, close + 1);
    } else if (const auto colon = host.find(':'); colon != std::string_view::npos) {
        port = host.substr(colon);
        host = host.substr(0, colon);
    }
    const bool host_ok = (host.size() > 2 && host.front() == '[' && parse_ip(host.substr(1, host.size() - 2))) ||
                         valid_host(host);
    const bool port_ok = port.empty() || (port.size() > 1 && port.size() <= 6 && port[0] == ':' &&
                                          std::all_of(port.begin() + 1, port.end(), [](char c) { return c >= '0' && c <= '9'; }));
    if (!host_ok || !port_ok)
        throw_invalid_argument(parameter, "The URL " + quoted(text) + " has an invalid host.");
    if (std::any_of(path.begin(), path.end(), [](char c) { return static_cast<unsigned char>(c) <= ' '; }))
        throw_invalid_argument(parameter, "The URL " + quoted(text) + " contains white space or control characters.");
    return scheme + "://" + to_lower(host) + std::string(port) + (path.empty() || path.front() != '/' ? "/" : "") +
           std::string(path);
}

std::string parse_host_name(std::string_view parameter, std::string_view text)
{
    const std::string_view value = trim(text);
    if (!valid_host(value))
        throw_invalid_argument(parameter, quoted(text) + " isn't a valid host name.");
    return std::string(value);
}

std::string parse_domain_name(std::string_view parameter, std::string_view text)
{
    std::string_view value = trim(text);
    const bool wildcard = value.starts_with("*.");
    if (!valid_host(wildcard ? value.substr(2) : value))
        throw_invalid_argument(parameter, quoted(text) + " isn't a valid domain name.");
    return std::string(value);
}

std::string parse_ip_range(std::string_view parameter, std::string_view text)
{
    const std::string_view value = trim(text);
    const auto invalid = [&]() {
        throw_invalid_argument(parameter, quoted(text) +
                                              " isn't a valid IP range. Use a.b.c.d-e.f.g.h, a.b.c.d/n or a.b.c.d.");
    };
    if (const auto dash = value.find('-'); dash != std::string_view::npos) {
        const auto first = parse_ip(value.substr(0, dash));
        const auto last = parse_ip(value.substr(dash + 1));
        if (!first || !last || first->family != last->family)
            invalid();
        if (std::memcmp(first->bytes.data(), last->bytes.data(), first->size()) > 0)
            throw_invalid_argument(parameter, "The start address of " + quoted(text) +
                                                  " is greater than its end address.");
        return format_ip(*first) + "-" + format_ip(*last);
    }
    if (const auto slash = value.find('/'); slash != std::string_view::npos) {
        const auto address = parse_ip(value.substr(0, slash));
        const std::string_view bits = trim(value.substr(slash + 1));
        if (!address || bits.empty() || bits.size() > 3 ||
            !std::all_of(bits.begin(), bits.end(), [](char c) { return c >= '0' && c <= '9'; }))
            invalid();
        const int prefix = std::stoi(std::string(bits));
        if (prefix > static_cast<int>(address->size() * 8))
            invalid();
        return format_ip(*address) + "/" + std::to_string(prefix);
    }
    const auto address = parse_ip(value);
    if (!address)
        invalid();
    return format_ip(*address);
}

std::string parse_binding(std::string_view parameter, std::string_view text)
{
    const std::string_view value = trim(text);
    const auto invalid = [&]() {
        throw_invalid_argument(parameter, quoted(text) + " isn't a valid binding. Use IP:port, e.g. 0.0.0.0:25 or [::]:25.");
    };
    const auto colon = value.rfind(':');
    if (colon == std::string_view::npos)
        invalid();
    std::string_view host = value.substr(0, colon);
    const std::string_view port = value.substr(colon + 1);
    if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
        invalid();
    const int port_number = std::stoi(std::string(port));
    if (port_number < 1 || port_number > 65535)
        invalid();
    const bool bracketed = host.size() > 2 && host.front() == '[' && host.back() == ']';
    if (bracketed)
        host = host.substr(1, host.size() - 2);
    const auto address = parse_ip(host);
    if (!address || (address->family == AF_INET6) != bracketed)
        invalid();
    const std::string formatted = format_ip(*address);
    return (bracketed ? "[" + formatted + "]" : formatted) + ":" + std::to_string(port_number);
}

std::string parse_address_space(std::string_view parameter, std::string_view text)
{
    std::string_view value = trim(text);
    const auto invalid = [&](std::string_view why) {
        throw_invalid_argument(parameter, quoted(text) + " isn't a valid address space. " + std::string(why));
    };
    std::string type = "SMTP";
    if (const auto colon = value.find(':'); colon != std::string_view::npos) {
        const std::string_view given = value.substr(0, colon);
        if (given.empty() || !std::all_of(given.begin(), given.end(), [](char c) {
                return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            }))
            invalid("The address type must be a word such as SMTP.");
        type = to_upper(given);
        value = value.substr(colon + 1);
    }
    int cost = 1;
    if (const auto semicolon = value.rfind(';'); semicolon != std::string_view::npos) {
        const std::string_view digits = trim(value.substr(semicolon + 1));
        if (digits.empty() || digits.size() > 3 ||
            !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
            invalid("The cost must be a number from 1 to 100.");
        cost = std::stoi(std::string(digits));
        if (cost < 1 || cost > 100)
            invalid("The cost must be a number from 1 to 100.");
        value = value.substr(0, semicolon);
    }
    const std::string_view address = trim(value);
    if (address.empty())
        invalid("The address is empty.");
    if (type == "SMTP" && address != "*" && address != "--" &&
        !valid_host(address.starts_with("*.") ? address.substr(2) : address))
        invalid("The address must be *, a domain or *.domain.");
    return type + ":" + std::string(address) + ";" + std::to_string(cost);
}

std::string parse_smtp_address(std::string_view parameter, std::string_view text)
{
    std::string_view value = trim(text);
    if (istarts_with(value, "smtp:"))
        value = value.substr(5);
    const auto at = value.find('@');
    const bool ok = at != std::string_view::npos && at > 0 && value.find('@', at + 1) == std::string_view::npos &&
                    std::none_of(value.begin(), value.begin() + static_cast<std::ptrdiff_t>(at),
                                 [](char c) { return static_cast<unsigned char>(c) <= ' ' || c == '"' || c == ','; }) &&
                    valid_host(value.substr(at + 1)) && value.substr(at + 1).find('.') != std::string_view::npos;
    if (!ok)
        throw_invalid_argument(parameter, quoted(text) + " isn't a valid SMTP address.");
    return std::string(value);
}

long long parse_integer(std::string_view parameter, std::string_view text, long long minimum, long long maximum)
{
    const std::string_view value = trim(text);
    const bool digits = !value.empty() && value.size() <= 18 &&
                        std::all_of(value.begin() + (value.front() == '-' ? 1 : 0), value.end(),
                                    [](char c) { return c >= '0' && c <= '9'; }) &&
                        value != "-";
    if (!digits)
        throw_parameter_binding("Cannot process argument transformation on parameter '" + std::string(parameter) +
                                "'. Cannot convert value " + quoted(value) + " to type \"System.Int32\".");
    const long long number = std::stoll(std::string(value));
    if (number < minimum || number > maximum)
        throw_invalid_argument(parameter, "The argument " + quoted(value) + " is outside the allowed range " +
                                              std::to_string(minimum) + " to " + std::to_string(maximum) + ".");
    return number;
}

std::string parse_enum(std::string_view parameter, std::string_view text, std::string_view type_name,
                       std::span<const std::string_view> names)
{
    const std::string_view value = trim(text);
    for (const auto name : names)
        if (iequals(name, value))
            return std::string(name);
    std::string choices;
    for (const auto name : names)
        choices += (choices.empty() ? "" : ", ") + std::string(name);
    throw_parameter_binding("Cannot process argument transformation on parameter '" + std::string(parameter) +
                            "'. Cannot convert value " + quoted(value) + " to type " + quoted(type_name) +
                            ". Error: \"Unable to match the identifier name " + std::string(value) +
                            " to a valid enumerator name. Specify one of the following enumerator names and try "
                            "again: " + choices + "\"");
}

std::string parse_flags(std::string_view parameter, const std::vector<std::string>& values,
                        std::string_view type_name, std::span<const std::string_view> names_in_order,
                        std::string_view none, std::string_view all)
{
    std::vector<bool> set(names_in_order.size(), false);
    bool any_item = false;
    for (const auto& value : values)
        for (const auto& item : split(value, ',')) {
            if (trim(item).empty())
                continue;
            any_item = true;
            const std::string name = parse_enum(parameter, item, type_name, names_in_order);
            set[std::find(names_in_order.begin(), names_in_order.end(), name) - names_in_order.begin()] = true;
        }
    if (!any_item)
        throw_invalid_argument(parameter, "The argument is null or empty. Provide an argument that is not null or "
                                          "empty, and then try the command again.");
    std::string formatted;
    for (std::size_t i = 0; i < names_in_order.size(); ++i) {
        if (!set[i] || names_in_order[i] == none)
            continue;
        if (!all.empty() && names_in_order[i] == all)
            return std::string(all);
        formatted += (formatted.empty() ? "" : ", ") + std::string(names_in_order[i]);
    }
    return formatted.empty() ? std::string(none) : formatted;
}

std::vector<std::string> flag_names(std::string_view formatted)
{
    std::vector<std::string> names;
    for (const auto& part : split(formatted, ','))
        if (!trim(part).empty())
            names.emplace_back(trim(part));
    return names;
}

} // namespace emulator::exchange
