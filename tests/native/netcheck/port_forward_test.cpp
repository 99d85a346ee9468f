// Seed X7: the router table and the TCP verdicts against a listener this test opens and a port it
// leaves closed.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netcheck/port_forward.h"

using namespace mailint;

namespace {

// A listening socket on 127.0.0.1 and its port.
struct listener {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    int port = 0;
    listener() {
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0);
        REQUIRE(::listen(fd, 4) == 0);
        socklen_t len = sizeof a;
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len);
        port = ntohs(a.sin_port);
    }
    ~listener() { ::close(fd); }
};

}  // namespace

TEST_CASE("port forward: the document's table, POP3 and IMAP when asked", "[netcheck]") {
    netcheck::table_request r;
    REQUIRE_FALSE(netcheck::parse_table_request({{"ExchangeServerIpAddress", "192.168.0.20"}, {"EssentialsServerIpAddress", "192.168.0.10"},
                                                 {"IncludePop3", true}, {"IncludeUnencrypted", true}},
                                                r)
                      .has_errors());
    const auto t = netcheck::port_forward_table(r);
    REQUIRE(t.size() == 5);
    CHECK(t[0].router_port == 25);
    CHECK(t[0].destination == "192.168.0.20");
    CHECK(t[2].router_port == 443);
    CHECK(t[2].destination == "192.168.0.10");
    CHECK(t[3].router_port == 995);
    CHECK(t[4].router_port == 110);
    netcheck::table_request same;
    CHECK(netcheck::parse_table_request({{"ExchangeServerIpAddress", "10.0.0.1"}, {"EssentialsServerIpAddress", "10.0.0.1"}}, same)
              .first_error()
              ->id == "port_forward.same_server");
}

TEST_CASE("port forward: open, closed and unresolvable ports, tried together", "[netcheck]") {
    listener open;
    int closed = 0;
    {
        listener gone;  // bound, then closed: nothing listens on its port afterwards
        closed = gone.port;
    }
    const auto checks = netcheck::check_ports("127.0.0.1", {{open.port, "TCP"}, {closed, "TCP"}}, std::chrono::milliseconds(2000));
    REQUIRE(checks.size() == 2);
    CHECK(checks[0].status == "Open");
    CHECK(checks[1].status == "Closed");
    CHECK(checks[1].reason.find("refused") != std::string::npos);
    const auto unknown = netcheck::check_ports("no-such-host.invalid", {{25, "SMTP"}}, std::chrono::milliseconds(500));
    CHECK(unknown.at(0).status == "NameNotResolved");
}
