#include "graph/odata_query.h"

namespace mailint::graph {

namespace {

bool unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

std::string encode(std::string_view text, std::string_view keep) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text) {
        if (unreserved(c) || keep.find(static_cast<char>(c)) != std::string_view::npos) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace

std::string odata_literal(std::string_view value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\'') out += '\'';
        out += c;
    }
    out += '\'';
    return out;
}

std::string filter_eq(std::string_view property, std::string_view value) {
    return std::string(property) + " eq " + odata_literal(value);
}

std::string encode_query_value(std::string_view value) { return encode(value, ","); }

std::string encode_path_segment(std::string_view segment) { return encode(segment, ""); }

query &query::select(std::initializer_list<std::string_view> properties) {
    std::vector<std::string> names(properties.begin(), properties.end());
    return select(names);
}

query &query::select(const std::vector<std::string> &properties) {
    std::string joined;
    for (const auto &p : properties) {
        if (!joined.empty()) joined += ',';
        joined += p;
    }
    return set("$select", std::move(joined));
}

query &query::filter(std::string expression) { return set("$filter", std::move(expression)); }

query &query::top(int count) { return set("$top", std::to_string(count)); }

query &query::set(std::string name, std::string value) {
    for (auto &option : options_) {
        if (option.first == name) {
            option.second = std::move(value);
            return *this;
        }
    }
    options_.emplace_back(std::move(name), std::move(value));
    return *this;
}

std::string query::str() const {
    std::string out;
    for (const auto &[name, value] : options_) {
        out += out.empty() ? '?' : '&';
        out += name;  // "$select": '$' is legal in a query and Graph expects it unescaped
        out += '=';
        out += encode_query_value(value);
    }
    return out;
}

}  // namespace mailint::graph
