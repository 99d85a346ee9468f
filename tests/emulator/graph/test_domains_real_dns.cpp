// Domain verification against a real DNS server (--dns-server): BIND on a loopback port serves
// zones the test writes; verification fails until the zone holds the TXT (or MX) record, the
// simulated zone of /control/dns/records no longer counts, and a DNS server that does not answer
// gives Graph's 400, not a crash.
#include "graph/graph_support.h"
#include "support/bind_server.h"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdlib>

using namespace emutest;

namespace {

std::string verification_code(const emulator_process& emu, const std::string& token, const std::string& domain)
{
    const auto records = call(emu, "GET", "/v1.0/domains/" + domain + "/verificationDnsRecords", token);
    REQUIRE(records.status == 200);
    return records.document.at("value").at(0).at("text").get<std::string>().substr(3);  // "MS=ms…" → "ms…"
}

std::string message_of(const http_reply& reply) { return reply.document.at("error").at("message").get<std::string>(); }

} // namespace

TEST_CASE("with --dns-server, verification follows the real zone: TXT or MX", "[graph][domains][dns]")
{
    if (bind_server::named_path().empty())
        FAIL("BIND's named is not installed; the real-DNS verification test needs it");
    bind_server dns({{"fabrikam.com", ""}, {"northwind.com", ""}});
    emulator_process emu({"--dns-server", dns.address()});
    const std::string token = graph_token(emu);

    REQUIRE(call(emu, "POST", "/v1.0/domains", token, {{"id", "fabrikam.com"}}).status == 201);
    const std::string code = verification_code(emu, token, "fabrikam.com");

    const auto before = call(emu, "POST", "/v1.0/domains/fabrikam.com/verify", token);
    CHECK(before.status == 400);
    CHECK(before.document.at("error").at("code") == "Request_BadRequest");
    CHECK_THAT(message_of(before), Catch::Contains("MS=" + code));

    // The simulated zone is not what Microsoft looks at once a real server is configured.
    REQUIRE(emu.post("/control/dns/records", json{{"name", "fabrikam.com"}, {"type", "TXT"}, {"value", "MS=" + code}}.dump())
                .status == 201);
    CHECK(call(emu, "POST", "/v1.0/domains/fabrikam.com/verify", token).status == 400);

    // A wrong value and an SPF record beside it do not verify either.
    dns.set_records("fabrikam.com", "@ IN TXT \"MS=ms00000000\"\n@ IN TXT \"v=spf1 -all\"\n");
    CHECK(call(emu, "POST", "/v1.0/domains/fabrikam.com/verify", token).status == 400);

    // The TXT in the real zone, split into two character-strings as some DNS hosts store it.
    dns.set_records("fabrikam.com", "@ IN TXT \"v=spf1 -all\"\n@ IN TXT \"MS=\" \"" + code + "\"\n");
    const auto verified = call(emu, "POST", "/v1.0/domains/fabrikam.com/verify", token);
    REQUIRE(verified.status == 200);
    CHECK(verified.document.at("isVerified") == true);
    CHECK(verified.document.at("availabilityStatus") == "AvailableImmediately");

    // The MX form of the proof, in upper case and absolute, verifies too.
    REQUIRE(call(emu, "POST", "/v1.0/domains", token, {{"id", "northwind.com"}}).status == 201);
    const std::string other = verification_code(emu, token, "northwind.com");
    CHECK(call(emu, "POST", "/v1.0/domains/northwind.com/verify", token).status == 400);
    std::string upper = other;
    for (auto& c : upper)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    dns.set_records("northwind.com", "@ IN MX 32767 " + upper + ".MSV1.INVALID.\n");
    const auto by_mx = call(emu, "POST", "/v1.0/domains/northwind.com/verify", token);
    REQUIRE(by_mx.status == 200);
    CHECK(by_mx.document.at("isVerified") == true);

    // A domain the server is not authoritative for: BIND refuses; Graph says why, with a 400.
    REQUIRE(call(emu, "POST", "/v1.0/domains", token, {{"id", "tailspin.com"}}).status == 201);
    const auto refused = call(emu, "POST", "/v1.0/domains/tailspin.com/verify", token);
    CHECK(refused.status == 400);
    CHECK_THAT(message_of(refused), Catch::Contains("REFUSED"));
    CHECK(call(emu, "GET", "/v1.0/domains/tailspin.com", token).document.at("isVerified") == false);
}

TEST_CASE("with --dns-server, a DNS server that does not answer is a 400, not a crash", "[graph][domains][dns]")
{
    // Nothing listens on the port: the query fails at once (ICMP port unreachable).
    const int port = free_loopback_port();
    emulator_process emu({"--dns-server", "127.0.0.1:" + std::to_string(port)});
    const std::string token = graph_token(emu);
    REQUIRE(call(emu, "POST", "/v1.0/domains", token, {{"id", "fabrikam.com"}}).status == 201);
    const auto failed = call(emu, "POST", "/v1.0/domains/fabrikam.com/verify", token);
    CHECK(failed.status == 400);
    CHECK(failed.document.at("error").at("code") == "Request_BadRequest");
    const std::string message = message_of(failed);
    CHECK_THAT(message, Catch::Contains("Domain verification failed: the DNS query"));
    CHECK_THAT(message, Catch::Contains("127.0.0.1:" + std::to_string(port)));
    // Still serving, and the domain is as it was.
    CHECK(emu.get("/control/state").status == 200);
    CHECK(call(emu, "GET", "/v1.0/domains/fabrikam.com", token).document.at("isVerified") == false);
}

TEST_CASE("with --dns-server, a server that stays silent times out into a 400", "[graph][domains][dns]")
{
    // A UDP socket that receives the queries and never answers.
    const int silent = ::socket(AF_INET, SOCK_DGRAM, 0);
    REQUIRE(silent >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    REQUIRE(::bind(silent, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::getsockname(silent, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    const std::string server = "127.0.0.1:" + std::to_string(ntohs(address.sin_port));

    emulator_process emu({"--dns-server", server});
    const std::string token = graph_token(emu);
    REQUIRE(call(emu, "POST", "/v1.0/domains", token, {{"id", "fabrikam.com"}}).status == 201);
    const auto started = std::chrono::steady_clock::now();
    const auto failed = call(emu, "POST", "/v1.0/domains/fabrikam.com/verify", token);
    const auto took = std::chrono::steady_clock::now() - started;
    ::close(silent);
    CHECK(failed.status == 400);
    CHECK_THAT(message_of(failed), Catch::Contains("at " + server + " failed: timed out"));
    // One query's timeout (1 s, then 2 s), not two: the MX is not asked after the TXT timed out.
    CHECK(took < std::chrono::seconds(5));
    CHECK(emu.get("/control/state").status == 200);
}

TEST_CASE("--dns-server takes an IP address with an optional port", "[graph][domains][dns][startup]")
{
    for (const char* bad : {"dns.example.com:53", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:", "[::1", "1.2.3"}) {
        CAPTURE(bad);
        const std::string command = emulator_path() + " --dns-server '" + bad + "' 2>/dev/null";
        const int status = std::system(command.c_str());
        CHECK(WEXITSTATUS(status) == 2);
    }
    for (const char* good : {"127.0.0.1", "[::1]:5353", "::1"}) {
        CAPTURE(good);
        emulator_process emu({"--dns-server", good});
        CHECK(emu.get("/control/counters").status == 200);
    }
}
