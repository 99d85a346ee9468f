#include "core/json_lookup.h"

#include <strings.h>

namespace mailint {

const nlohmann::json *find_ci(const nlohmann::json &object, const std::string &name) {
    if (!object.is_object()) return nullptr;
    if (auto it = object.find(name); it != object.end()) return &*it;
    for (auto it = object.begin(); it != object.end(); ++it)
        if (strcasecmp(it.key().c_str(), name.c_str()) == 0) return &it.value();
    return nullptr;
}

std::string string_ci(const nlohmann::json &object, const std::string &name) {
    const auto *v = find_ci(object, name);
    if (!v || v->is_null()) return {};
    return v->is_string() ? v->get<std::string>() : v->dump();
}

}  // namespace mailint
