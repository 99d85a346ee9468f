#include "exchange/parameters.h"

#include "exchange/cmdlet_error.h"
#include "util/base64.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <array>

namespace emulator::exchange {
namespace {

constexpr std::string_view byte_array_type = "#Exchange.ByteArrayType";
constexpr std::string_view secure_string_type = "#Exchange.SecureStringType";
constexpr std::string_view hashtable_type = "#Exchange.GenericHashTable";

bool has_odata_type(const json& value, std::string_view type)
{
    if (!value.is_object())
        return false;
    const auto it = value.find("@odata.type");
    return it != value.end() && it->is_string() && iequals(it->get_ref<const std::string&>(), type);
}

const param_spec* find_spec(std::span<const param_spec> specs, std::string_view name)
{
    const auto it = std::find_if(specs.begin(), specs.end(), [&](const param_spec& s) { return iequals(s.name, name); });
    return it == specs.end() ? nullptr : &*it;
}

// A sibling annotation such as "Bindings@odata.type" describes its parameter; it is not one.
bool is_annotation(std::string_view key) { return key.find('@') != std::string_view::npos; }

std::string type_name(const json& value)
{
    switch (value.type()) {
    case json::value_t::string: return "System.String";
    case json::value_t::boolean: return "System.Boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "System.Int32";
    case json::value_t::number_float: return "System.Double";
    case json::value_t::array: return "System.Object[]";
    case json::value_t::null: return "null";
    default: return "System.Collections.Hashtable";
    }
}

[[noreturn]] void throw_conversion(std::string_view parameter, const json& value, std::string_view target,
                                   std::string_view extra = {})
{
    std::string message = "Cannot process argument transformation on parameter '" + std::string(parameter) +
                          "'. Cannot convert value of type \"" + type_name(value) + "\" to type \"" +
                          std::string(target) + "\".";
    if (!extra.empty())
        message += " " + std::string(extra);
    throw_parameter_binding(message);
}

std::string scalar_text(const json& value)
{
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_boolean())
        return value.get<bool>() ? "True" : "False";
    return value.dump();
}

bool is_scalar(const json& value) { return value.is_string() || value.is_number() || value.is_boolean(); }

json bind_string_list(const param_spec& spec, const json& value)
{
    if (value.is_null())
        return value;
    if (is_scalar(value))
        return json::array({scalar_text(value)});
    if (value.is_array()) {
        json list = json::array();
        for (const auto& item : value) {
            if (!is_scalar(item))
                throw_conversion(spec.name, item, "Microsoft.Exchange.Data.MultiValuedProperty");
            list.push_back(scalar_text(item));
        }
        return list;
    }
    if (value.is_object()) {
        // {"Add": …, "Remove": …} edits a multi-valued property in place.
        json edit = json::object();
        for (const auto& [key, item] : value.items()) {
            if (is_annotation(key))
                continue;
            if (!iequals(key, "Add") && !iequals(key, "Remove"))
                throw_conversion(spec.name, value, "Microsoft.Exchange.Data.MultiValuedProperty",
                                 "Only the keys Add and Remove are allowed.");
            edit[iequals(key, "Add") ? "Add" : "Remove"] = bind_string_list(spec, item);
        }
        edit["@odata.type"] = std::string(hashtable_type);
        return edit;
    }
    throw_conversion(spec.name, value, "Microsoft.Exchange.Data.MultiValuedProperty");
}

std::vector<unsigned char> decode_data(const param_spec& spec, const json& value, std::string_view target)
{
    const auto data = value.find("Data");
    if (data == value.end() || !data->is_string())
        throw_conversion(spec.name, value, target, "The Data member is missing.");
    auto bytes = base64_decode(data->get_ref<const std::string&>());
    if (!bytes)
        throw_conversion(spec.name, value, target, "The Data member is not valid base64.");
    return std::move(*bytes);
}

json bind_value(const param_spec& spec, const json& value)
{
    switch (spec.kind) {
    case param_kind::string:
        if (value.is_null() || is_scalar(value))
            return value.is_null() ? value : json(scalar_text(value));
        throw_conversion(spec.name, value, "System.String");
    case param_kind::scalar:
        if (value.is_string() || value.is_number_integer())
            return scalar_text(value);
        throw_conversion(spec.name, value, "System.String");
    case param_kind::boolean:
    case param_kind::switch_flag:
        if (value.is_boolean())
            return value;
        if (value.is_number())
            return value.get<double>() != 0;
        throw_parameter_binding("Cannot process argument transformation on parameter '" + std::string(spec.name) +
                                "'. Cannot convert value \"" + type_name(value) +
                                "\" to type \"System.Boolean\". Boolean parameters accept only Boolean values "
                                "and numbers, like $True, $False, 1 or 0.");
    case param_kind::string_list:
        return bind_string_list(spec, value);
    case param_kind::byte_array:
        if (has_odata_type(value, byte_array_type)) {
            decode_data(spec, value, "System.Byte[]");
            return value;
        }
        if (value.is_array() && std::all_of(value.begin(), value.end(), [](const json& b) {
                return b.is_number_unsigned() && b.get<unsigned>() <= 255;
            }))
            return value;
        throw_conversion(spec.name, value, "System.Byte[]");
    case param_kind::secure_string:
        if (has_odata_type(value, secure_string_type)) {
            auto bytes = decode_data(spec, value, "System.Security.SecureString");
            OPENSSL_cleanse(bytes.data(), bytes.size());
            return value;
        }
        // Never echo the value: it may be the password in clear.
        throw_conversion(spec.name, value, "System.Security.SecureString");
    }
    return value;
}

} // namespace

