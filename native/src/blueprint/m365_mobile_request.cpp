#include "blueprint/m365_mobile_request.h"

#include <set>

#include "validate/message_text.h"

namespace mailint::m365_mobile {

namespace {

using nlohmann::json;

std::optional<int> whole(const json &p, const char *name, int low, int high, diagnostics &d) {
    auto it = p.find(name);
    if (it == p.end() || it->is_null()) return std::nullopt;
    if (!it->is_number_integer() || it->get<int>() < low || it->get<int>() > high) {
        d.error("m365.mobile.parameter.out_of_range", name,
                std::string(name) + " must be a whole number from " + std::to_string(low) + " to " + std::to_string(high) + ".");
        return std::nullopt;
    }
    return it->get<int>();
}

}  // namespace

diagnostics parse_request(const json &parameters, request &out) {
    diagnostics d;
    static const std::set<std::string> known = {"PolicyName", "RequirePassword", "MinPasswordLength", "MaxFailedAttempts",
                                                "InactivityLockMinutes", "BlockDeviceModel"};
    for (const auto &[name, value] : parameters.items())
        if (!known.count(name)) d.error("m365.mobile.parameter.unknown", name, "Unknown parameter '" + name + "'.");
    if (auto n = parameters.find("PolicyName"); n != parameters.end() && n->is_string() && !n->get<std::string>().empty())
        out.policy = n->get<std::string>();
    if (auto r = parameters.find("RequirePassword"); r != parameters.end() && r->is_boolean()) out.require_password = r->get<bool>();
    out.min_password_length = whole(parameters, "MinPasswordLength", 1, 16, d);
    out.max_failed_attempts = whole(parameters, "MaxFailedAttempts", 4, 16, d);
    out.lock_minutes = whole(parameters, "InactivityLockMinutes", 1, 60, d);
    if (!out.require_password && (out.min_password_length || out.max_failed_attempts))
        d.error("m365.mobile.password_rules_without_password", "RequirePassword",
                "A minimum length or failed-attempt limit needs a password: leave RequirePassword on, or drop them.");
    if (auto m = parameters.find("BlockDeviceModel"); m != parameters.end() && m->is_array()) {
        std::set<std::string> seen;
        for (const auto &v : *m) {
            const std::string model = v.is_string() ? v.get<std::string>() : std::string();
            if (model.empty() || model.size() > 64 || model.find_first_of("\r\n\t") != std::string::npos)
                d.error("m365.mobile.device_model.malformed", "BlockDeviceModel",
                        "BlockDeviceModel " + validate::quote_input(model) + " is not a device model as ActiveSync reports it (e.g. iPhone8,1).");
            else if (seen.insert(model).second)
                out.block_models.push_back(model);
        }
    }
    return d;
}

}  // namespace mailint::m365_mobile
