#include <catch2/catch.hpp>

#include "core/error.h"
#include "plan/planner.h"
#include "support/memory_host.h"

using namespace mailint;
using json = nlohmann::json;

namespace {

resource_type widget_type() {
    resource_type t;
    t.name = "Widget";
    t.list_command = "Get-Widget";
    t.create_command = "New-Widget";
    t.update_command = "Set-Widget";
    t.update_static = {{"Force", true}};
    t.properties = {{"Color", value_kind::text_ci, "Color", "Color", compare_mode::equal, false},
                    {"Default", value_kind::boolean, "MakeDefault", "", compare_mode::equal, false},
                    {"Kind", value_kind::text_ci, "", "Kind", compare_mode::equal, false},
                    {"Usage", value_kind::text_ci, "", "Usage", compare_mode::equal, true}};
    return t;
}

desired_resource widget(const resource_type &t, const std::string &name, json props) {
    desired_resource d;
    d.id = "widget-" + name;
    d.type = &t;
    d.label = name;
    d.match = {{"Name", name}};
    d.properties = std::move(props);
    d.create_parameters = {{"Name", name}};
    return d;
}

}  // namespace

TEST_CASE("absent resource: create, then a follow-up update for what New- cannot set", "[plan]") {
    auto t = widget_type();
    test::memory_host host;
    planner_input in{"test", {widget(t, "a", {{"Color", "Red"}, {"Default", true}, {"Usage", "Internet"}})}, {}};
    auto p = build_plan(in, host, {});
    REQUIRE(p.steps.size() == 2);
    CHECK(p.steps[0].action == "create");
    CHECK(p.steps[0].command->name == "New-Widget");
    CHECK(p.steps[0].command->parameters == json{{"Name", "a"}, {"Color", "Red"}, {"Usage", "Internet"}});
    CHECK(p.steps[0].create_only == std::vector<std::string>{"Usage"});
    CHECK(p.steps[1].action == "update");
    CHECK(p.steps[1].depends_on == std::vector<std::string>{p.steps[0].id});
    CHECK(p.steps[1].command->parameters == json{{"Identity", "a"}, {"MakeDefault", true}, {"Force", true}});
    CHECK(host.writes() == 0);
    CHECK(host.calls.size() == 1);
}

TEST_CASE("present resource: only differing properties are written; create-only ones are ignored", "[plan]") {
    auto t = widget_type();
    test::memory_host host;
    host.lists["Get-Widget"] = {{{"Name", "a"}, {"Identity", "A-ID"}, {"Color", "RED"}, {"Default", "False"}}};
    planner_input in{"test", {widget(t, "a", {{"Color", "red"}, {"Default", true}, {"Usage", "Internet"}})}, {}};
    auto p = build_plan(in, host, {});
    REQUIRE(p.steps.size() == 1);
    CHECK(p.steps[0].action == "update");
    CHECK(p.steps[0].identity == "A-ID");
    REQUIRE(p.steps[0].changes.size() == 1);
    CHECK(p.steps[0].changes[0].property == "Default");
    CHECK(p.steps[0].changes[0].from == "False");
    CHECK(p.steps[0].command->parameters == json{{"Identity", "A-ID"}, {"MakeDefault", true}, {"Force", true}});
    CHECK(p.steps[0].operation == "Update Default");
    CHECK(p.steps[0].description == "Update Widget 'A-ID': Default");
}

TEST_CASE("converged resource: a noop step without a command", "[plan]") {
    auto t = widget_type();
    test::memory_host host;
    host.lists["Get-Widget"] = {{{"Name", "a"}, {"Color", "Red"}, {"Default", true}}};
    planner_input in{"test", {widget(t, "a", {{"Color", "Red"}, {"Default", true}})}, {}};
    auto p = build_plan(in, host, {});
    REQUIRE(p.steps.size() == 1);
    CHECK(p.steps[0].action == "noop");
    CHECK_FALSE(p.steps[0].command.has_value());
    CHECK(p.to_text().find("No change") != std::string::npos);
}

TEST_CASE("one listing per type, however many resources use it", "[plan]") {
    auto t = widget_type();
    test::memory_host host;
    planner_input in{"test", {widget(t, "a", {{"Color", "Red"}}), widget(t, "b", {{"Color", "Blue"}}),
                              widget(t, "c", {{"Color", "Green"}})}, {}};
    auto p = build_plan(in, host, {});
    CHECK(host.calls.size() == 1);
    REQUIRE(p.reads.size() == 1);
    CHECK(p.reads[0].command == "Get-Widget");
    CHECK(p.steps.size() == 3);
}

