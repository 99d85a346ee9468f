#include "core/diagnostic.h"

namespace mailint {

const char *to_string(severity s) {
    switch (s) {
    case severity::error: return "error";
    case severity::warning: return "warning";
    case severity::info: return "info";
    }
    return "error";
}

void diagnostics::add(std::string id, severity level, std::string target, std::string message) {
    items_.push_back({std::move(id), level, std::move(target), std::move(message)});
}

void diagnostics::append(const diagnostics &other) {
    items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool diagnostics::has_errors() const { return first_error() != nullptr; }

const diagnostic *diagnostics::first_error() const {
    for (const auto &d : items_)
        if (d.level == severity::error) return &d;
    return nullptr;
}

nlohmann::json diagnostics::to_json() const {
    auto out = nlohmann::json::array();
    for (const auto &d : items_)
        out.push_back({{"id", d.id}, {"severity", to_string(d.level)}, {"target", d.target},
                       {"message", d.message}});
    return out;
}

}  // namespace mailint
