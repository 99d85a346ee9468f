#pragma once
// Access to one organization's document (the shape of GET /control/state) shared by the cmdlet
// families: collections, identity look-ups, servers, and change tracking for Set-*.
#include "exchange/cmdlet_registry.h"
#include "util/json.h"

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace emulator::exchange {

// The array under `key` (or under virtualDirectories[key] for the directory kinds), created
// empty when the seed left it out.
json& collection(json& org, std::string_view key);
json& virtual_directory_collection(json& org, std::string_view kind);

// Where "couldn't be found on 'X'" points: the first server's FQDN.
std::string lookup_host(const json& org);

// The server named (by Name or Fqdn) in parameter `parameter`; 404 when absent.
const json& find_server(const json& org, std::string_view name_or_fqdn);
// The server a cmdlet runs against when it is not told: the first one, as the local server of
// the Exchange Management Shell.
const json& default_server(const json& org);

// The first object whose property `keys[i]` equals `identity` (case-insensitive), or nullptr.
json* find_object(json& list, std::string_view identity, std::initializer_list<std::string_view> keys);
// As find_object, 404 when absent.
json& require_object(json& org, json& list, std::string_view identity, std::initializer_list<std::string_view> keys);

// The strings of a JSON array (anything else in it, or a non-array, yields nothing).
std::vector<std::string> string_list(const json& array);

// Sets object[key] = value and says whether it changed; Set-* cmdlets use it to warn when a
// request changed nothing.
bool assign(json& object, std::string_view key, json value);
void warn_unchanged(cmdlet_context& context, bool changed, std::string_view identity);

// "Identity" of a Get-*: the whole list, or the one object (404 when absent).
json select(json& org, json& list, const cmdlet_context& context, std::initializer_list<std::string_view> keys);

} // namespace emulator::exchange
