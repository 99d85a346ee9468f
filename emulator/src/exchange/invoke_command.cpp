#include "exchange/invoke_command.h"

#include "exchange/cmdlet_error.h"
#include "exchange/cmdlet_registry.h"
#include "exchange/envelope.h"
#include "util/text.h"

namespace emulator::exchange {
namespace {

invoke_outcome failure(invoke_outcome outcome, const cmdlet_error& error)
{
    outcome.status = error.status();
    outcome.body = error_envelope(error.status(), error.exception_class(), error.what());
    outcome.exception_type = short_class_name(error.exception_class());
    return outcome;
}

json* find_organization(json& organizations, std::string_view name)
{
    if (!organizations.is_object())
        return nullptr;
    for (auto& [key, org] : organizations.items())
        if (iequals(key, name) && org.is_object())
            return &org;
    return nullptr;
}

} // namespace

invoke_outcome invoke_command(json& organizations, std::string_view org_name, std::string_view body)
{
    invoke_outcome outcome;
    cmdlet_input input;
    try {
        input = parse_cmdlet_input(body);
    } catch (const cmdlet_error& error) {
        return failure(std::move(outcome), error);
    }
    const json& parameters = input.parameters;

    const cmdlet_spec* spec = find_cmdlet(input.name);
    outcome.cmdlet = spec ? std::string(spec->name) : input.name;
    outcome.write = !is_read_cmdlet(outcome.cmdlet);
    outcome.logged_parameters = redact_parameters(spec ? std::span<const param_spec>(spec->params) : std::span<const param_spec>(),
                                                  parameters);
    try {
        json* org = find_organization(organizations, org_name);
        if (!org)
            throw_not_found(org_name, "localhost");
        if (!spec)
            throw cmdlet_error(403, exception_class::command_not_found,
                               "The term '" + outcome.cmdlet +
                                   "' is not recognized as a name of a cmdlet, function, script file, or executable "
                                   "program. Check the spelling of the name, or if a path was included, verify that "
                                   "the path is correct and try again.");
        const bound_parameters params = bind_parameters(spec->params, parameters);
        // Run on a copy: a cmdlet that fails half-way leaves nothing behind, and -WhatIf is the
        // same run with the copy thrown away.
        json working = *org;
        std::vector<std::string> warnings;
        cmdlet_context context{working, params, warnings};
        const json value = spec->handler(context);
        if (outcome.write && !params.switch_on("WhatIf"))
            *org = std::move(working);
        outcome.body = success_envelope(value.is_array() ? value : json::array({value}), warnings);
        return outcome;
    } catch (const cmdlet_error& error) {
        return failure(std::move(outcome), error);
    }
}

} // namespace emulator::exchange
