#include "exchange_online/exo_session.h"

#include <chrono>
#include <cstdio>

#include "core/error.h"
#include "exec/results_file.h"

namespace mailint::exchange_online {

namespace {

// The item a bulk line is about: the member added to a group, else the object changed.
std::string identity_of(const nlohmann::json &parameters) {
    if (auto m = parameters.find("Member"); m != parameters.end() && m->is_string()) return m->get<std::string>();
    auto it = parameters.find("Identity");
    return it != parameters.end() && it->is_string() ? it->get<std::string>() : parameters.dump();
}

}  // namespace

exo_session::exo_session(exo_client &client, int workers, progress_fn progress)
    : client_(client), workers_(workers < 1 ? 1 : workers), progress_(std::move(progress)) {}

host_result exo_session::invoke(const host_command &command) {
    if (command.parameters.contains("$batch")) return batch(command);
    try {
        auto result = client_.invoke({command.name, command.parameters});
        host_result r;
        r.objects = std::move(result.objects);
        r.warnings = std::move(result.warnings);
        if (!result.errors.empty()) {
            const auto &first = result.errors.front();
            r.failure = host_failure{"", "", first.is_object() ? first.value("message", first.dump()) : first.dump(),
                                     "exchange.command.failed", errc::failed_precondition};
        }
        return r;
    } catch (const error &e) {
        if (e.code() == errc::cancelled) throw;
        return failure_result(e);
    }
}

host_result exo_session::batch(const host_command &request) {
    const auto &items = request.parameters.at("$batch");
    std::vector<exchange_online::command> commands;
    commands.reserve(items.size());
    for (const auto &item : items) commands.push_back({request.name, item});
    const auto started = std::chrono::steady_clock::now();
    std::size_t done = 0;
    bool cancel = false;
    const std::size_t total = commands.size();
    auto outcomes = client_.invoke_many(
        commands, workers_, {},
        [&](std::size_t) {
            ++done;
            if (!progress_) return;
            const double seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            char status[160];
            std::snprintf(status, sizeof status, "%s: %zu of %zu (%.1f per second)", request.name.c_str(), done, total,
                          seconds > 0 ? static_cast<double>(done) / seconds : 0.0);
            if (!progress_(request.name, status, static_cast<int>(100 * done / (total ? total : 1)))) cancel = true;
        },
        [&] { return cancel; });
    if (cancel) throw error(errc::cancelled, "operation.cancelled", "The operation was cancelled.");

    host_result r;
    std::size_t failures = 0;
    std::string first_id, first_message;
    std::vector<result_line> lines;  // seed M5: one per failed item, when the plan names a results file
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        const auto &o = outcomes[i];
        std::string problem;
        if (o.failure) {
            problem = o.failure->id() + ": " + o.failure->what();
            if (first_id.empty()) first_id = o.failure->id(), first_message = o.failure->what();
        } else if (o.result && !o.result->errors.empty()) {
            const auto &e = o.result->errors.front();
            problem = "exchange.command.failed: " + (e.is_object() ? e.value("message", e.dump()) : e.dump());
            if (first_id.empty()) first_id = "exchange.command.failed", first_message = problem;
        }
        if (!problem.empty()) {
            ++failures;
            r.warnings.push_back(identity_of(items[i]) + ": " + problem);
            const std::string id = o.failure ? o.failure->id() : std::string("exchange.command.failed");
            const std::string message = o.failure ? std::string(o.failure->what()) : problem;
            lines.push_back({identity_of(items[i]), request.name, id, message, recommended_action(id)});
            r.objects.push_back({{"Item", lines.back().item}, {"Step", request.name}, {"ErrorId", id}, {"Message", message},
                                 {"RecommendedAction", lines.back().action}});
        }
    }
    if (auto results = request.parameters.find("ResultsPath"); results != request.parameters.end() && results->is_string())
        append_results(results->get<std::string>(), lines);
    r.objects.push_back({{"Items", total}, {"Succeeded", total - failures}, {"Failed", failures}});
    if (failures)
        r.failure = host_failure{"", "", std::to_string(failures) + " of " + std::to_string(total) + " " + request.name +
                                             " calls failed (the first: " + first_message + "); the others were applied",
                                 first_id, errc::failed_precondition};
    return r;
}

}  // namespace mailint::exchange_online
