#pragma once
// The runs the journals record (Get-MailIntegrationRun, Resume-MailIntegrationRun): each
// <runId>.jsonl read back into what an administrator asks after a crash — did it finish, which
// writes were sent without an answer, what request made it, which later run continued it. A
// journal cut off mid-line (the process killed while writing) is read up to its last whole record.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mailint {

struct run_summary {
    std::string run_id;
    std::string scenario;
    std::string started, ended;  // ISO 8601 UTC from the records; ended empty when it did not end
    // completed | cancelled | interrupted (no end record: killed, crashed, power lost) | resumed
    // (interrupted or cancelled, and a later run continued it)
    std::string status;
    std::size_t approved = 0;     // steps it was to run
    std::size_t succeeded = 0, failed = 0, blocked = 0;
    std::vector<std::string> unknown_steps;  // an intent without an outcome, or outcome "unknown"
    std::string resumes, resumed_by;
    nlohmann::json request;     // null when not recorded (a run of an older version)
    nlohmann::json connection;  // null on premises
    std::filesystem::path path;
};

// Every run in `directory`, newest first; a file that is not a journal is passed over.
std::vector<run_summary> list_runs(const std::filesystem::path &directory);

// {"runId","scenario","started","ended","status","approved","succeeded","failed","blocked",
//  "unknownSteps","resumes","resumedBy","connected","journal"} (+ "request","connection" when asked)
nlohmann::json to_json(const run_summary &r, bool with_request);

}  // namespace mailint
