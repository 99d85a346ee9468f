#include "graph/key_credentials.h"

#include "entra/app_certificate.h"
#include "util/guid.h"
#include "util/text.h"
#include "util/utc_time.h"

#include <set>

namespace emulator::graph {
namespace {

constexpr const char* members[] = {"customKeyIdentifier", "displayName", "endDateTime", "key",
                                   "keyId",               "startDateTime", "type",      "usage"};

const json* existing_with_id(const json& existing, const std::string& key_id)
{
    for (const auto& credential : existing)
        if (iequals(credential.value("keyId", ""), key_id))
            return &credential;
    return nullptr;
}

bool given(const json& entry, const char* name) { return entry.contains(name) && !entry[name].is_null(); }

std::variant<std::string, key_credential_error> date_member(const json& entry, const char* name)
{
    if (!entry[name].is_string())
        return key_credential_error{std::string(name) + " must be a date and time string"};
    const auto parsed = parse_iso_utc(entry[name].get<std::string>());
    if (!parsed)
        return key_credential_error{std::string(name) + " '" + entry[name].get<std::string>() +
                                    "' is not an ISO 8601 date and time"};
    return iso_utc(*parsed);
}

std::variant<json, key_credential_error> checked_entry(const json& entry, const json& existing)
{
    if (!entry.is_object())
        return key_credential_error{"each key credential must be an object"};
    for (const auto& [name, value] : entry.items()) {
        bool known = name.starts_with("@odata.");
        for (const char* member : members)
            known = known || name == member;
        if (!known)
            return key_credential_error{"'" + name + "' is not a property of keyCredential"};
    }
    if (!given(entry, "type") || !entry["type"].is_string() || !iequals(entry["type"].get<std::string>(), "AsymmetricX509Cert"))
        return key_credential_error{"type must be AsymmetricX509Cert"};
    if (!given(entry, "usage") || !entry["usage"].is_string() || !iequals(entry["usage"].get<std::string>(), "Verify"))
        return key_credential_error{"usage must be Verify"};
    if (given(entry, "keyId") && (!entry["keyId"].is_string() || !is_guid(entry["keyId"].get<std::string>())))
        return key_credential_error{"keyId must be a GUID"};
    const std::string key_id = given(entry, "keyId") ? to_lower(entry["keyId"].get<std::string>()) : new_guid();

    // The certificate: the one sent, or the existing credential's when the entry re-sends it
    // without its key.
    json base;
    if (given(entry, "key")) {
        if (!entry["key"].is_string() || trim(entry["key"].get<std::string>()).starts_with("-----"))
            return key_credential_error{"key must be the base64 DER of an X.509 certificate"};
        const auto certificate = entra::describe_certificate(entry["key"].get<std::string>());
        if (!certificate)
            return key_credential_error{"key is not the base64 DER of an X.509 certificate"};
        base = {{"customKeyIdentifier", (*certificate)["thumbprint"]},
                {"displayName", (*certificate)["subject"]},
                {"endDateTime", (*certificate)["notAfter"]},
                {"key", (*certificate)["der"]},
                {"keyId", key_id},
                {"startDateTime", (*certificate)["notBefore"]},
                {"type", "AsymmetricX509Cert"},
                {"usage", "Verify"}};
    } else {
        const json* previous = given(entry, "keyId") ? existing_with_id(existing, key_id) : nullptr;
        if (!previous)
            return key_credential_error{"key is required for a credential whose keyId is not already on the service principal"};
        base = *previous;
    }
    for (const char* name : {"customKeyIdentifier", "displayName"})
        if (given(entry, name)) {
            if (!entry[name].is_string())
                return key_credential_error{std::string(name) + " must be a string"};
            base[name] = entry[name];
        }
    for (const char* name : {"startDateTime", "endDateTime"})
        if (given(entry, name)) {
            auto date = date_member(entry, name);
            if (auto* refused = std::get_if<key_credential_error>(&date))
                return *refused;
            base[name] = std::get<std::string>(date);
        }
    const auto start = parse_iso_utc(base["startDateTime"].get<std::string>());
    const auto end = parse_iso_utc(base["endDateTime"].get<std::string>());
    if (!start || !end || *end <= *start)
        return key_credential_error{"endDateTime must be after startDateTime"};
    return base;
}

} // namespace

std::variant<json, key_credential_error> replace_key_credentials(const json& existing, const json& requested)
{
    if (!requested.is_array())
        return key_credential_error{"keyCredentials must be an array"};
    json result = json::array();
    std::set<std::string> ids;
    for (const auto& entry : requested) {
        auto checked = checked_entry(entry, existing);
        if (auto* refused = std::get_if<key_credential_error>(&checked))
            return *refused;
        json credential = std::get<json>(std::move(checked));
        if (!ids.insert(credential["keyId"].get<std::string>()).second)
            return key_credential_error{"keyId " + credential["keyId"].get<std::string>() + " appears twice"};
        result.push_back(std::move(credential));
    }
    return result;
}

} // namespace emulator::graph
