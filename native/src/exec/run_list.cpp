#include "exec/run_list.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

namespace mailint {

namespace {

using nlohmann::json;

std::string text(const json &o, const char *member) {
    const auto it = o.find(member);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<run_summary> read_one(const std::filesystem::path &path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    run_summary r;
    r.path = path;
    r.run_id = path.stem().string();
    bool started = false;
    std::vector<std::string> intents;  // in order
    std::map<std::string, std::string> outcome;
    std::string line;
    while (std::getline(in, line)) {
        json record;
        try {
            record = json::parse(line);
        } catch (const json::parse_error &) {
            break;  // the torn last line of a killed run: what came before is the run
        }
        if (!record.is_object()) break;
        const auto event = text(record, "event");
        if (event == "run-start") {
            started = true;
            r.scenario = text(record, "scenario");
            r.started = text(record, "ts");
            r.approved = record.value("approved", std::size_t{0});
            r.resumes = text(record, "resumes");
            if (record.contains("request")) r.request = record["request"];
            if (record.contains("connection")) r.connection = record["connection"];
        } else if (event == "intent") {
            intents.push_back(text(record, "step"));
        } else if (event == "outcome") {
            outcome[text(record, "step")] = text(record, "status");
        } else if (event == "run-end") {
            r.ended = text(record, "ts");
            r.status = text(record, "status");
        }
    }
    if (!started) return std::nullopt;
    for (const auto &step : intents) {
        const auto it = outcome.find(step);
        if (it == outcome.end() || it->second == "unknown") r.unknown_steps.push_back(step);
    }
    for (const auto &[step, status] : outcome) {
        if (status == "succeeded") ++r.succeeded;
        else if (status == "failed") ++r.failed;
        else if (status == "blocked") ++r.blocked;
    }
    if (r.status.empty()) r.status = "interrupted";
    return r;
}

}  // namespace

std::vector<run_summary> list_runs(const std::filesystem::path &directory) {
    std::vector<run_summary> runs;
    std::error_code ec;
    for (const auto &entry : std::filesystem::directory_iterator(directory, ec)) {
        if (!entry.is_regular_file(ec) || entry.path().extension() != ".jsonl") continue;
        if (auto r = read_one(entry.path())) runs.push_back(std::move(*r));
    }
    std::map<std::string, std::string> continued_by;
    for (const auto &r : runs)
        if (!r.resumes.empty()) continued_by[r.resumes] = r.run_id;
    for (auto &r : runs)
        if (auto it = continued_by.find(r.run_id); it != continued_by.end()) {
            r.resumed_by = it->second;
            if (r.status != "completed") r.status = "resumed";
        }
    std::sort(runs.begin(), runs.end(), [](const run_summary &a, const run_summary &b) {
        return a.started != b.started ? a.started > b.started : a.run_id > b.run_id;
    });
    return runs;
}

json to_json(const run_summary &r, bool with_request) {
    json out = {{"runId", r.run_id},         {"scenario", r.scenario},   {"started", r.started},
                {"ended", r.ended.empty() ? json(nullptr) : json(r.ended)},
                {"status", r.status},         {"approved", r.approved},   {"succeeded", r.succeeded},
                {"failed", r.failed},         {"blocked", r.blocked},     {"unknownSteps", r.unknown_steps},
                {"resumes", r.resumes.empty() ? json(nullptr) : json(r.resumes)},
                {"resumedBy", r.resumed_by.empty() ? json(nullptr) : json(r.resumed_by)},
                {"resumable", !r.request.is_null()},
                {"connected", !r.connection.is_null()}, {"journal", r.path.string()}};
    if (with_request) {
        out["request"] = r.request;
        out["connection"] = r.connection;
    }
    return out;
}

}  // namespace mailint
