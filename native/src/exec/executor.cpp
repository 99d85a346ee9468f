#include "exec/executor.h"

#include <map>

#include "core/error.h"
#include "core/random_id.h"
#include "exec/journal.h"
#include "transport/host_error.h"

namespace mailint {

nlohmann::json run_outcome::to_json() const {
    auto results_json = nlohmann::json::array();
    std::map<std::string, int> summary = {{"changed", 0}, {"unchanged", 0}, {"failed", 0},
                                          {"blocked", 0}, {"skipped", 0}};
    for (const auto &r : results) {
        results_json.push_back({{"stepId", r.step_id}, {"status", r.status}, {"errorId", r.error_id},
                                {"message", r.message}, {"warnings", r.warnings}, {"output", r.output}});
        if (r.status == "succeeded") summary["changed"]++;
        else summary[r.status]++;
    }
    return {{"schemaVersion", 1}, {"runId", run_id}, {"journal", journal_path.string()},
            {"results", std::move(results_json)}, {"summary", summary}};
}

run_outcome apply_plan(const plan &p, const apply_options &options, host_session &host,
                       const secret_store &secrets, const progress_fn &progress) {
    return apply_plan(p, options, transport_set(host), secrets, progress);
}

run_outcome apply_plan(const plan &p, const apply_options &options, const transport_set &transports,
                       const secret_store &secrets, const progress_fn &progress) {
    // Before the journal opens: a plan that cannot run at all leaves no run behind.
    for (const auto &s : p.steps)
        if (s.command) transports.at(s.transport);
    run_outcome out;
    out.run_id = random_id();
    auto dir = options.journal_directory.empty() ? default_journal_directory() : options.journal_directory;
    journal log(dir, out.run_id);
    out.journal_path = log.path();

    size_t to_run = 0;
    for (const auto &s : p.steps)
        if (s.command && (!options.approved || options.approved->count(s.id))) ++to_run;
    nlohmann::json start = {{"event", "run-start"}, {"scenario", p.scenario}, {"planId", p.plan_id},
                            {"steps", p.steps.size()}, {"approved", to_run}};
    // The request holds references, never secrets; should a value equal one all the same, the
    // run is recorded without it (and cannot be resumed) rather than with it.
    if (!options.request.is_null() && !secrets.leaks_into(options.request.dump())) start["request"] = options.request;
    if (!options.connection.is_null()) start["connection"] = options.connection;
    if (!options.resumes.empty()) start["resumes"] = options.resumes;
    log.append(std::move(start));

    std::map<std::string, std::string> status;  // step id -> final status
    size_t done = 0;
    for (const auto &s : p.steps) {
        step_result r{s.id, "", "", "", {}, {}};
        bool approved = !options.approved || options.approved->count(s.id);
        if (!s.command) {
            r.status = "unchanged";
        } else if (!approved) {
            r.status = "skipped";
        } else {
            for (const auto &d : s.depends_on) {
                auto it = status.find(d);
                if (it != status.end() && it->second != "succeeded" && it->second != "unchanged") {
                    r.status = "blocked";
                    r.error_id = "apply.dependency_not_done";
                    r.message = "Not run: step " + d + " it depends on is " + it->second + ".";
                    break;
                }
            }
        }
        if (!r.status.empty()) {
            if (r.status == "blocked")
                log.append({{"event", "outcome"}, {"step", s.id}, {"status", r.status}, {"errorId", r.error_id},
                            {"message", r.message}});
            status[s.id] = r.status;
            out.results.push_back(std::move(r));
            continue;
        }

        if (progress && !progress("Applying", s.description,
                                  static_cast<int>(100 * done / std::max<size_t>(to_run, 1)))) {
            log.append({{"event", "run-end"}, {"status", "cancelled"}});
            throw error(errc::cancelled, "operation.cancelled", "The operation was cancelled.");
        }
        ++done;
        log.append({{"event", "intent"}, {"step", s.id}, {"action", s.action},
                    {"resource", {{"type", s.resource_type}, {"identity", s.identity}}},
                    {"transport", s.transport}, {"command", s.command->name}, {"parameters", s.command->parameters}});
        host_result result;
        try {
            result = transports.at(s.transport).invoke(*s.command);
        } catch (const error &e) {
            log.append({{"event", "outcome"}, {"step", s.id}, {"status", "unknown"}, {"errorId", e.id()},
                        {"message", secrets.redact(e.what())}});
            if (e.code() == errc::cancelled) log.append({{"event", "run-end"}, {"status", "cancelled"}});
            throw;
        }
        for (auto &w : result.warnings) r.warnings.push_back(secrets.redact(w));
        r.output = std::move(result.objects);
        if (result.failure) {
            auto e = host_error(*s.command, *result.failure);
            r.status = "failed";
            r.error_id = e.id();
            r.message = secrets.redact(e.what());
        } else {
            r.status = "succeeded";
        }
        log.append({{"event", "outcome"}, {"step", s.id}, {"status", r.status}, {"errorId", r.error_id},
                    {"message", r.message}, {"warnings", r.warnings}});
        status[s.id] = r.status;
        out.results.push_back(std::move(r));
    }
    auto summary = out.to_json()["summary"];
    log.append({{"event", "run-end"}, {"status", "completed"}, {"summary", summary}});
    if (progress) progress("Applying", "Done", 100);
    return out;
}

}  // namespace mailint
