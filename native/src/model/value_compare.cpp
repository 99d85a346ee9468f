#include "model/value_compare.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "validate/ip_range.h"

namespace mailint {

std::string_view to_string(value_kind kind) {
    switch (kind) {
    case value_kind::text: return "text";
    case value_kind::text_ci: return "text_ci";
    case value_kind::boolean: return "boolean";
    case value_kind::integer: return "integer";
    case value_kind::url: return "url";
    case value_kind::set_ci: return "set_ci";
    case value_kind::flags: return "flags";
    case value_kind::ip_ranges: return "ip_ranges";
    case value_kind::bindings: return "bindings";
    case value_kind::smtp_template: return "smtp_template";
    case value_kind::address_spaces: return "address_spaces";
    }
    return "text";
}

namespace {

using json = nlohmann::json;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return std::string(s);
}

std::string text_of(const json &v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_null()) return {};
    return v.dump();
}

bool is_unset(const json &v) {
    return v.is_null() || (v.is_string() && trim(v.get<std::string>()).empty()) ||
           (v.is_array() && v.empty());
}

// A list value may arrive as a JSON array or as one comma-separated string (how PowerShell
// prints a flags enum, and how the original script passes -Services).
std::vector<std::string> members(const json &v) {
    std::vector<std::string> out;
    auto split_into = [&out](const std::string &s) {
        size_t start = 0;
        while (start <= s.size()) {
            size_t comma = s.find(',', start);
            if (comma == std::string::npos) comma = s.size();
            auto item = trim(std::string_view(s).substr(start, comma - start));
            if (!item.empty()) out.push_back(item);
            start = comma + 1;
        }
    };
    if (v.is_array()) {
        for (const auto &item : v) {
            auto s = trim(text_of(item));
            if (!s.empty()) out.push_back(s);
        }
    } else if (!v.is_null()) {
        split_into(text_of(v));
    }
    return out;
}

json sorted_set(std::vector<std::string> items) {
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
    return json(items);
}

std::string canonical_url(std::string s) {
    s = lower(trim(s));
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    // Default ports are the same endpoint.
    for (const char *suffix : {":443", ":80"}) {
        auto scheme_end = s.find("://");
        if (scheme_end == std::string::npos) break;
        auto host_end = s.find('/', scheme_end + 3);
        auto host = s.substr(scheme_end + 3, host_end == std::string::npos ? std::string::npos
                                                                           : host_end - scheme_end - 3);
        std::string_view port(suffix);
        if (host.size() > port.size() && host.ends_with(port) &&
            ((port == ":443" && s.starts_with("https://")) || (port == ":80" && s.starts_with("http://"))))
            s.erase(scheme_end + 3 + host.size() - port.size(), port.size());
    }
    return s;
}

std::string canonical_range(const std::string &text) {
    if (auto r = validate::parse_ipv4_range(text)) return r->to_string();
    return lower(text);  // IPv6 ranges and anything else compare as text
}

std::string canonical_address_space(const std::string &text) {
    // "SMTP:*;1" -> "smtp:*;1"; a missing cost is 1, as Exchange stores it.
    std::string s = trim(text);
    std::string type = "smtp";
    auto colon = s.find(':');
    if (colon != std::string::npos) {
        type = lower(trim(std::string_view(s).substr(0, colon)));
        s = s.substr(colon + 1);
    }
    std::string cost = "1";
    auto semi = s.rfind(';');
    if (semi != std::string::npos) {
        cost = trim(std::string_view(s).substr(semi + 1));
        s = s.substr(0, semi);
    }
    return type + ":" + lower(trim(s)) + ";" + cost;
}

std::optional<bool> as_bool(const json &v) {
    if (v.is_boolean()) return v.get<bool>();
    if (v.is_number_integer()) return v.get<long long>() != 0;
    if (v.is_string()) {
        auto s = lower(trim(v.get<std::string>()));
        if (s == "true" || s == "$true") return true;
        if (s == "false" || s == "$false") return false;
    }
    return std::nullopt;
}

}  // namespace

json canonical_value(value_kind kind, const json &value) {
    if (is_unset(value) && kind != value_kind::boolean) return nullptr;
    switch (kind) {
    case value_kind::text: return text_of(value);
    case value_kind::text_ci: return lower(trim(text_of(value)));
    case value_kind::boolean: {
        if (auto b = as_bool(value)) return *b;
        return value.is_null() ? json(nullptr) : json(lower(text_of(value)));
    }
    case value_kind::integer: {
        if (value.is_number_integer()) return value.get<long long>();
        try {
            return std::stoll(trim(text_of(value)));
        } catch (...) {
            return text_of(value);
        }
    }
    case value_kind::url: return canonical_url(text_of(value));
    case value_kind::set_ci:
    case value_kind::flags: {
        std::vector<std::string> items;
        for (auto &m : members(value)) {
            auto l = lower(m);
            if (kind == value_kind::flags && l == "none") continue;
            items.push_back(l);
        }
        if (items.empty()) return nullptr;
        return sorted_set(std::move(items));
    }
    case value_kind::ip_ranges: {
        std::vector<std::string> items;
        for (auto &m : members(value)) items.push_back(canonical_range(m));
        return sorted_set(std::move(items));
    }
    case value_kind::bindings: {
        std::vector<std::string> items;
        for (auto &m : members(value)) items.push_back(lower(m));
        return sorted_set(std::move(items));
    }
    case value_kind::smtp_template: {
        auto s = lower(trim(text_of(value)));
        if (s.starts_with("smtp:")) s.erase(0, 5);
        return s;
    }
    case value_kind::address_spaces: {
        std::vector<std::string> items;
        for (auto &m : members(value)) items.push_back(canonical_address_space(m));
        return sorted_set(std::move(items));
    }
    }
    return value;
}

bool values_match(value_kind kind, compare_mode mode, const json &current, const json &desired) {
    auto c = canonical_value(kind, current);
    auto d = canonical_value(kind, desired);
    if (mode == compare_mode::includes && d.is_array()) {
        if (!c.is_array()) return false;
        for (const auto &item : d)
            if (std::find(c.begin(), c.end(), item) == c.end()) return false;
        return true;
    }
    if (mode == compare_mode::includes && d.is_null()) return true;
    return c == d;
}

}  // namespace mailint
