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

}  // namespace mailint::dns
