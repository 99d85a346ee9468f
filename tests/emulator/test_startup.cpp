// The command line: port choice, seed file, log file, and how the program stops.
#include "support/helpers.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <signal.h>
#include <sstream>
#include <unistd.h>

using namespace emutest;

TEST_CASE("the emulator announces its URL on 127.0.0.1 with a free port", "[startup]")
{
    emulator_process emu;
    CHECK(std::regex_match(emu.listening_line(), std::regex(R"j(MAILINT_EMULATOR_LISTENING http://127\.0\.0\.1:[0-9]+)j")));
    CHECK(emu.get("/control/counters").status == 200);
    emulator_process second;
    CHECK(second.url() != emu.url());
}

TEST_CASE("--port N listens on that port", "[startup]")
{
    const std::string first_url = emulator_process().url();  // a port that was just free
    const std::string port = first_url.substr(first_url.rfind(':') + 1);
    emulator_process emu({"--port", port});
    CHECK(emu.url() == "http://127.0.0.1:" + port);
    CHECK(emu.get("/control/state").status == 200);
}

TEST_CASE("--seed FILE is the initial state and what reset returns to", "[startup]")
{
    const std::string path = "/tmp/emutest-seed-" + std::to_string(::getpid()) + ".json";
    std::ofstream(path) << R"j({"exchangeOnPrem":{"Contoso":{"servers":[{"Name":"MX1","Fqdn":"mx1.contoso.local"}]}}})j";
    {
        emulator_process emu({"--seed", path});
        CHECK(value_of(emu.invoke("Get-ExchangeServer", json::object(), "Contoso")).at(0).at("Name") == "MX1");
        CHECK(emu.invoke("Get-ExchangeServer").status == 404);  // no First Organization
        REQUIRE(emu.invoke("New-AcceptedDomain", {{"Name", "c"}, {"DomainName", "contoso.com"}}, "Contoso").status == 200);
        REQUIRE(emu.post("/control/reset", "").status == 200);
        CHECK(emu.get("/control/state").document.at("exchangeOnPrem").at("Contoso").at("acceptedDomains") == json::array());
    }
    std::remove(path.c_str());
}

TEST_CASE("--log-file appends each request-log entry as a JSON line, redacted", "[startup][redaction]")
{
    const std::string path = "/tmp/emutest-log-" + std::to_string(::getpid()) + ".jsonl";
    std::remove(path.c_str());
    {
        emulator_process emu({"--log-file", path});
        emu.invoke("Get-AcceptedDomain");
        emu.invoke("Import-ExchangeCertificate", {{"FileData", byte_array({1, 2, 3})}, {"Password", secure_string("file-secret")}});
    }
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    CHECK(text.str().find("file-secret") == std::string::npos);
    std::string line;
    std::istringstream lines(text.str());
    int count = 0;
    while (std::getline(lines, line)) {
        const json entry = json::parse(line);
        CHECK(entry.contains("cmdlet"));
        ++count;
    }
    CHECK(count == 2);
    std::remove(path.c_str());
}

TEST_CASE("the emulator exits when its standard input closes or on SIGTERM", "[startup]")
{
    {
        emulator_process emu;
        emu.close_stdin();
        CHECK(emu.wait_for_exit(5000) == 0);
    }
    {
        emulator_process emu;
        ::kill(emu.pid(), SIGTERM);
        CHECK(emu.wait_for_exit(5000) == 0);
    }
}

TEST_CASE("a bad command line exits with status 2", "[startup]")
{
    const std::string command = emutest::emulator_path() + " --bogus 2>/dev/null";
    const int status = std::system(command.c_str());
    CHECK(WEXITSTATUS(status) == 2);
}
