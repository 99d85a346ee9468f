#include "dns/dns_record.h"

#include <type_traits>

#include "dns/overloaded.h"

namespace mailint::dns {

namespace {

template <record_type T, class Data>
constexpr bool alternative_is =
    std::is_same_v<std::variant_alternative_t<static_cast<std::size_t>(T), record_data>, Data>;
static_assert(alternative_is<record_type::a, a_data> && alternative_is<record_type::mx, mx_data> &&
                  alternative_is<record_type::txt, txt_data> &&
                  alternative_is<record_type::srv, srv_data> &&
                  alternative_is<record_type::cname, cname_data>,
              "dns_record::type() maps the variant index onto record_type");

}  // namespace

const char *to_string(record_type t) {
    switch (t) {
    case record_type::a: return "A";
    case record_type::mx: return "MX";
    case record_type::txt: return "TXT";
    case record_type::srv: return "SRV";
    case record_type::cname: return "CNAME";
    }
    return "A";
}

record_type dns_record::type() const {
    // The variant's alternatives are declared in record_type's order.
    return static_cast<record_type>(data.index());
}

nlohmann::json dns_record::to_json() const {
    nlohmann::json typed = std::visit(
        overloaded{
            [](const a_data &d) { return nlohmann::json{{"address", d.address.to_string()}}; },
            [](const mx_data &d) {
                return nlohmann::json{{"preference", d.preference}, {"exchange", d.exchange}};
            },
            [](const txt_data &d) { return nlohmann::json{{"text", d.text}}; },
            [](const srv_data &d) {
                return nlohmann::json{{"priority", d.priority}, {"weight", d.weight},
                                      {"port", d.port}, {"target", d.target}};
            },
            [](const cname_data &d) { return nlohmann::json{{"canonicalName", d.canonical_name}}; },
        },
        data);
    return {{"name", name}, {"fqdn", fqdn}, {"type", to_string(type())},
            {"ttl", ttl},   {"data", std::move(typed)}, {"purpose", purpose}};
}

dns_record make_record(std::string_view zone, std::string name, std::uint32_t ttl, record_data data,
                       std::string purpose) {
    std::string fqdn = name == "@" ? std::string(zone) : name + "." + std::string(zone);
    return {std::move(name), std::move(fqdn), ttl, std::move(data), std::move(purpose)};
}

std::optional<srv_owner> split_srv_owner(std::string_view name) {
    auto first_dot = name.find('.');
    if (first_dot == std::string_view::npos) return std::nullopt;
    auto second_dot = name.find('.', first_dot + 1);
    std::string_view service = name.substr(0, first_dot);
    std::string_view protocol = name.substr(first_dot + 1, second_dot == std::string_view::npos
                                                               ? std::string_view::npos
                                                               : second_dot - first_dot - 1);
    if (service.size() < 2 || protocol.size() < 2 || !service.starts_with('_') || !protocol.starts_with('_'))
        return std::nullopt;
    std::string host = second_dot == std::string_view::npos ? "@" : std::string(name.substr(second_dot + 1));
    if (host.empty()) return std::nullopt;
    return srv_owner{std::string(service), std::string(protocol), std::move(host)};
}

std::optional<std::string> normalise_dns_name(std::string_view text) {
    if (text.ends_with('.')) text.remove_suffix(1);
    if (text.empty() || text.size() > 253) return std::nullopt;
    std::string out;
    std::size_t label = 0, labels = 1;
    for (char c : text) {
        if (c == '.') {
            if (label == 0) return std::nullopt;
            label = 0;
            ++labels;
            out += c;
            continue;
        }
        const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                             c == '-' || c == '_';
        if (!allowed || ++label > 63) return std::nullopt;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    if (label == 0 || labels < 2) return std::nullopt;
    return out;
}

std::string dashed_domain(std::string_view domain) {
    if (domain.ends_with('.')) domain.remove_suffix(1);
    std::string out(domain);
    for (char &c : out) {
        if (c == '.') c = '-';
        else if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

}  // namespace mailint::dns
