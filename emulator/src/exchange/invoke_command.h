#pragma once
// POST /exchange-onprem/{org}/InvokeCommand: envelope in, cmdlet run against the organization,
// envelope out. Pure over the state document; the caller holds the state lock.
#include "util/json.h"

#include <string>
#include <string_view>

namespace emulator::exchange {

struct invoke_outcome {
    int status = 200;
    json body;
    std::string exception_type;  // short class name of a failure, for the x-ExceptionType header
    std::string cmdlet;          // canonical name when known, else as sent; empty when absent
    json logged_parameters;      // redacted
    bool write = false;
};

// `organizations` is the "exchangeOnPrem" object of the state.
invoke_outcome invoke_command(json& organizations, std::string_view org_name, std::string_view body);

} // namespace emulator::exchange
