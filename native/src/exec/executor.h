#pragma once
// Runs the approved steps of a plan in dependency order and records every write in the journal.
// A step whose dependency did not succeed is blocked, never attempted: a receive connector must
// not be created while the default one still listens on the same binding for every address.
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "plan/plan.h"
#include "plan/planner.h"
#include "secret/secret_store.h"
#include "transport/host_session.h"
#include "transport/transport_set.h"

namespace mailint {

struct step_result {
    std::string step_id;
    std::string status;  // succeeded | failed | blocked | skipped | unchanged
    std::string error_id;
    std::string message;
    std::vector<std::string> warnings;
    // What the step's command returned, for the cmdlet to show (the per-mailbox results of
    // Test & Enable); no secret ever reaches a command's output.
    std::vector<nlohmann::json> output;
};

struct run_outcome {
    std::string run_id;
    std::filesystem::path journal_path;
    std::vector<step_result> results;

    nlohmann::json to_json() const;
};

struct apply_options {
    std::optional<std::set<std::string>> approved;  // nullopt: every step
    std::filesystem::path journal_directory;        // empty: default_journal_directory()
    // Kept in the run-start record so that Resume-MailIntegrationRun can plan the run again:
    // the request (secrets only as {"$secret": name}), the tenant it ran against (null when on
    // premises), and the run this one continues.
    nlohmann::json request;
    nlohmann::json connection;
    std::string resumes;
};

// Throws mailint::error(cancelled) when the host or the progress callback cancels; the journal
// then ends with the cancelled step's outcome.
// Each step runs on the session of its transport.
run_outcome apply_plan(const plan &p, const apply_options &options, const transport_set &transports,
                       const secret_store &secrets, const progress_fn &progress);
// Every step on the host session (the on-premises scenarios).
run_outcome apply_plan(const plan &p, const apply_options &options, host_session &host,
                       const secret_store &secrets, const progress_fn &progress);

}  // namespace mailint
