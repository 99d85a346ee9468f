#include "dataverse/dataverse_session.h"

#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <thread>

#include "cloud/bounded_parallel.h"
#include "core/error.h"
#include "exec/results_file.h"
#include "graph/odata_query.h"

namespace mailint::dataverse {

namespace {

using nlohmann::json;

std::string text(const json &o, const char *name) {
    auto it = o.find(name);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int whole(const json &o, const char *name) {
    auto it = o.find(name);
    return it != o.end() && it->is_number_integer() ? it->get<int>() : 0;
}

host_result bad_command(const host_command &command, const std::string &why) {
    host_result r;
    r.failure = host_failure{"", "", command.name + ": " + why, "plan.command.invalid", errc::internal};
    return r;
}

std::string lower(std::string s) {
    for (auto &c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

const char *status_name(int value) {
    switch (value) {
    case 1: return "Success";
    case 2: return "Failure";
    default: return "NotRun";
    }
}

std::string test_failure_id(const std::string &last_sync_error) {
    const auto l = lower(last_sync_error);
    if (l.find("authentication failed") != std::string::npos) return "crm.mailbox.authentication_failed";
    if (l.find("not approved") != std::string::npos) return "crm.mailbox.not_approved";
    return "crm.mailbox.test_failed";
}

dataverse_session::dataverse_session(dataverse_client &client, progress_fn progress, int workers)
    : client_(client), progress_(std::move(progress)), workers_(std::max(1, workers)) {}

host_result dataverse_session::invoke(const host_command &command) {
    const auto &p = command.parameters;
    if (command.name == kUpdateManyCommand) return update_many(command);
    if (command.name == kTestMailboxesCommand) return test_mailboxes(command);
    const std::string set = text(p, "EntitySet");
    if (set.empty()) return bad_command(command, "EntitySet is missing");
    if (command.name == kCreateCommand) {
        auto row = p.find("Row");
        if (row == p.end() || !row->is_object()) return bad_command(command, "Row is missing");
        // The key the plan chose ("emailserverprofiles" → emailserverprofileid): a create that
        // happened before a crash is there already, and is not sent again.
        const std::string key_column = set.substr(0, set.size() - 1) + "id";
        const std::string key = text(*row, key_column.c_str());
        if (!key.empty() && client_.retrieve(set, key, {key_column})) return {};
        client_.create(set, *row);
        return {};
    }
    if (command.name == kUpdateCommand) {
        const std::string id = text(p, "Id");
        auto changes = p.find("Changes");
        if (id.empty() || changes == p.end() || !changes->is_object()) return bad_command(command, "Id or Changes is missing");
        client_.update(set, id, *changes);
        return {};
    }
    return bad_command(command, "the dataverse transport has no such command");
}

host_result dataverse_session::update_many(const host_command &command) {
    const auto &p = command.parameters;
    const std::string set = text(p, "EntitySet");
    auto batch = p.find("$batch");
    if (set.empty() || batch == p.end() || !batch->is_array()) return bad_command(command, "EntitySet or $batch is missing");
    const auto &items = *batch;
    std::vector<std::optional<error>> failures(items.size());
    const auto job = [&](std::size_t i, const std::atomic<bool> &cancelled) {
        try {
            request_options options;
            options.cancelled = &cancelled;
            client_.update(set, text(items[i], "Id"), items[i].at("Changes"), "*", options);
        } catch (const error &e) {
            failures[i] = e;
        }
    };
    std::size_t done = 0;
    cloud::bounded_parallel_hooks hooks;
    hooks.on_done = [&](std::size_t) {
        ++done;
        if (progress_) progress_(command.name, set + ": " + std::to_string(done) + " of " + std::to_string(items.size()),
                                 static_cast<int>(100 * done / std::max<std::size_t>(items.size(), 1)));
    };
    cloud::run_bounded(items.size(), workers_, job, hooks);
    host_result r;
    std::vector<result_line> lines;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (!failures[i]) continue;
        if (failures[i]->code() == errc::cancelled) throw *failures[i];
        const std::string who = text(items[i], "Target");
        lines.push_back({who, command.name, failures[i]->id(), failures[i]->what(), recommended_action(failures[i]->id())});
        r.warnings.push_back(who + ": " + failures[i]->id() + ": " + failures[i]->what());
    }
    const std::string results = text(p, "ResultsPath");
    append_results(results, lines);
    r.objects.push_back({{"Items", items.size()}, {"Succeeded", items.size() - lines.size()}, {"Failed", lines.size()}});
    if (!lines.empty())
        r.failure = host_failure{"", "",
                                 std::to_string(lines.size()) + " of " + std::to_string(items.size()) + " " + set +
                                     " updates failed (the first: " + lines.front().message + "); the others were applied" +
                                     (results.empty() ? std::string() : "; each is in " + results),
                                 lines.front().error_id, errc::failed_precondition};
    return r;
}

host_result dataverse_session::test_mailboxes(const host_command &command) {
    const auto &p = command.parameters;
    auto batch = p.find("$batch");
    const std::string profile = text(p, "ProfileId");
    if (profile.empty() || batch == p.end() || !batch->is_array()) return bad_command(command, "ProfileId or $batch is missing");
    const double timeout = p.value("TimeoutSeconds", 900.0);
    const double poll = p.value("PollSeconds", 5.0);

    // Schedule every test (Test & Enable), concurrently; a mailbox whose schedule fails is
    // reported and not waited for.
    json schedule = json::array();
    for (const auto &item : *batch)
        schedule.push_back({{"Id", text(item, "Id")}, {"Target", text(item, "Target")}, {"Changes", {{"testemailconfigurationscheduled", true}}}});
    host_command scheduling{kUpdateManyCommand, {{"EntitySet", "mailboxes"}, {"$batch", schedule}}};
    host_result scheduled = update_many(scheduling);
    std::map<std::string, std::string> pending;  // mailbox id → address
    std::map<std::string, std::string> schedule_failed;
    for (const auto &w : scheduled.warnings) {
        const auto colon = w.find(": ");
        schedule_failed[w.substr(0, colon)] = colon == std::string::npos ? w : w.substr(colon + 2);
    }
    for (const auto &item : *batch)
        if (!schedule_failed.count(text(item, "Target"))) pending[text(item, "Id")] = text(item, "Target");

    // Poll: one paged listing of the profile's mailboxes each time (never one read per mailbox).
    std::map<std::string, json> final_rows;
    const auto started = std::chrono::steady_clock::now();
    retrieve_options listing;
    listing.select = {"mailboxid", "emailaddress", "testemailconfigurationscheduled", "incomingemailstatus",
                      "outgoingemailstatus", "actstatus", "mailboxstatus", "lastsyncerror"};
    listing.filter = "_emailserverprofile_value eq " + profile;
    while (!pending.empty()) {
        for (const auto &row : client_.retrieve_multiple("mailboxes", listing).rows) {
            const std::string id = text(row, "mailboxid");
            if (pending.count(id) && row.value("testemailconfigurationscheduled", false) != true) {
                final_rows[id] = row;
                pending.erase(id);
            }
        }
        if (progress_) {
            const std::size_t total = batch->size(), finished = total - pending.size();
            if (!progress_("Test & Enable", std::to_string(finished) + " of " + std::to_string(total) + " mailboxes tested",
                           static_cast<int>(100 * finished / std::max<std::size_t>(total, 1))))
                throw error(errc::cancelled, "operation.cancelled", "The operation was cancelled.");
        }
        if (pending.empty()) break;
        if (std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() >= timeout) break;
        std::this_thread::sleep_for(std::chrono::duration<double>(poll));
    }

    host_result r;
    std::vector<result_line> lines;
    std::size_t succeeded = 0;
    for (const auto &item : *batch) {
        const std::string id = text(item, "Id"), who = text(item, "Target");
        json out = {{"Mailbox", who}, {"MailboxId", id}};
        std::string error_id, message;
        if (auto f = schedule_failed.find(who); f != schedule_failed.end()) {
            out["Status"] = "NotScheduled";
            const auto colon = f->second.find(": ");
            error_id = f->second.substr(0, colon);
            message = colon == std::string::npos ? f->second : f->second.substr(colon + 2);
        } else if (auto row = final_rows.find(id); row != final_rows.end()) {
            const json &m = row->second;
            out["IncomingEmailStatus"] = status_name(whole(m, "incomingemailstatus"));
            out["OutgoingEmailStatus"] = status_name(whole(m, "outgoingemailstatus"));
            out["AppointmentsContactsTasksStatus"] = status_name(whole(m, "actstatus"));
            out["Status"] = status_name(whole(m, "mailboxstatus"));
            if (whole(m, "mailboxstatus") == 1) {
                ++succeeded;
            } else {
                message = text(m, "lastsyncerror");
                if (message.empty()) message = "The test of the mailbox failed.";
                error_id = test_failure_id(message);
            }
        } else {
            out["Status"] = "TimedOut";
            error_id = "crm.mailbox.test_timed_out";
            message = "The test had not finished after " + std::to_string(static_cast<long long>(timeout)) + " seconds.";
        }
        out["ErrorId"] = error_id.empty() ? json(nullptr) : json(error_id);
        out["Error"] = message.empty() ? json(nullptr) : json(message);
        if (!error_id.empty()) {
            lines.push_back({who, "Test & Enable", error_id, message, recommended_action(error_id)});
            r.warnings.push_back(who + ": " + error_id + ": " + message);
        }
        r.objects.push_back(std::move(out));
    }
    const std::string results = text(p, "ResultsPath");
    append_results(results, lines);
    if (!lines.empty())
        r.failure = host_failure{"", "",
                                 std::to_string(lines.size()) + " of " + std::to_string(batch->size()) +
                                     " mailboxes did not pass Test & Enable (the first, " + lines.front().item + ": " +
                                     lines.front().message + "); " + std::to_string(succeeded) + " are enabled" +
                                     (results.empty() ? std::string() : "; each failure is in " + results),
                                 lines.front().error_id, errc::failed_precondition};
    return r;
}

}  // namespace mailint::dataverse
