#pragma once
// Access to one tenant's configuration shared by the cmdlet families: collections, look-ups that
// respect replication, and change tracking for Set-*.
#include "exchange_online/cmdlet_registry.h"
#include "util/json.h"

#include <initializer_list>
#include <string>
#include <string_view>

namespace emulator::exchange_online {

// Where "couldn't be found on 'X'" points: the service names one of its domain controllers.
inline constexpr std::string_view lookup_host = "EMUPR01A001DC001.EMUPR01A001.PROD.OUTLOOK.COM";

// The first visible object of `list` whose property keys[i] equals `identity` (case-insensitive).
json* find_visible(const cmdlet_context& context, json& list, std::string_view kind, std::string_view identity,
                   std::initializer_list<std::string_view> keys);
// As find_visible, 404 ManagementObjectNotFoundException when absent.
json& require_visible(const cmdlet_context& context, json& list, std::string_view kind, std::string_view identity,
                      std::initializer_list<std::string_view> keys);
// "Identity" of a Get-*: the visible objects of the list, or the one object (404 when absent).
json select_visible(const cmdlet_context& context, json& list, std::string_view kind,
                    std::initializer_list<std::string_view> keys);

void warn_unchanged(cmdlet_context& context, bool changed, std::string_view identity);

// The tenant's initial domain (<name>.onmicrosoft.com), from its accepted domains.
std::string initial_domain(json& tenant);
bool is_accepted_domain(json& tenant, std::string_view domain);

} // namespace emulator::exchange_online
