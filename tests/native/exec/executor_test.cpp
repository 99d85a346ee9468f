#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include <sys/stat.h>

#include "core/error.h"
#include "core/random_id.h"
#include "exec/executor.h"
#include "support/memory_host.h"

using namespace mailint;
using json = nlohmann::json;

namespace {

apply_options options_for(std::optional<std::set<std::string>> approved, std::filesystem::path dir) {
    apply_options o;
    o.approved = std::move(approved);
    o.journal_directory = std::move(dir);
    return o;
}

plan_step step(const std::string &id, const std::string &command, std::vector<std::string> deps = {}) {
    plan_step s;
    s.id = id;
    s.action = "create";
    s.resource_type = "Widget";
    s.identity = id;
    s.depends_on = std::move(deps);
    s.description = "Create Widget " + id;
    s.command = host_command{command, {{"Name", id}, {"Password", {{"$secret", "pw"}}}}};
    return s;
}

std::filesystem::path temp_dir() {
    auto d = std::filesystem::temp_directory_path() / ("mailint-exec-" + random_id());
    std::filesystem::create_directories(d);
    return d;
}

std::vector<json> read_journal(const std::filesystem::path &p) {
    std::ifstream in(p);
    std::vector<json> out;
    for (std::string line; std::getline(in, line);) out.push_back(json::parse(line));
    return out;
}

}  // namespace

TEST_CASE("apply runs steps in order and journals intent before outcome", "[exec]") {
    plan p;
    p.scenario = "test";
    p.steps = {step("s01", "New-A"), step("s02", "New-B", {"s01"})};
    plan_step noop;
    noop.id = "s03";
    noop.action = "noop";
    p.steps.push_back(noop);
    test::memory_host host;
    secret_store secrets;
    auto dir = temp_dir();
    auto out = apply_plan(p, options_for(std::nullopt, dir), host, secrets, {});
    REQUIRE(out.results.size() == 3);
    CHECK(out.results[0].status == "succeeded");
    CHECK(out.results[1].status == "succeeded");
    CHECK(out.results[2].status == "unchanged");
    REQUIRE(host.calls.size() == 2);
    CHECK(host.calls[0].name == "New-A");

    auto records = read_journal(out.journal_path);
    REQUIRE(records.size() == 6);  // start, intent, outcome, intent, outcome, end
    CHECK(records[0]["event"] == "run-start");
    CHECK(records[1]["event"] == "intent");
    CHECK(records[1]["step"] == "s01");
    CHECK(records[2]["event"] == "outcome");
    CHECK(records[2]["status"] == "succeeded");
    CHECK(records[5]["event"] == "run-end");
    CHECK(records[5]["summary"]["changed"] == 2);
    // Secrets travel as references only.
    CHECK(records[1]["parameters"]["Password"] == json{{"$secret", "pw"}});

    struct stat st {};
    REQUIRE(::stat(out.journal_path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    std::filesystem::remove_all(dir);
}

TEST_CASE("unapproved steps are skipped and their dependants blocked", "[exec]") {
    plan p;
    p.steps = {step("s01", "New-A"), step("s02", "New-B", {"s01"}), step("s03", "New-C")};
    test::memory_host host;
    secret_store secrets;
    auto dir = temp_dir();
    auto out = apply_plan(p, options_for(std::set<std::string>{"s02", "s03"}, dir), host, secrets, {});
    CHECK(out.results[0].status == "skipped");
    CHECK(out.results[1].status == "blocked");
    CHECK(out.results[1].error_id == "apply.dependency_not_done");
    CHECK(out.results[2].status == "succeeded");
    REQUIRE(host.calls.size() == 1);
    CHECK(host.calls[0].name == "New-C");
    std::filesystem::remove_all(dir);
}

TEST_CASE("a failed step blocks its dependants, the run goes on, messages are redacted", "[exec]") {
    plan p;
    p.steps = {step("s01", "New-A"), step("s02", "New-B", {"s01"}), step("s03", "New-C")};
    test::memory_host host;
    host.failures["New-A"] = {"ManagementObjectAlreadyExistsException", "InvalidArgument",
                              "already exists; password was Sup3r-Secret!", "", std::nullopt};
    secret_store secrets;
    std::string pw = "Sup3r-Secret!";
    secrets.set("pw", {reinterpret_cast<const unsigned char *>(pw.data()), pw.size()});
    auto dir = temp_dir();
    auto out = apply_plan(p, options_for(std::nullopt, dir), host, secrets, {});
    CHECK(out.results[0].status == "failed");
    CHECK(out.results[0].error_id == "host.object_exists");
    CHECK(out.results[0].message.find(pw) == std::string::npos);
    CHECK(out.results[0].message.find("********") != std::string::npos);
    CHECK(out.results[1].status == "blocked");
    CHECK(out.results[2].status == "succeeded");
    std::ifstream in(out.journal_path);
    std::string all((std::istreambuf_iterator<char>(in)), {});
    CHECK(all.find(pw) == std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST_CASE("cancellation stops the run and is journaled", "[exec]") {
    plan p;
    p.steps = {step("s01", "New-A"), step("s02", "New-B")};
    test::memory_host host;
    host.cancel_on_call = 2;
    secret_store secrets;
    auto dir = temp_dir();
    CHECK_THROWS_AS(apply_plan(p, options_for(std::nullopt, dir), host, secrets, {}), error);
    bool found = false;
    for (const auto &e : std::filesystem::directory_iterator(dir)) {
        auto records = read_journal(e.path());
        CHECK(records.back()["event"] == "run-end");
        CHECK(records.back()["status"] == "cancelled");
        found = true;
    }
    CHECK(found);
    std::filesystem::remove_all(dir);
}

TEST_CASE("an unwritable journal folder fails before anything is sent", "[exec]") {
    plan p;
    p.steps = {step("s01", "New-A")};
    test::memory_host host;
    secret_store secrets;
    try {
        apply_plan(p, options_for(std::nullopt, "/proc/mailint-cannot-exist"), host, secrets, {});
        FAIL("no error");
    } catch (const error &e) {
        CHECK(e.id() == "journal.write_failed");
    }
    CHECK(host.calls.empty());
}