secret_bytes::~secret_bytes()
{
    if (!bytes_.empty())
        OPENSSL_cleanse(bytes_.data(), bytes_.size());
}

bool bound_parameters::is_null(std::string_view name) const
{
    const auto it = values_.find(name);
    return it != values_.end() && it->second.is_null();
}

const json& bound_parameters::raw(std::string_view name) const
{
    static const json null_value;
    const auto it = values_.find(name);
    return it == values_.end() ? null_value : it->second;
}

std::optional<std::string> bound_parameters::string(std::string_view name) const
{
    const auto& value = raw(name);
    if (!value.is_string())
        return std::nullopt;
    return value.get<std::string>();
}

std::optional<bool> bound_parameters::boolean(std::string_view name) const
{
    const auto& value = raw(name);
    if (!value.is_boolean())
        return std::nullopt;
    return value.get<bool>();
}

bool bound_parameters::switch_on(std::string_view name) const { return boolean(name).value_or(false); }

std::vector<std::string> bound_parameters::list(std::string_view name, const std::vector<std::string>& current) const
{
    const auto& value = raw(name);
    if (value.is_array())
        return value.get<std::vector<std::string>>();
    if (!value.is_object())
        return {};
    std::vector<std::string> result = current;
    if (const auto remove = value.find("Remove"); remove != value.end() && remove->is_array())
        for (const auto& item : *remove)
            std::erase_if(result, [&](const std::string& s) { return iequals(s, item.get<std::string>()); });
    if (const auto add = value.find("Add"); add != value.end() && add->is_array())
        for (const auto& item : *add)
            if (std::none_of(result.begin(), result.end(), [&](const std::string& s) { return iequals(s, item.get<std::string>()); }))
                result.push_back(item.get<std::string>());
    return result;
}

std::vector<unsigned char> bound_parameters::bytes(std::string_view name) const
{
    const auto& value = raw(name);
    if (value.is_array())
        return value.get<std::vector<unsigned char>>();
    if (value.is_object())
        return base64_decode(value.at("Data").get<std::string>()).value_or(std::vector<unsigned char>{});
    return {};
}

