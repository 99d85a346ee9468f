#pragma once
// The per-item results file of a bulk run (seeds T3, M5): one CSV line per item that failed —
// the item, the step, the error id, the service's message and what to do about it — so an
// administrator can fix the input and run again. Appended to (a header when the file is new),
// mode 0600. Never holds a secret: messages are the core's, already redacted.
#include <filesystem>
#include <string>
#include <vector>

namespace mailint {

struct result_line {
    std::string item;      // "adele@contoso.com"
    std::string step;      // "New-MgUser"
    std::string error_id;  // "graph.license.exhausted"
    std::string message;
    std::string action;    // recommended_action(error_id)
};

// What to do about a failure, by its error id; a general advice for ids it does not know.
std::string recommended_action(const std::string &error_id);

// Throws mailint::error(unavailable, "results_file.write_failed").
void append_results(const std::filesystem::path &path, const std::vector<result_line> &lines);

}  // namespace mailint
