// Get-/Set-MobileDeviceMailboxPolicy and Get-/New-ActiveSyncDeviceAccessRule: what the Essentials
// dashboard set for the mobile devices of Exchange Online (seed M6) — a password, its minimum
// length, the failed attempts allowed, the time before the device locks — and the device models it
// blocked; and the remote wipe of a lost device. Every tenant has the "Default" policy, with
// Exchange's defaults until it is set.
#include "exchange/cmdlet_error.h"
#include "exchange/org_model.h"
#include "exchange/values.h"
#include "exchange_online/cmdlet_registry.h"
#include "exchange_online/tenant_model.h"
#include "util/text.h"

#include <array>
#include <cctype>

namespace emulator::exchange_online {
namespace {

using exchange::param_kind;

constexpr std::array<std::string_view, 5> characteristics = {"DeviceType", "DeviceModel", "DeviceOS", "UserAgent", "XMSWLHeader"};
constexpr std::array<std::string_view, 3> access_levels = {"Allow", "Block", "Quarantine"};

json& policies(json& tenant)
{
    json& list = exchange::collection(tenant, "mobileDeviceMailboxPolicies");
    if (list.empty())
        list.push_back({{"Identity", "Default"},
                        {"Name", "Default"},
                        {"IsDefault", true},
                        {"PasswordEnabled", false},
                        {"AllowSimplePassword", true},
                        {"MinPasswordLength", nullptr},
                        {"MaxPasswordFailedAttempts", "Unlimited"},
                        {"MaxInactivityTimeLock", "Unlimited"}});
    return list;
}

json& rules(json& tenant) { return exchange::collection(tenant, "activeSyncDeviceAccessRules"); }

bool all_digits(const std::string& s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// "Unlimited" or a whole number in [low, high], as Exchange's Unlimited<int> binds it.
json unlimited_or_number(std::string_view parameter, const std::string& text, int low, int high)
{
    const std::string value(trim(text));
    if (iequals(value, "Unlimited"))
        return "Unlimited";
    if (!all_digits(value) || std::stoi(value) < low || std::stoi(value) > high)
        exchange::throw_invalid_argument(parameter, "The value must be Unlimited or a number from " + std::to_string(low) + " to " +
                                                        std::to_string(high) + ".");
    return value;
}

// "Unlimited" or hh:mm:ss from 00:01:00 to 01:00:00.
json lock_time(const std::string& text)
{
    const std::string value(trim(text));
    if (iequals(value, "Unlimited"))
        return "Unlimited";
    if (value.size() != 8 || value[2] != ':' || value[5] != ':' || !all_digits(value.substr(0, 2)) || !all_digits(value.substr(3, 2)) ||
        !all_digits(value.substr(6, 2)))
        exchange::throw_invalid_argument("MaxInactivityTimeLock", "The value must be Unlimited or a time span hh:mm:ss.");
    const int seconds = std::stoi(value.substr(0, 2)) * 3600 + std::stoi(value.substr(3, 2)) * 60 + std::stoi(value.substr(6, 2));
    if (seconds < 60 || seconds > 3600 || std::stoi(value.substr(3, 2)) > 59 || std::stoi(value.substr(6, 2)) > 59)
        exchange::throw_invalid_argument("MaxInactivityTimeLock", "The value must be from 00:01:00 to 01:00:00.");
    return value;
}

json get_policy(cmdlet_context& context) { return select_visible(context, policies(context.tenant), "MobileDeviceMailboxPolicy", {"Identity", "Name"}); }

json set_policy(cmdlet_context& context)
{
    const auto& params = context.params;
    const std::string identity = params.string("Identity").value_or("Default");
    json& policy = require_visible(context, policies(context.tenant), "MobileDeviceMailboxPolicy", identity, {"Identity", "Name"});
    bool changed = false;
    for (const std::string_view flag : {"PasswordEnabled", "AllowSimplePassword"})
        if (const auto value = params.boolean(flag))
            changed |= exchange::assign(policy, flag, *value);
    if (params.has("MinPasswordLength")) {
        json value = nullptr;
        if (!params.is_null("MinPasswordLength")) {
            const std::string text(trim(*params.string("MinPasswordLength")));
            if (!all_digits(text) || std::stoi(text) < 1 || std::stoi(text) > 16)
                exchange::throw_invalid_argument("MinPasswordLength", "The value must be a number from 1 to 16.");
            value = std::stoi(text);
        }
        changed |= exchange::assign(policy, "MinPasswordLength", value);
    }
    if (const auto attempts = params.string("MaxPasswordFailedAttempts"))
        changed |= exchange::assign(policy, "MaxPasswordFailedAttempts", unlimited_or_number("MaxPasswordFailedAttempts", *attempts, 4, 16));
    if (const auto lock = params.string("MaxInactivityTimeLock"))
        changed |= exchange::assign(policy, "MaxInactivityTimeLock", lock_time(*lock));
    // Exchange refuses a password rule on a policy that asks for no password.
    if (!policy.value("PasswordEnabled", false) && !policy["MinPasswordLength"].is_null())
        exchange::throw_data_validation("MinPasswordLength can be set only when PasswordEnabled is $true.");
    if (!changed)
        context.warnings.push_back("The command completed successfully but no settings of '" + policy.value("Identity", identity) +
                                   "' have been modified.");
    return json::array();
}

json get_rule(cmdlet_context& context) { return select_visible(context, rules(context.tenant), "ActiveSyncDeviceAccessRule", {"Identity", "Name"}); }

json new_rule(cmdlet_context& context)
{
    const std::string query(trim(*context.params.string("QueryString")));
    if (query.empty())
        exchange::throw_invalid_argument("QueryString", "The argument is null or empty.");
    const std::string characteristic = exchange::parse_enum("Characteristic", *context.params.string("Characteristic"),
                                                            "Microsoft.Exchange.Data.DeviceAccessCharacteristic", characteristics);
    const std::string level = exchange::parse_enum("AccessLevel", *context.params.string("AccessLevel"),
                                                   "Microsoft.Exchange.Data.DeviceAccessLevel", access_levels);
    const std::string name = query + " (" + characteristic + ")";
    json& list = rules(context.tenant);
    if (exchange::find_object(list, name, {"Identity"}))
        exchange::throw_already_exists("An ActiveSync device access rule for '" + name + "' already exists.");
    json rule = {{"Identity", name}, {"Name", name}, {"QueryString", query}, {"Characteristic", characteristic}, {"AccessLevel", level}};
    list.push_back(rule);
    return json::array({rule});
}

// The phones and tablets that synchronized with a mailbox (seeded: state mobileDevices, each
// {"Identity","DeviceId","DeviceModel","FriendlyName","UserDisplayName","Mailbox"}); Status is what
// Get-MobileDeviceStatistics would say, DeviceOk until a wipe is asked for.
json& devices(json& tenant)
{
    json& list = exchange::collection(tenant, "mobileDevices");
    for (auto& device : list)
        if (!device.contains("Status"))
            device["Status"] = "DeviceOk";
    return list;
}

json get_device(cmdlet_context& context)
{
    json found = select_visible(context, devices(context.tenant), "MobileDevice", {"Identity", "DeviceId"});
    const auto mailbox = context.params.string("Mailbox");
    if (!mailbox)
        return found;
    json mine = json::array();
    for (auto& device : found)
        if (iequals(device.value("Mailbox", ""), *mailbox))
            mine.push_back(std::move(device));
    return mine;
}

// Clear-MobileDevice: the device is wiped the next time it connects (seed M6, a lost or stolen
// device); asking again while the wipe is pending changes nothing.
json clear_device(cmdlet_context& context)
{
    const std::string identity = *context.params.string("Identity");
    json& device = require_visible(context, devices(context.tenant), "MobileDevice", identity, {"Identity", "DeviceId"});
    if (device["Status"] == "DeviceWipePending")
        context.warnings.push_back("The device '" + identity + "' is already waiting to be wiped.");
    device["Status"] = "DeviceWipePending";
    if (const auto to = context.params.list("NotificationEmailAddresses"); !to.empty())
        device["WipeNotificationEmailAddresses"] = to;
    return json::array();
}

} // namespace

std::vector<cmdlet_spec> mobile_device_cmdlets()
{
    return {
        {"Get-MobileDeviceMailboxPolicy", {{"Identity", param_kind::string}}, get_policy},
        {"Set-MobileDeviceMailboxPolicy",
         {{"Identity", param_kind::string},
          {"PasswordEnabled", param_kind::boolean},
          {"AllowSimplePassword", param_kind::boolean},
          {"MinPasswordLength", param_kind::scalar},
          {"MaxPasswordFailedAttempts", param_kind::scalar},
          {"MaxInactivityTimeLock", param_kind::string}},
         set_policy},
        {"Get-ActiveSyncDeviceAccessRule", {{"Identity", param_kind::string}}, get_rule},
        {"New-ActiveSyncDeviceAccessRule",
         {{"QueryString", param_kind::string, true}, {"Characteristic", param_kind::string, true}, {"AccessLevel", param_kind::string, true}},
         new_rule},
        {"Get-MobileDevice", {{"Identity", param_kind::string}, {"Mailbox", param_kind::string}}, get_device},
        {"Clear-MobileDevice", {{"Identity", param_kind::string, true}, {"NotificationEmailAddresses", param_kind::string_list}}, clear_device},
    };
}

} // namespace emulator::exchange_online
