#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "emulator_process.h"
#include "http/cpprest_client.h"

using namespace mailint;
using namespace mailint::http;

TEST_CASE("cpprest client: GET and POST against the emulator", "[http][cpprest][emulator]") {
    test::emulator_process emu;
    cpprest_client client;

    request get;
    get.url = emu.url() + "/control/state";
    get.headers.set("Accept", "application/json");
    response r = client.send(get);
    REQUIRE(r.status == 200);
    auto state = nlohmann::json::parse(r.body);
    CHECK(state.contains("exchangeOnPrem"));
    CHECK(r.headers.find("content-type").value_or("").find("application/json") != std::string::npos);

    // POST a body: the state back as the seed, which the emulator accepts as is.
    request post;
    post.method = "POST";
    post.url = emu.url() + "/control/seed";
    post.headers.set("Content-Type", "application/json");
    post.body = state.dump();
    r = client.send(post);
    CHECK(r.status / 100 == 2);
    r = client.send(get);
    REQUIRE(r.status == 200);
    CHECK(nlohmann::json::parse(r.body) == state);

    // A body the emulator refuses comes back as a response, not an exception.
    post.body = "[1,2,3]";
    r = client.send(post);
    CHECK(r.status == 400);

    // An unknown path is a status, too.
    get.url = emu.url() + "/no/such/path";
    CHECK(client.send(get).status == 404);
}

TEST_CASE("cpprest client: a refused connection is transport.http.unavailable", "[http][cpprest]") {
    cpprest_client client;
    request r;
    r.url = "http://127.0.0.1:" + std::to_string(test::closed_local_port()) + "/control/state";
    r.timeout = std::chrono::seconds(5);
    try {
        client.send(r);
        FAIL("no error");
    } catch (const error &e) {
        CHECK(e.id() == "transport.http.unavailable");
        CHECK(e.code() == errc::unavailable);
        CHECK(e.detail().value("host", "") == "127.0.0.1");
    }
}

TEST_CASE("cpprest client: a server that never answers is transport.http.timeout", "[http][cpprest]") {
    // A listening socket nobody accepts from: the connection completes in the backlog, no answer.
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    REQUIRE(bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0);
    REQUIRE(listen(fd, 4) == 0);
    REQUIRE(getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len) == 0);

    cpprest_client client;
    request r;
    r.url = "http://127.0.0.1:" + std::to_string(ntohs(a.sin_port)) + "/slow";
    r.timeout = std::chrono::milliseconds(300);
    auto started = std::chrono::steady_clock::now();
    try {
        client.send(r);
        FAIL("no error");
    } catch (const error &e) {
        CHECK(e.id() == "transport.http.timeout");
        CHECK(e.code() == errc::timeout);
    }
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
    close(fd);
}
