#include "dataverse/row_write.h"

#include "dataverse/dataverse_error.h"
#include "util/guid.h"
#include "util/text.h"
#include "util/utc_time.h"

#include <algorithm>

namespace emulator::dataverse {
namespace {

constexpr std::string_view bind_suffix = "@odata.bind";

write_problem payload_problem(const table& t, const std::string& detail)
{
    return {400, code_bad_payload,
            "Error identified in Payload provided by the user for Entity :'" + t.set +
                "', For more information on this error please follow this help link "
                "https://go.microsoft.com/fwlink/?linkid=2195293  ----> InnerException : "
                "Microsoft.OData.ODataException: " + detail};
}

write_problem conversion_problem(const table& t, const json& value, const char* edm_type)
{
    return payload_problem(t, "Cannot convert the literal '" + (value.is_string() ? value.get<std::string>() : value.dump()) +
                                  "' to the expected type '" + edm_type + "'.");
}

// A lookup's navigation name in a bind: the column itself, or for the polymorphic regardingobjectid
// the per-target names regardingobjectid_systemuser / regardingobjectid_queue.
const column* bind_column(const table& t, const std::string& navigation, std::string& only_set)
{
    if (const column* c = find_column(t, navigation); c && c->kind == column_kind::lookup)
        return c;
    const auto underscore = navigation.rfind('_');
    if (underscore == std::string::npos)
        return nullptr;
    const column* c = find_column(t, navigation.substr(0, underscore));
    if (!c || c->kind != column_kind::lookup || c->targets.size() < 2)
        return nullptr;
    const std::string logical = navigation.substr(underscore + 1);
    for (const auto& target : c->targets)
        if (const table* target_table = find_table(target); target_table && target_table->logical == logical) {
            only_set = target;
            return c;
        }
    return nullptr;
}

bool row_exists(const json& org, const std::string& set, const std::string& id)
{
    const table* target = find_table(set);
    if (!target || !org.contains(set))
        return false;
    const auto& rows = org[set];
    return std::any_of(rows.begin(), rows.end(), [&](const json& row) { return row[target->key] == id; });
}

std::optional<write_problem> check_value(const table& t, const column& c, const json& value, json& stored)
{
    if (value.is_null()) {
        stored = nullptr;
        return std::nullopt;
    }
    switch (c.kind) {
    case column_kind::text:
    case column_kind::memo: {
        if (!value.is_string())
            return conversion_problem(t, value, "Edm.String");
        if (c.max_length && value.get<std::string>().size() > c.max_length)
            return write_problem{400, code_too_long,
                                 "A validation error occurred. The length of the '" + c.name + "' attribute of the '" +
                                     t.logical + "' entity exceeded the maximum allowed length of '" +
                                     std::to_string(c.max_length) + "'."};
        stored = value;
        return std::nullopt;
    }
    case column_kind::boolean:
        if (!value.is_boolean())
            return conversion_problem(t, value, "Edm.Boolean");
        stored = value;
        return std::nullopt;
    case column_kind::integer:
    case column_kind::picklist: {
        if (!value.is_number_integer())
            return conversion_problem(t, value, "Edm.Int32");
        const long long number = value.get<long long>();
        if (c.kind == column_kind::picklist && std::find(c.options.begin(), c.options.end(), number) == c.options.end()) {
            std::string accepted;
            for (const int option : c.options)
                accepted += (accepted.empty() ? "" : ",") + std::to_string(option);
            return write_problem{400, code_out_of_range,
                                 "A validation error occurred. The value " + std::to_string(number) + " of '" + c.name +
                                     "' on record of type '" + t.logical +
                                     "' is outside the valid range. Accepted Values: " + accepted};
        }
        if (c.kind == column_kind::integer && c.min != c.max && (number < c.min || number > c.max))
            return write_problem{400, code_out_of_range,
                                 "A validation error occurred. The value " + std::to_string(number) + " of '" + c.name +
                                     "' on record of type '" + t.logical + "' is outside the valid range (" +
                                     std::to_string(c.min) + " to " + std::to_string(c.max) + ")."};
        stored = number;
        return std::nullopt;
    }
    case column_kind::guid:
        if (!value.is_string() || !is_guid(value.get<std::string>()))
            return conversion_problem(t, value, "Edm.Guid");
        stored = to_lower(value.get<std::string>());
        return std::nullopt;
    case column_kind::datetime: {
        const auto parsed = value.is_string() ? parse_iso_utc(value.get<std::string>()) : std::nullopt;
        if (!parsed)
            return conversion_problem(t, value, "Edm.DateTimeOffset");
        stored = iso_utc(*parsed);
        return std::nullopt;
    }
    case column_kind::lookup:
        break;
    }
    return payload_problem(t, "A lookup is set through '" + c.name + "@odata.bind'.");
}

} // namespace

std::optional<bind_target> parse_bind(std::string_view reference)
{
    // Accept "/set(id)", "set(id)" and an absolute URL ending in "/set(id)".
    const auto open = reference.rfind('(');
    if (open == std::string_view::npos || reference.empty() || reference.back() != ')')
        return std::nullopt;
    std::string_view before = reference.substr(0, open);
    const auto slash = before.rfind('/');
    const std::string set(slash == std::string_view::npos ? before : before.substr(slash + 1));
    std::string id(reference.substr(open + 1, reference.size() - open - 2));
    if (id.size() == 38 && id.front() == '{' && id.back() == '}')
        id = id.substr(1, 36);
    if (set.empty() || !is_guid(id))
        return std::nullopt;
    return bind_target{set, to_lower(id)};
}

std::optional<write_problem> apply_body(const table& t, json& row, const json& body, const json& org)
{
    if (!body.is_object())
        return payload_problem(t, "The request body must be a JSON object.");
    for (const auto& [name, value] : body.items()) {
        if (name.starts_with("@odata."))
            continue;
        if (name.ends_with(bind_suffix)) {
            const std::string navigation = name.substr(0, name.size() - bind_suffix.size());
            std::string only_set;
            const column* c = bind_column(t, navigation, only_set);
            if (!c)
                return payload_problem(t, "An undeclared property '" + navigation +
                                              "' which only has property annotations in the payload but no property "
                                              "value was found in the payload.");
            if (!c->writable)
                return payload_problem(t, "The property '" + navigation + "' is read-only.");
            if (value.is_null()) {
                row[stored_name(*c)] = nullptr;
                continue;
            }
            const auto target = value.is_string() ? parse_bind(value.get<std::string>()) : std::nullopt;
            const bool allowed = target && (only_set.empty() ? std::find(c->targets.begin(), c->targets.end(), target->set) != c->targets.end()
                                                             : target->set == only_set);
            if (!allowed)
                return payload_problem(t, "The value of '" + name + "' must reference a row of " +
                                              (only_set.empty() ? c->targets.front() : only_set) + ", as /" +
                                              (only_set.empty() ? c->targets.front() : only_set) + "(<id>).");
            if (!row_exists(org, target->set, target->id))
                return write_problem{404, code_not_found,
                                     find_table(target->set)->logical + " With Id = " + target->id + " Does Not Exist"};
            row[stored_name(*c)] = target->id;
            continue;
        }
        if (name == t.key) {
            if (!value.is_string() || !iequals(value.get<std::string>(), row[t.key].get<std::string>()))
                return payload_problem(t, "The value of '" + t.key + "' does not match the key of the request.");
            continue;
        }
        const column* c = find_column(t, name);
        if (!c) {
            if (column_for_attribute(t, name))
                return payload_problem(t, "The property '" + name + "' is read-only; set the lookup through '" +
                                              name.substr(1, name.size() - 7) + "@odata.bind'.");
            return payload_problem(t, "The property '" + name + "' does not exist on type 'Microsoft.Dynamics.CRM." +
                                          t.logical +
                                          "'. Make sure to only use property names that are defined by the type or "
                                          "mark the type as open type.");
        }
        if (c->kind == column_kind::lookup)
            return payload_problem(t, "The property '" + name + "' is a lookup; set it through '" + name + "@odata.bind'.");
        if (!c->writable)
            return payload_problem(t, "The property '" + name + "' of 'Microsoft.Dynamics.CRM." + t.logical +
                                          "' is maintained by the system and cannot be set.");
        json stored;
        if (auto problem = check_value(t, *c, value, stored))
            return problem;
        if (c->readable)
            row[name] = std::move(stored);
    }
    return std::nullopt;
}

} // namespace emulator::dataverse
