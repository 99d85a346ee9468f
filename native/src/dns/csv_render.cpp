#include "dns/csv_render.h"

#include <array>

#include "dns/overloaded.h"

namespace mailint::dns {

namespace {

std::string field(std::string_view value) {
    bool quote = value.find_first_of(",\"\r\n") != std::string_view::npos ||
                 (!value.empty() && (value.front() == ' ' || value.back() == ' '));
    if (!quote) return std::string(value);
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string without_trailing_dot(std::string_view host) {
    if (host.ends_with('.')) host.remove_suffix(1);
    return std::string(host);
}

// Value, Priority, Weight, Port
std::array<std::string, 4> typed_columns(const record_data &data) {
    return std::visit(
        overloaded{
            [](const a_data &d) { return std::array<std::string, 4>{d.address.to_string(), "", "", ""}; },
            [](const mx_data &d) {
                return std::array<std::string, 4>{without_trailing_dot(d.exchange),
                                                  std::to_string(d.preference), "", ""};
            },
            [](const txt_data &d) { return std::array<std::string, 4>{d.text, "", "", ""}; },
            [](const srv_data &d) {
                return std::array<std::string, 4>{without_trailing_dot(d.target),
                                                  std::to_string(d.priority),
                                                  std::to_string(d.weight), std::to_string(d.port)};
            },
            [](const cname_data &d) {
                return std::array<std::string, 4>{without_trailing_dot(d.canonical_name), "", "", ""};
            },
        },
        data);
}

}  // namespace

std::string render_csv(std::span<const dns_record> records) {
    std::string out = "Name,Type,TTL,Value,Priority,Weight,Port,Purpose\r\n";
    for (const auto &r : records) {
        auto typed = typed_columns(r.data);
        out += field(r.name) + "," + to_string(r.type()) + "," + std::to_string(r.ttl);
        for (const auto &v : typed) out += "," + field(v);
        out += "," + field(r.purpose) + "\r\n";
    }
    return out;
}

}  // namespace mailint::dns
