#pragma once
// What a mailint_session handle holds. Sessions share nothing, so runspaces running in parallel
// each get their own.
#include <filesystem>
#include <optional>
#include <string>

#include "mailint.h"
#include "plan/planner.h"
#include "secret/secret_store.h"
#include "transport/host_session.h"

struct mailint_session {
    mailint::secret_store secrets;
    std::filesystem::path journal_directory;
    mailint_host_invoke_cb host_cb = nullptr;
    void *host_payload = nullptr;
    mailint_progress_cb progress_cb = nullptr;
    void *progress_payload = nullptr;
    mailint_notice_cb notice_cb = nullptr;
    void *notice_payload = nullptr;

    // Adapters from the C callbacks to the core's std::function seams.
    mailint::host_invoker invoker();
    mailint::progress_fn progress();
};

struct mailint_host_reply {
    std::optional<std::string> json;
};
