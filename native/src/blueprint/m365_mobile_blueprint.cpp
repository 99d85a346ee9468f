#include "blueprint/m365_mobile_blueprint.h"

#include "core/random_id.h"
#include "exchange_online/exo_values.h"
#include "plan/step_builder.h"

namespace mailint::m365_mobile {

namespace {

using nlohmann::json;
using exchange_online::lower, exchange_online::text_of;

// Exchange prints numbers of Unlimited<int> as text ("10") or "Unlimited".
std::string printed(const json &v) {
    if (v.is_number_integer()) return std::to_string(v.get<long long>());
    return v.is_string() ? v.get<std::string>() : std::string();
}

std::string lock_time(int minutes) {  // 1–60 minutes as Exchange prints a TimeSpan: "00:15:00"
    const auto two = [](int n) { return std::string(n < 10 ? "0" : "") + std::to_string(n); };
    return two(minutes / 60) + ":" + two(minutes % 60) + ":00";
}

}  // namespace

plan build_plan(const request &r, exchange_online::exo_client &client, const progress_fn &progress) {
    plan p;
    p.scenario = kScenario;
    p.plan_id = random_id();
    if (progress) progress("Planning", "Reading the mobile device policy and access rules", 0);
    const auto policies = client.invoke({"Get-MobileDeviceMailboxPolicy", {{"Identity", r.policy}}}).objects;
    p.reads.push_back({"exchange", "Get-MobileDeviceMailboxPolicy", policies.size()});
    const auto rules = client.invoke({"Get-ActiveSyncDeviceAccessRule", json::object()}).objects;
    p.reads.push_back({"exchange", "Get-ActiveSyncDeviceAccessRule", rules.size()});
    const json policy = policies.empty() ? json::object() : policies.front();

    json set = {{"Identity", r.policy}};
    std::vector<property_change> changes;
    const auto want = [&](const char *property, json value, const std::string &have_text, const std::string &want_text) {
        if (lower(have_text) == lower(want_text)) return;
        changes.push_back({property, policy.value(property, json(nullptr)), value});
        set[property] = std::move(value);
    };
    want("PasswordEnabled", r.require_password, policy.value("PasswordEnabled", false) ? "true" : "false", r.require_password ? "true" : "false");
    if (r.min_password_length)
        want("MinPasswordLength", *r.min_password_length, printed(policy.value("MinPasswordLength", json(nullptr))),
             std::to_string(*r.min_password_length));
    if (r.max_failed_attempts)
        want("MaxPasswordFailedAttempts", std::to_string(*r.max_failed_attempts), printed(policy.value("MaxPasswordFailedAttempts", json(nullptr))),
             std::to_string(*r.max_failed_attempts));
    if (r.lock_minutes)
        want("MaxInactivityTimeLock", lock_time(*r.lock_minutes), text_of(policy, "MaxInactivityTimeLock"), lock_time(*r.lock_minutes));
    if (changes.empty()) {
        append_step(p, {"noop", "MobileDeviceMailboxPolicy", r.policy, "The mobile device policy '" + r.policy + "' is as wanted", "",
                        std::nullopt, "exchange"});
    } else {
        std::string names;
        for (const auto &c : changes) names += (names.empty() ? "" : ", ") + c.property;
        auto &s = append_step(p, {"update", "MobileDeviceMailboxPolicy", r.policy, "Set the mobile device policy '" + r.policy + "'",
                                  "Update " + names, host_command{"Set-MobileDeviceMailboxPolicy", set}, "exchange"});
        s.changes = std::move(changes);
    }
    for (const auto &model : r.block_models) {
        const json *existing = nullptr;
        for (const auto &rule : rules)
            if (lower(text_of(rule, "Characteristic")) == "devicemodel" && text_of(rule, "QueryString") == model) existing = &rule;
        if (existing && lower(text_of(*existing, "AccessLevel")) == "block") {
            append_step(p, {"noop", "ActiveSyncDeviceAccessRule", model, "The device model '" + model + "' is blocked", "", std::nullopt, "exchange"});
        } else if (existing) {
            p.findings.add("m365.mobile.device_model.other_rule", severity::warning, "BlockDeviceModel",
                           "The device model '" + model + "' has a rule that " + lower(text_of(*existing, "AccessLevel")) +
                               "s it: remove that rule (Remove-ActiveSyncDeviceAccessRule) to block the model.");
        } else {
            auto &s = append_step(p, {"create", "ActiveSyncDeviceAccessRule", model, "Block the device model '" + model + "'", "Block",
                                      host_command{"New-ActiveSyncDeviceAccessRule",
                                                   {{"QueryString", model}, {"Characteristic", "DeviceModel"}, {"AccessLevel", "Block"}}},
                                      "exchange"});
            s.changes.push_back({"AccessLevel", nullptr, "Block"});
        }
    }
    if (progress) progress("Planning", "Done", 100);
    return p;
}

}  // namespace mailint::m365_mobile
