#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "transport/windows_command_line.h"

using namespace mailint;

namespace {

// The C runtime's (and CommandLineToArgvW's) reading of a command line, as Microsoft documents it
// ("Parsing C command-line arguments"): the program name up to the next space, or between quotes
// with no escapes; then arguments split on spaces and tabs outside quotes, where 2n backslashes
// before a quote give n and open or close the quotes, 2n+1 give n and a literal quote, and
// backslashes before anything else are literal. Written here from those rules, not from the
// quoting code, so the round trip below checks one against the other.
std::vector<std::string> parse(const std::string &line) {
    std::vector<std::string> out;
    std::size_t i = 0;
    std::string program;
    if (i < line.size() && line[i] == '"') {
        const auto end = line.find('"', 1);
        program = line.substr(1, end - 1);
        i = end == std::string::npos ? line.size() : end + 1;
    } else {
        while (i < line.size() && line[i] != ' ' && line[i] != '\t') program += line[i++];
    }
    out.push_back(program);
    for (;;) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        if (i >= line.size()) break;
        std::string arg;
        bool quoted = false;
        while (i < line.size()) {
            std::size_t backslashes = 0;
            while (i < line.size() && line[i] == '\\') ++backslashes, ++i;
            if (i < line.size() && line[i] == '"') {
                arg.append(backslashes / 2, '\\');
                if (backslashes % 2) arg += '"';
                else if (quoted && i + 1 < line.size() && line[i + 1] == '"') { arg += '"'; ++i; }
                else quoted = !quoted;
                ++i;
                continue;
            }
            arg.append(backslashes, '\\');
            if (i >= line.size()) break;
            if (!quoted && (line[i] == ' ' || line[i] == '\t')) break;
            arg += line[i++];
        }
        out.push_back(arg);
    }
    return out;
}

}  // namespace

TEST_CASE("plain arguments are left as they are, the document's setup line reads as typed", "[transport][cmdline]") {
    CHECK(windows_command_line("E:\\Setup.EXE", {"/mode:Install", "/roles:mb,ca", "/OrganizationName:Contoso Mail",
                                                 "/IAcceptExchangeServerLicenseTerms"}) ==
          "E:\\Setup.EXE /mode:Install /roles:mb,ca \"/OrganizationName:Contoso Mail\" /IAcceptExchangeServerLicenseTerms");
    CHECK(quote_windows_argument("C:\\Program Files\\") == "\"C:\\Program Files\\\\\"");
    CHECK(quote_windows_argument("") == "\"\"");
    CHECK(quote_windows_argument("a\"b") == "\"a\\\"b\"");
    CHECK(quote_windows_argument("a\\\\\"b") == "\"a\\\\\\\\\\\"b\"");
    CHECK(windows_command_line("C:\\Program Files\\Windows Server\\Bin\\ARRConfig.exe", {"config"}) ==
          "\"C:\\Program Files\\Windows Server\\Bin\\ARRConfig.exe\" config");
}

TEST_CASE("hostile arguments come back exactly as given", "[transport][cmdline]") {
    const std::vector<std::string> args = {"O'Brien & Sons; Restart-Computer", "$(Remove-Item C:\\)", "`whoami`", "a\"b\"c",
                                           "trailing\\", "\\\\server\\share\\", "two\nlines", " lead", "tab\there", "", "\"\""};
    const auto back = parse(windows_command_line("C:\\x\\prog.exe", args));
    REQUIRE(back.size() == args.size() + 1);
    CHECK(back[0] == "C:\\x\\prog.exe");
    for (std::size_t i = 0; i < args.size(); ++i) CHECK(back[i + 1] == args[i]);
}

TEST_CASE("random arguments of quotes, backslashes and spaces round-trip", "[transport][cmdline]") {
    std::mt19937 rng(20261204);
    const std::string alphabet = "ab\\\" \t;$`'";
    for (int round = 0; round < 2000; ++round) {
        std::vector<std::string> args(1 + rng() % 4);
        for (auto &a : args) {
            const auto n = rng() % 8;
            for (unsigned k = 0; k < n; ++k) a += alphabet[rng() % alphabet.size()];
        }
        const auto back = parse(windows_command_line("C:\\p.exe", args));
        REQUIRE(back.size() == args.size() + 1);
        for (std::size_t i = 0; i < args.size(); ++i) REQUIRE(back[i + 1] == args[i]);
    }
}
