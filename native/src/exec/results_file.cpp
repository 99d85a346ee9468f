#include "exec/results_file.h"

#include <fstream>

#ifndef _WIN32
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

#include "core/error.h"

namespace mailint {

namespace {

std::string csv_field(const std::string &s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

}  // namespace

std::string recommended_action(const std::string &id) {
    if (id == "graph.user.upn_conflict")
        return "Another account already has this UserPrincipalName: give the user another one, or leave the row out if it is the same person.";
    if (id == "graph.license.exhausted")
        return "No licence is free: buy more or free some, then run again (users already made are not made twice).";
    if (id == "graph.license.usage_location_missing")
        return "A licence needs the user's country: add a UsageLocation column or give -UsageLocation.";
    if (id.rfind("auth.", 0) == 0 || id == "graph.forbidden")
        return "The signed-in application lacks the permission for this: grant it, then run again.";
    if (id == "m365.account.upn_taken")
        return "Another online account already has this userPrincipalName: give the local user another name, or delete the other "
               "account if it is stale; then run again (accounts already made are not made twice).";
    if (id == "crm.mailbox.authentication_failed")
        return "The server-to-server certificate is missing or not valid: run Set-CrmServerSideSync -Step Certificate,Authentication "
               "with the .pfx, then test the mailbox again.";
    if (id == "crm.mailbox.not_approved")
        return "Approve the mailbox's email address (a Microsoft 365 administrator may have to), then test it again.";
    if (id == "crm.mailbox.test_failed")
        return "Fix what the message says (the mailbox's alerts show more), then run again: only mailboxes not yet enabled are tested.";
    if (id == "crm.mailbox.test_timed_out")
        return "The test is still running in Dynamics 365: run Test-CrmServerSideSync later to read its outcome.";
    if (id == "transport.throttled" || id == "graph.throttled")
        return "The service kept throttling: run again later; finished items are not repeated.";
    return "See the message; fix the cause and run again (finished items are not repeated).";
}

void append_results(const std::filesystem::path &path, const std::vector<result_line> &lines) {
    if (path.empty() || lines.empty()) return;
    std::error_code ec;
    const bool fresh = !std::filesystem::exists(path, ec);
    if (!path.parent_path().empty()) std::filesystem::create_directories(path.parent_path(), ec);
#ifndef _WIN32
    if (fresh) {
        int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0) ::close(fd);
    }
#endif
    std::ofstream out(path, std::ios::binary | std::ios::app);
    if (!out)
        throw error(errc::unavailable, "results_file.write_failed", "The results file " + path.string() + " cannot be written.");
    if (fresh) out << "Item,Step,ErrorId,Message,RecommendedAction\r\n";
    for (const auto &l : lines)
        out << csv_field(l.item) << ',' << csv_field(l.step) << ',' << csv_field(l.error_id) << ',' << csv_field(l.message) << ','
            << csv_field(l.action) << "\r\n";
    if (!out)
        throw error(errc::unavailable, "results_file.write_failed", "The results file " + path.string() + " cannot be written.");
}

}  // namespace mailint
