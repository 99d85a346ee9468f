#include "graph/graph_resources.h"

#include "graph/odata_query.h"

namespace mailint::graph {

namespace {
const nlohmann::json *member(const nlohmann::json &object, std::string_view name) {
    if (!object.is_object()) return nullptr;
    auto it = object.find(std::string(name));
    return it == object.end() || it->is_null() ? nullptr : &*it;
}
}  // namespace

std::string text_field(const nlohmann::json &object, std::string_view name) {
    const auto *m = member(object, name);
    return m && m->is_string() ? m->get<std::string>() : std::string();
}

bool bool_field(const nlohmann::json &object, std::string_view name, bool fallback) {
    const auto *m = member(object, name);
    return m && m->is_boolean() ? m->get<bool>() : fallback;
}

long long int_field(const nlohmann::json &object, std::string_view name, long long fallback) {
    const auto *m = member(object, name);
    if (!m) return fallback;
    if (m->is_number_integer()) return m->get<long long>();
    if (m->is_number_float()) return static_cast<long long>(m->get<double>());
    if (m->is_string()) {
        try {
            return std::stoll(m->get<std::string>());
        } catch (...) {
        }
    }
    return fallback;
}

std::vector<std::string> text_list_field(const nlohmann::json &object, std::string_view name) {
    std::vector<std::string> out;
    const auto *m = member(object, name);
    if (m && m->is_array())
        for (const auto &v : *m)
            if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

std::string user_path(std::string_view id_or_upn) {
    if (!id_or_upn.empty() && id_or_upn.front() == '$')
        return "/v1.0/users(" + encode_path_segment(odata_literal(id_or_upn)) + ")";
    return "/v1.0/users/" + encode_path_segment(id_or_upn);
}

std::string domain_path(std::string_view name) { return "/v1.0/domains/" + encode_path_segment(name); }

}  // namespace mailint::graph
