#include "exchange_online/exo_values.h"

#include <cctype>
#include <exception>
#include <string>

namespace mailint::exchange_online {

std::string text_of(const nlohmann::json &o, const char *member) {
    auto it = o.find(member);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool flag_of(const nlohmann::json &o, const char *member, bool otherwise) {
    auto it = o.find(member);
    return it != o.end() && it->is_boolean() ? it->get<bool>() : otherwise;
}

long long number_of(const nlohmann::json &object, const char *member) {
    const auto it = object.find(member);
    if (it == object.end()) return -1;
    if (it->is_number_integer()) return it->get<long long>();
    if (it->is_string()) {
        try {
            return std::stoll(it->get<std::string>());
        } catch (const std::exception &) {
        }
    }
    return -1;
}

std::string lower(std::string s) {
    for (auto &c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace mailint::exchange_online
