#pragma once
// The Exchange admin API envelopes (wire-apis.md §1.5, §1.7).
#include "util/json.h"

#include <string>
#include <string_view>
#include <vector>

namespace emulator::exchange {

// The request envelope {"CmdletInput":{"CmdletName":…,"Parameters":{…}}} of both personalities.
struct cmdlet_input {
    std::string name;  // as sent; never empty
    json parameters;   // null when absent (binding refuses anything but an object or null)
};

// Throws cmdlet_error (400) when the body is not that envelope.
cmdlet_input parse_cmdlet_input(std::string_view body);

json success_envelope(const json& value, const std::vector<std::string>& warnings);

// details[0].message is "<stringId>|<ExceptionClass>|<text>"; error.code follows the status.
json error_envelope(int status, std::string_view exception_class, std::string_view message);

// "Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException" →
// "ManagementObjectNotFoundException".
std::string short_class_name(std::string_view exception_class);

} // namespace emulator::exchange
