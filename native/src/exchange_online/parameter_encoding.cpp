#include "exchange_online/parameter_encoding.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <string>

#include "core/error.h"
#include "http/http_client.h"

namespace mailint::exchange_online {

namespace {

using nlohmann::json;

constexpr std::string_view hashtable_type = "#Exchange.GenericHashTable";
constexpr std::string_view hashtable_collection_type = "#Collection(Exchange.GenericHashTable)";
constexpr std::string_view bytes_type = "#Exchange.ByteArrayType";
constexpr std::string_view bytes_collection_type = "#Collection(Exchange.ByteArrayType)";
constexpr std::string_view annotation_suffix = "@odata.type";

[[noreturn]] void unsupported(const std::string &where, const std::string &why) {
    throw error(errc::invalid_argument, "exchange.parameter.unsupported",
                "The value of parameter '" + where + "' cannot be sent to Exchange Online: " + why,
                {{"parameter", where}});
}

bool is_bytes(const json &v) { return v.is_object() && v.size() == 1 && v.contains("$bytes"); }

// Standard base64 with padding, as [Convert]::ToBase64String writes it: the service decodes it
// with [Convert]::FromBase64String, which rejects anything else.
bool is_base64(const std::string &s) {
    if (s.size() % 4 != 0) return false;
    std::size_t pad = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == '=') {
            ++pad;
            continue;
        }
        if (pad > 0) return false;  // data after padding
        if (!std::isalnum(c) && c != '+' && c != '/') return false;
    }
    return pad <= 2;
}

std::string bytes_data(const std::string &where, const json &v) {
    const auto &data = v.at("$bytes");
    if (!data.is_string() || !is_base64(data.get_ref<const std::string &>()))
        unsupported(where, "\"$bytes\" must be a base64 string.");
    return data.get<std::string>();
}

bool is_scalar(const json &v) { return v.is_string() || v.is_number() || v.is_boolean() || v.is_null(); }

// PowerShell parameter names: what a cmdlet can declare, and nothing that could collide with the
// "<Param>@odata.type" annotations the encoder adds.
bool is_parameter_name(std::string_view name) {
    if (name.empty() || name.size() > 128) return false;
    if (!std::isalpha(static_cast<unsigned char>(name.front())) && name.front() != '_') return false;
    return std::all_of(name.begin(), name.end(),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

bool is_common_parameter(std::string_view name) {
    static constexpr std::array<std::string_view, 12> names = {
        "Verbose",         "Debug",         "ErrorAction",         "WarningAction",
        "InformationAction", "ProgressAction", "ErrorVariable",     "WarningVariable",
        "InformationVariable", "OutVariable", "OutBuffer",           "PipelineVariable"};
    return std::any_of(names.begin(), names.end(), [&](std::string_view n) { return http::equals_ignore_case(n, name); });
}

bool is_filter_parameter(std::string_view name) {
    return http::equals_ignore_case(name, "Filter") || http::equals_ignore_case(name, "RecipientFilter") ||
           http::equals_ignore_case(name, "RecipientPreviewFilter");
}

// PowerShell's own ToString of a scalar: what the module sends for common parameters.
std::string powershell_text(const std::string &where, const json &v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_boolean()) return v.get<bool>() ? "True" : "False";
    if (v.is_number_integer()) return v.dump();
    if (v.is_number_float()) return v.dump();
    unsupported(where, "a common parameter takes a single value.");
}

bool identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// $true / $false inside an OPATH filter are PowerShell variables the service cannot evaluate;
// the module substitutes their values as quoted literals. Only whole variable names are
// replaced ($trueValue stays as it is).
std::string rewrite_filter(const std::string &filter) {
    std::string out;
    out.reserve(filter.size());
    for (std::size_t i = 0; i < filter.size();) {
        bool replaced = false;
        if (filter[i] == '$') {
            for (const auto &[variable, literal] : {std::pair<std::string_view, std::string_view>{"$true", "'True'"},
                                                    std::pair<std::string_view, std::string_view>{"$false", "'False'"}}) {
                const std::string_view rest = std::string_view(filter).substr(i, variable.size());
                const std::size_t after = i + variable.size();
                if (rest.size() == variable.size() && http::equals_ignore_case(rest, variable) &&
                    (after >= filter.size() || !identifier_char(filter[after]))) {
                    out += literal;
                    i = after;
                    replaced = true;
                    break;
                }
            }
        }
        if (!replaced) out += filter[i++];
    }
    return out;
}

json encode_object(const std::string &where, const json &object);

// One value under `key` of `target` (the parameter map or a hashtable), adding the sibling
// collection annotation when the value is an array of hashtables or of byte arrays.
void encode_member(json &target, const std::string &key, const std::string &where, const json &value) {
    if (value.is_object()) {
        if (is_bytes(value)) {
            target[key] = {{"@odata.type", bytes_type}, {"Data", bytes_data(where, value)}};
            return;
        }
        target[key] = encode_object(where, value);
        return;
    }
    if (value.is_array()) {
        if (value.empty() || std::all_of(value.begin(), value.end(), is_scalar)) {
            target[key] = value;
            return;
        }
        if (std::all_of(value.begin(), value.end(), is_bytes)) {
            json items = json::array();
            for (std::size_t i = 0; i < value.size(); ++i)
                items.push_back({{"Data", bytes_data(where + "[" + std::to_string(i) + "]", value[i])}});
            target[key] = std::move(items);
            target[key + std::string(annotation_suffix)] = bytes_collection_type;
            return;
        }
        if (std::all_of(value.begin(), value.end(), [](const json &v) { return v.is_object() && !is_bytes(v); })) {
            json items = json::array();
            for (std::size_t i = 0; i < value.size(); ++i)
                items.push_back(encode_object(where + "[" + std::to_string(i) + "]", value[i]));
            target[key] = std::move(items);
            target[key + std::string(annotation_suffix)] = hashtable_collection_type;
            return;
        }
        // A hashtable next to a string, or an array of arrays: the service binds one element type
        // per parameter and the module has no annotation for a mixture.
        unsupported(where, "an array must hold only plain values, only hashtables or only byte arrays.");
    }
    target[key] = value;
}

json encode_object(const std::string &where, const json &object) {
    json out = json::object();
    for (const auto &[key, value] : object.items()) {
        const std::string inner = where + "." + key;
        // "$…" keys are this API's own markers ({"$bytes"}, {"$secret"}); one the encoder does not
        // know is a value it cannot send, not a hashtable key.
        if (!key.empty() && key.front() == '$')
            unsupported(inner, key == "$secret"
                                   ? std::string("SecureString parameters are encrypted by the Exchange Online "
                                                 "module and are not supported by this client.")
                                   : "\"" + key + "\" is not a supported value marker.");
        if (key.find('@') != std::string::npos)
            unsupported(inner, "hashtable keys containing '@' would be read as OData annotations.");
        encode_member(out, key, inner, value);
    }
    out["@odata.type"] = hashtable_type;
    return out;
}

}  // namespace

