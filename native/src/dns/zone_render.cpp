#include "dns/zone_render.h"

#include <algorithm>
#include <cstdio>

#include "dns/overloaded.h"

namespace mailint::dns {

namespace {

constexpr std::size_t max_character_string = 255;  // RFC 1035 §3.3: <character-string> length

// Comments run to the end of the line, so a line break in a purpose would start a record.
std::string comment_text(std::string_view text) {
    std::string out(text);
    for (char &c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
    return out;
}

std::string absolute(std::string_view host) {
    std::string out(host);
    if (!out.ends_with('.')) out += '.';
    return out;
}

std::string owner_of(const dns_record &r, std::string_view zone) {
    if (r.fqdn == zone) return "@";
    if (r.fqdn.size() > zone.size() + 1 && r.fqdn.ends_with(zone) &&
        r.fqdn[r.fqdn.size() - zone.size() - 1] == '.')
        return r.fqdn.substr(0, r.fqdn.size() - zone.size() - 1);
    return absolute(r.fqdn);  // outside the zone: written absolute so it means what it says
}

std::string quoted_string(std::string_view bytes) {
    std::string out = "\"";
    for (char c : bytes) {
        auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20 || u >= 0x7F) {
            char esc[5];
            std::snprintf(esc, sizeof esc, "\\%03u", u);
            out += esc;
        } else {
            out += c;
        }
    }
    out += '"';
    return out;
}

std::string txt_strings(std::string_view text) {
    if (text.empty()) return "\"\"";
    std::string out;
    for (std::size_t pos = 0; pos < text.size(); pos += max_character_string) {
        if (!out.empty()) out += ' ';
        out += quoted_string(text.substr(pos, max_character_string));
    }
    return out;
}

std::string rdata(const record_data &data) {
    return std::visit(
        overloaded{
            [](const a_data &d) { return d.address.to_string(); },
            [](const mx_data &d) { return std::to_string(d.preference) + " " + absolute(d.exchange); },
            [](const txt_data &d) { return txt_strings(d.text); },
            [](const srv_data &d) {
                return std::to_string(d.priority) + " " + std::to_string(d.weight) + " " +
                       std::to_string(d.port) + " " + absolute(d.target);
            },
            [](const cname_data &d) { return absolute(d.canonical_name); },
        },
        data);
}

std::string pad(std::string s, std::size_t width) {
    if (s.size() < width) s.append(width - s.size(), ' ');
    return s;
}

}  // namespace

std::string render_zone_fragment(std::string_view zone, std::span<const dns_record> records,
                                 const zone_render_options &options) {
    std::string out;
    if (!options.title.empty()) out += "; " + comment_text(options.title) + "\n";
    out += "; Records for " + std::string(zone) +
           ": add them to the zone, or enter each one at the DNS host.\n";
    for (const auto &note : options.notes) out += "; " + comment_text(note) + "\n";
    out += "$ORIGIN " + absolute(zone) + "\n";
    out += "$TTL " + std::to_string(options.default_ttl) + "\n";

    std::size_t owner_width = 1;
    for (const auto &r : records) owner_width = std::max(owner_width, owner_of(r, zone).size());
    for (const auto &r : records) {
        out += "\n";
        if (!r.purpose.empty()) out += "; " + comment_text(r.purpose) + "\n";
        out += pad(owner_of(r, zone), owner_width) + "  " + pad(std::to_string(r.ttl), 6) + " IN " +
               pad(to_string(r.type()), 5) + " " + rdata(r.data) + "\n";
    }
    return out;
}

}  // namespace mailint::dns
