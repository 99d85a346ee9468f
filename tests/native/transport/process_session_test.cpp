#include <catch2/catch.hpp>

#include <string>

#include "secret/secret_store.h"
#include "transport/process_session.h"

using namespace mailint;
using nlohmann::json;

namespace {

secret_store with(const std::string &name, const std::string &value) {
    secret_store s;
    s.set(name, {reinterpret_cast<const unsigned char *>(value.data()), value.size()});
    return s;
}

}  // namespace

TEST_CASE("arguments reach the program as an array, never through a shell", "[transport][process]") {
    secret_store none;
    process_session session(none);
    const json args = {"%s\\n", "a; rm -rf /", "$(id)", "`id`", "it's \"quoted\"", "two\nlines", ""};
    const auto r = session.invoke({"/usr/bin/printf", {{"ArgumentList", args}}});
    REQUIRE_FALSE(r.failure);
    REQUIRE(r.objects.size() == 1);
    CHECK(r.objects[0]["ExitCode"] == 0);
    CHECK(r.objects[0]["Output"] == "a; rm -rf /\n$(id)\n`id`\nit's \"quoted\"\ntwo\nlines\n\n");
}

TEST_CASE("a secret goes to standard input only and is redacted from what the program prints", "[transport][process]") {
    const std::string password = "Arr-Pfx-Pa55!";
    const auto secrets = with("CertPassword", password);
    process_session session(secrets);
    const auto r = session.invoke({"/bin/cat", {{"ArgumentList", json::array()}, {"StandardInput", {{"$secret", "CertPassword"}}}}});
    REQUIRE_FALSE(r.failure);
    const auto output = r.objects[0]["Output"].get<std::string>();
    CHECK(output.find(password) == std::string::npos);
    CHECK_FALSE(output.empty());  // cat echoed it: the redaction took it out
    CHECK_THROWS(session.invoke({"/bin/cat", {{"StandardInput", {{"$secret", "Other"}}}}}));
}

TEST_CASE("exit codes: a failure names the program, its code and its last lines; SuccessExitCodes widens", "[transport][process]") {
    secret_store none;
    process_session session(none);
    const auto failed = session.invoke({"/bin/sh", {{"ArgumentList", {"-c", "echo one; echo two; exit 3"}}}});
    REQUIRE(failed.failure);
    CHECK(failed.failure->message == "sh exited with code 3: one / two");
    CHECK(failed.objects[0]["ExitCode"] == 3);
    const auto allowed = session.invoke({"/bin/sh", {{"ArgumentList", {"-c", "exit 3"}}, {"SuccessExitCodes", {0, 3}}}});
    CHECK_FALSE(allowed.failure);
}

TEST_CASE("only full paths run; a missing program is ObjectNotFound; the working directory is used", "[transport][process]") {
    secret_store none;
    process_session session(none);
    const auto relative = session.invoke({"printf", {{"ArgumentList", {"x"}}}});
    REQUIRE(relative.failure);
    CHECK(relative.failure->category == "InvalidArgument");
    const auto missing = session.invoke({"/nonexistent/Setup.EXE", json::object()});
    REQUIRE(missing.failure);
    CHECK(missing.failure->category == "ObjectNotFound");
    const auto pwd = session.invoke({"/bin/pwd", {{"WorkingDirectory", "/tmp"}}});
    REQUIRE_FALSE(pwd.failure);
    CHECK(pwd.objects[0]["Output"] == "/tmp\n");
}

TEST_CASE("only the last 64 KiB of a long output is kept", "[transport][process]") {
    secret_store none;
    process_session session(none);
    const auto r = session.invoke({"/usr/bin/seq", {{"ArgumentList", {"1", "200000"}}}});
    REQUIRE_FALSE(r.failure);
    const auto output = r.objects[0]["Output"].get<std::string>();
    CHECK(output.size() <= 64 * 1024);
    CHECK(output.size() > 60 * 1024);
    CHECK(output.ends_with("199999\n200000\n"));
}