json encode_parameters(const json &parameters) {
    if (parameters.is_null()) return json::object();
    if (!parameters.is_object())
        throw error(errc::invalid_argument, "exchange.parameters.invalid",
                    "Cmdlet parameters must be a JSON object of name → value.");
    json out = json::object();
    std::set<std::string> seen;  // lower-case: PowerShell binds parameter names ignoring case
    for (const auto &[name, value] : parameters.items()) {
        if (!is_parameter_name(name))
            throw error(errc::invalid_argument, "exchange.parameter.name_invalid",
                        "'" + name.substr(0, 64) + "' is not a PowerShell parameter name.");
        std::string lower(name);
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (!seen.insert(lower).second)
            throw error(errc::invalid_argument, "exchange.parameter.name_invalid",
                        "Parameter '" + name + "' is given more than once (names ignore case).",
                        {{"parameter", name}});

        if (is_common_parameter(name)) {
            out[name] = powershell_text(name, value);
        } else if (is_filter_parameter(name) && value.is_string()) {
            out[name] = rewrite_filter(value.get<std::string>());
        } else {
            encode_member(out, name, name, value);
        }
    }
    return out;
}

void check_cmdlet_name(std::string_view cmdlet) {
    const auto dash = cmdlet.find('-');
    const auto alnum = [](std::string_view s) {
        return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
    };
    if (cmdlet.size() > 128 || dash == std::string_view::npos || !alnum(cmdlet.substr(0, dash)) ||
        !alnum(cmdlet.substr(dash + 1)))
        throw error(errc::invalid_argument, "exchange.cmdlet.name_invalid",
                    "'" + std::string(cmdlet.substr(0, 64)) + "' is not a cmdlet name (Verb-Noun).");
}

json cmdlet_input(std::string_view cmdlet, const json &parameters) {
    check_cmdlet_name(cmdlet);
    json encoded = encode_parameters(parameters);
    // A Remove-* asks for confirmation; the module answers the prompt itself by re-sending with
    // Confirm:false, and a non-interactive client sends Confirm:false at once (§1.4, accepted by
    // the service). The caller's own Confirm wins.
    const bool remove = cmdlet.size() > 7 && http::equals_ignore_case(cmdlet.substr(0, 7), "Remove-");
    bool has_confirm = false;
    for (const auto &item : encoded.items()) has_confirm = has_confirm || http::equals_ignore_case(item.key(), "Confirm");
    if (remove && !has_confirm) encoded["Confirm"] = false;
    return {{"CmdletInput", {{"CmdletName", std::string(cmdlet)}, {"Parameters", std::move(encoded)}}}};
}

}  // namespace mailint::exchange_online
