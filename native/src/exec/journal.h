#pragma once
// The run journal: one JSON object per line, appended and flushed to disk (fsync) per record,
// file mode 0600. An intent is written before each write is sent and its outcome after, so an
// interrupted run shows exactly which writes may or may not have happened. Records hold command
// names and parameters, in which secrets appear only as {"$secret": name} references.
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace mailint {

class journal {
public:
    // Creates <directory>/<run_id>.jsonl (and the directory, mode 0700). Throws mailint::error.
    journal(const std::filesystem::path &directory, const std::string &run_id);
    journal(const journal &) = delete;
    journal &operator=(const journal &) = delete;
    ~journal();

    // Adds "ts" and "runId", writes one line, fsyncs.
    void append(nlohmann::json record);
    const std::filesystem::path &path() const { return path_; }

private:
    std::filesystem::path path_;
    std::string run_id_;
    int fd_ = -1;
};

// $XDG_STATE_HOME/MailIntegration/runs, ~/.local/state/MailIntegration/runs, or
// %LOCALAPPDATA%\MailIntegration\runs on Windows.
std::filesystem::path default_journal_directory();

}  // namespace mailint