std::optional<secret_bytes> bound_parameters::secret(std::string_view name) const
{
    const auto& value = raw(name);
    if (!value.is_object())
        return std::nullopt;
    return secret_bytes(base64_decode(value.at("Data").get<std::string>()).value_or(std::vector<unsigned char>{}));
}

bool is_common_parameter(std::string_view name)
{
    static constexpr std::array<std::string_view, 15> names = {
        "Verbose",     "Debug",           "ErrorAction",         "WarningAction", "InformationAction",
        "ErrorVariable", "WarningVariable", "InformationVariable", "OutVariable",   "OutBuffer",
        "PipelineVariable", "ProgressAction", "WhatIf",          "Confirm",       "UseTransaction"};
    return std::any_of(names.begin(), names.end(), [&](std::string_view n) { return iequals(n, name); });
}

bound_parameters bind_parameters(std::span<const param_spec> specs, const json& parameters)
{
    bound_parameters bound;
    if (!parameters.is_null() && !parameters.is_object())
        throw_parameter_binding("The Parameters member of CmdletInput must be an object.");
    if (parameters.is_object()) {
        for (const auto& [key, value] : parameters.items()) {
            if (is_annotation(key))
                continue;
            if (is_common_parameter(key)) {
                if (iequals(key, "WhatIf"))
                    bound.set("WhatIf", bind_value({"WhatIf", param_kind::switch_flag}, value));
                continue;
            }
            const param_spec* spec = find_spec(specs, key);
            if (!spec)
                throw_parameter_binding("A parameter cannot be found that matches parameter name '" + key + "'.");
            if (bound.has(spec->name))
                throw_parameter_binding("Cannot bind parameter because parameter '" + std::string(spec->name) +
                                        "' is specified more than once.");
            bound.set(std::string(spec->name), bind_value(*spec, value));
        }
    }
    std::string missing;
    for (const auto& spec : specs) {
        const bool empty = !bound.has(spec.name) || bound.is_null(spec.name) ||
                           (spec.kind == param_kind::string && bound.string(spec.name).value_or("").empty());
        if (spec.mandatory && empty)
            missing += (missing.empty() ? "" : " ") + std::string(spec.name);
    }
    if (!missing.empty())
        throw_parameter_binding("Cannot process command because of one or more missing mandatory parameters: " +
                                missing + ".");
    return bound;
}

json redact_parameters(std::span<const param_spec> specs, const json& parameters)
{
    if (!parameters.is_object())
        return parameters.is_null() ? json(nullptr) : json("<not an object>");
    json redacted = json::object();
    for (const auto& [key, value] : parameters.items()) {
        const param_spec* spec = find_spec(specs, key);
        if ((spec && spec->kind == param_kind::secure_string) || has_odata_type(value, secure_string_type)) {
            redacted[key] = "********";
        } else if (has_odata_type(value, byte_array_type)) {
            const auto data = value.find("Data");
            const auto size = data != value.end() && data->is_string()
                                  ? base64_decode(data->get_ref<const std::string&>()).value_or(std::vector<unsigned char>{}).size()
                                  : 0;
            redacted[key] = "<" + std::to_string(size) + " bytes>";
        } else if (spec && spec->kind == param_kind::byte_array && value.is_array()) {
            redacted[key] = "<" + std::to_string(value.size()) + " bytes>";
        } else if (value.is_array() || value.is_object()) {
            // A SecureString nested in a list or hashtable is still a secret.
            json copy = value;
            const auto scrub = [](auto& self, json& node) -> void {
                if (has_odata_type(node, secure_string_type)) {
                    node = "********";
                    return;
                }
                if (node.is_array() || node.is_object())
                    for (auto& child : node)
                        self(self, child);
            };
            scrub(scrub, copy);
            redacted[key] = std::move(copy);
        } else {
            redacted[key] = value;
        }
    }
    return redacted;
}

} // namespace emulator::exchange