TEST_CASE("each_existing updates every instance that differs", "[plan]") {
    auto t = widget_type();
    test::memory_host host;
    host.lists["Get-Widget"] = {{{"Identity", "x"}, {"Color", "red"}}, {{"Identity", "y"}, {"Color", "blue"}},
                                {{"Identity", "z"}, {"Color", "red"}}};
    auto d = widget(t, "all", {{"Color", "Red"}});
    d.scope = resource_scope::each_existing;
    d.match = json::object();
    auto p = build_plan({"test", {d}, {}}, host, {});
    REQUIRE(p.steps.size() == 3);
    CHECK(p.steps[0].action == "noop");
    CHECK(p.steps[1].action == "update");
    CHECK(p.steps[1].identity == "y");
    CHECK(p.steps[2].action == "noop");
}

TEST_CASE("dependencies point at the steps that really run", "[plan]") {
    auto t = widget_type();
    test::memory_host host;
    host.lists["Get-Widget"] = {{{"Name", "done"}, {"Color", "Red"}}};
    auto a = widget(t, "done", {{"Color", "Red"}});    // noop: nothing to wait for
    auto b = widget(t, "new", {{"Color", "Blue"}});
    auto c = widget(t, "after", {{"Color", "Green"}});
    c.depends_on = {a.id, b.id};
    auto p = build_plan({"test", {a, b, c}, {}}, host, {});
    REQUIRE(p.steps.size() == 3);
    CHECK(p.steps[2].depends_on == std::vector<std::string>{p.steps[1].id});
}

TEST_CASE("a required object that is missing stops the plan with every finding", "[plan]") {
    auto t = widget_type();
    test::memory_host host;
    auto a = widget(t, "needed", {});
    a.when_absent = absent_policy::fail;
    a.absent_error_id = "test.needed.missing";
    a.absent_target = "Needed";
    a.absent_message = "needed is missing";
    auto b = widget(t, "also", {});
    b.when_absent = absent_policy::fail;
    b.absent_error_id = "test.also.missing";
    try {
        build_plan({"test", {a, b}, {}}, host, {});
        FAIL("no error");
    } catch (const error &e) {
        CHECK(e.code() == errc::failed_precondition);
        CHECK(e.id() == "test.needed.missing");
        CHECK(e.detail()["diagnostics"].size() == 2);
    }
    CHECK(host.writes() == 0);
}

TEST_CASE("a property that can only be set at creation is reported, not silently skipped", "[plan]") {
    auto t = widget_type();
    test::memory_host host;
    host.lists["Get-Widget"] = {{{"Name", "a"}, {"Kind", "square"}}};
    try {
        build_plan({"test", {widget(t, "a", {{"Kind", "round"}})}, {}}, host, {});
        FAIL("no error");
    } catch (const error &e) {
        CHECK(e.id() == "plan.property.immutable");
    }
}

TEST_CASE("two objects matching a single resource is an error", "[plan]") {
    auto t = widget_type();
    test::memory_host host;
    host.lists["Get-Widget"] = {{{"Name", "a"}}, {{"Name", "A"}}};
    CHECK_THROWS_AS(build_plan({"test", {widget(t, "a", {{"Color", "x"}})}, {}}, host, {}), error);
}

TEST_CASE("a failed read is an error, never 'absent'", "[plan]") {
    auto t = widget_type();
    test::memory_host host;
    host.failures["Get-Widget"] = {"CommandNotFoundException", "ObjectNotFound", "not recognized", "", std::nullopt};
    try {
        build_plan({"test", {widget(t, "a", {{"Color", "x"}})}, {}}, host, {});
        FAIL("no error");
    } catch (const error &e) {
        CHECK(e.id() == "host.command_not_found");
        CHECK(std::string(e.what()).find("Exchange Management Shell") != std::string::npos);
    }
    CHECK(host.writes() == 0);
}

TEST_CASE("the progress callback can cancel planning", "[plan]") {
    auto t = widget_type();
    test::memory_host host;
    progress_fn stop = [](const std::string &, const std::string &, int) { return false; };
    try {
        build_plan({"test", {widget(t, "a", {{"Color", "x"}})}, {}}, host, stop);
        FAIL("no error");
    } catch (const error &e) {
        CHECK(e.code() == errc::cancelled);
    }
    CHECK(host.calls.empty());
}
