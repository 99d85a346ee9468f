#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/random_id.h"
#include "exec/executor.h"
#include "exec/run_list.h"
#include "support/memory_host.h"

using namespace mailint;
using nlohmann::json;

namespace {

std::filesystem::path fresh_dir() {
    auto d = std::filesystem::temp_directory_path() / ("mailint-runs-" + random_id());
    std::filesystem::create_directories(d);
    return d;
}

plan two_steps() {
    plan p;
    p.scenario = "exchange-mailbox-quota";
    for (const char *id : {"s01", "s02"}) {
        plan_step s;
        s.id = id;
        s.action = "update";
        s.resource_type = "Mailbox";
        s.identity = id;
        s.command = host_command{"Set-Mailbox", {{"Identity", id}}};
        p.steps.push_back(s);
    }
    return p;
}

void write_lines(const std::filesystem::path &path, const std::string &text) {
    std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("a completed run is listed with its request, counts and no unknown step", "[exec][runs]") {
    const auto dir = fresh_dir();
    test::memory_host host;
    secret_store secrets;
    apply_options o;
    o.journal_directory = dir;
    o.request = {{"schemaVersion", 1}, {"scenario", "exchange-mailbox-quota"}, {"parameters", {{"All", true}}}};
    const auto out = apply_plan(two_steps(), o, host, secrets, {});
    const auto runs = list_runs(dir);
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].run_id == out.run_id);
    CHECK(runs[0].status == "completed");
    CHECK(runs[0].succeeded == 2);
    CHECK(runs[0].unknown_steps.empty());
    CHECK(runs[0].request["parameters"]["All"] == true);
    CHECK(to_json(runs[0], false).contains("request") == false);
    CHECK(to_json(runs[0], true)["resumable"] == true);
    std::filesystem::remove_all(dir);
}

TEST_CASE("a killed run: the write sent without an answer is unknown, a torn last line is passed over", "[exec][runs]") {
    const auto dir = fresh_dir();
    write_lines(dir / "run1.jsonl",
                "{\"event\":\"run-start\",\"ts\":\"2026-12-04T10:00:00Z\",\"scenario\":\"teams-routing\",\"approved\":3,"
                "\"request\":{\"scenario\":\"teams-routing\"},\"connection\":{\"tenant\":\"t\"}}\n"
                "{\"event\":\"intent\",\"step\":\"s01\"}\n{\"event\":\"outcome\",\"step\":\"s01\",\"status\":\"succeeded\"}\n"
                "{\"event\":\"intent\",\"step\":\"s02\"}\n{\"event\":\"outc");
    write_lines(dir / "notes.txt", "not a journal");
    write_lines(dir / "empty.jsonl", "");
    auto runs = list_runs(dir);
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].status == "interrupted");
    CHECK(runs[0].unknown_steps == std::vector<std::string>{"s02"});
    CHECK(runs[0].succeeded == 1);
    CHECK(to_json(runs[0], false)["connected"] == true);

    // A later run that continues it: the first is now "resumed", the link both ways.
    write_lines(dir / "run2.jsonl",
                "{\"event\":\"run-start\",\"ts\":\"2026-12-04T10:05:00Z\",\"scenario\":\"teams-routing\",\"resumes\":\"run1\"}\n"
                "{\"event\":\"run-end\",\"ts\":\"2026-12-04T10:06:00Z\",\"status\":\"completed\"}\n");
    runs = list_runs(dir);
    REQUIRE(runs.size() == 2);
    CHECK(runs[0].run_id == "run2");  // newest first
    CHECK(runs[0].resumes == "run1");
    CHECK(runs[1].status == "resumed");
    CHECK(runs[1].resumed_by == "run2");
    CHECK(list_runs(dir / "absent").empty());
    std::filesystem::remove_all(dir);
}

TEST_CASE("a request that would carry a secret is not journaled", "[exec][runs]") {
    const auto dir = fresh_dir();
    test::memory_host host;
    secret_store secrets;
    const std::string pw = "Resume-Secret-9!";
    secrets.set("pw", {reinterpret_cast<const unsigned char *>(pw.data()), pw.size()});
    apply_options o;
    o.journal_directory = dir;
    o.request = {{"parameters", {{"Note", "the password is " + pw}}}};
    apply_plan(two_steps(), o, host, secrets, {});
    const auto runs = list_runs(dir);
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].request.is_null());
    std::ifstream in(runs[0].path);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text.find(pw) == std::string::npos);
    std::filesystem::remove_all(dir);
}
