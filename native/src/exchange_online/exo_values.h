#pragma once
// Reading the objects Exchange Online prints: a member that is null is as good as absent (and
// nlohmann's value() would throw on it), names compare without case.
#include <string>

#include <nlohmann/json.hpp>

namespace mailint::exchange_online {

std::string text_of(const nlohmann::json &object, const char *member);                 // "" when absent, null or not text
bool flag_of(const nlohmann::json &object, const char *member, bool otherwise);       // `otherwise` when not a boolean
// An integer printed as a number or as text ("14", as registry values and RecordData come back); -1 otherwise.
long long number_of(const nlohmann::json &object, const char *member);
std::string lower(std::string text);                                                    // ASCII lower case

}  // namespace mailint::exchange_online
