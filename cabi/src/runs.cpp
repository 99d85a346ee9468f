// mailint_runs_list: the runs the journals record (Get-MailIntegrationRun; Resume-MailIntegrationRun
// reads one run's request from it). Local files only.
#include "error_state.h"
#include "exec/journal.h"
#include "exec/run_list.h"
#include "session.h"

using namespace mailint;
using nlohmann::json;

extern "C" {

MAILINT_EXTERN(int) mailint_runs_list(mailint_session *session, const char *options_json, size_t len, mailint_buf *out) {
    return cabi::guard([&] {
        if (!session || !out) throw error(errc::misuse, "abi.null_argument", "mailint_runs_list: a required argument is NULL.");
        *out = MAILINT_BUF_INIT;
        const auto options = options_json ? cabi::parse_document(options_json, len) : json::object();
        if (options.value("schemaVersion", 1) != 1)
            throw error(errc::version, "request.schema_version", "The options' schemaVersion is not 1.");
        std::filesystem::path dir = options.value("journalDirectory", std::string());
        if (dir.empty()) dir = session->journal_directory.empty() ? default_journal_directory() : session->journal_directory;
        const auto wanted = options.value("runId", std::string());
        json runs = json::array();
        for (const auto &r : list_runs(dir))
            if (wanted.empty() || r.run_id == wanted) runs.push_back(to_json(r, !wanted.empty()));
        if (!wanted.empty() && runs.empty())
            throw error(errc::not_found, "run.not_found",
                        "No run " + wanted + " in " + dir.string() + ": Get-MailIntegrationRun lists the runs there (-JournalDirectory for another folder).");
        cabi::fill_buf(out, json{{"schemaVersion", 1}, {"journalDirectory", dir.string()}, {"runs", runs}}.dump());
        return MAILINT_OK;
    });
}

}  // extern "C"
