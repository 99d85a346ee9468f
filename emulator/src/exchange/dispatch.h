#pragma once
// Running one cmdlet of a personality that keeps its state in one JSON object (the Dynamics 365
// deployment, Active Directory): the envelope parsed, the cmdlet found by name, its parameters
// bound, the handler run on a copy that replaces the state only when it succeeds (and not under
// -WhatIf), and the answer or the failure as the Exchange envelopes carry them.
#include "exchange/cmdlet_error.h"
#include "exchange/cmdlet_registry.h"
#include "exchange/envelope.h"
#include "exchange/invoke_command.h"
#include "exchange/parameters.h"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace emulator::exchange {

// `Context` is an aggregate {json& state; const bound_parameters& params; std::vector<std::string>& warnings}.
template <class Context>
invoke_outcome dispatch(const std::vector<basic_cmdlet_spec<Context>>& cmdlets, json& state, std::string_view body)
{
    invoke_outcome outcome;
    const auto failure = [&](const cmdlet_error& error) {
        outcome.status = error.status();
        outcome.body = error_envelope(error.status(), error.exception_class(), error.what());
        outcome.exception_type = short_class_name(error.exception_class());
        return outcome;
    };
    cmdlet_input input;
    try {
        input = parse_cmdlet_input(body);
    } catch (const cmdlet_error& error) {
        return failure(error);
    }
    const auto* found = find_cmdlet_in(cmdlets, input.name);
    outcome.cmdlet = found ? std::string(found->name) : input.name;
    outcome.write = !is_read_cmdlet(outcome.cmdlet);
    outcome.logged_parameters = redact_parameters(found ? std::span<const param_spec>(found->params) : std::span<const param_spec>(),
                                                  input.parameters);
    try {
        if (!found)
            throw cmdlet_error(403, exception_class::command_not_found,
                               "The term '" + outcome.cmdlet +
                                   "' is not recognized as a name of a cmdlet, function, script file, or executable program.");
        const auto params = bind_parameters(found->params, input.parameters);
        json working = state;
        std::vector<std::string> warnings;
        Context context{working, params, warnings};
        const json value = found->handler(context);
        if (outcome.write && !params.switch_on("WhatIf"))
            state = std::move(working);
        outcome.body = success_envelope(value.is_array() ? value : json::array({value}), warnings);
        return outcome;
    } catch (const cmdlet_error& error) {
        return failure(error);
    }
}

} // namespace emulator::exchange
