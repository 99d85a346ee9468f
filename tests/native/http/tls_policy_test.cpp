#include <catch2/catch.hpp>

#include "core/error.h"
#include "http/cpprest_client.h"
#include "http/microsoft_hosts.h"

using namespace mailint;
using namespace mailint::http;

namespace {
std::string refusal_id(std::string_view url, bool insecure) {
    try {
        check_tls_policy(url, cpprest_options{insecure});
        return "";
    } catch (const error &e) {
        CHECK(e.code() == errc::failed_precondition);
        return e.id();
    }
}
}  // namespace

TEST_CASE("Microsoft's service hosts are recognised, look-alikes are not", "[http][tls]") {
    for (const char *h : {"login.microsoftonline.com", "LOGIN.microsoftonline.com.", "login.microsoftonline.us",
                          "login.chinacloudapi.cn", "outlook.office365.com", "outlook-dod.office365.us",
                          "outlook.office365.cn", "graph.microsoft.com", "graph.microsoft.us", "dod-graph.microsoft.us",
                          "microsoftgraph.chinacloudapi.cn", "contoso.crm.dynamics.com", "contoso.crm4.dynamics.com",
                          "contoso.crm.microsoftdynamics.us", "contoso.crm.appsplatform.us", "contoso.crm.dynamics.cn"})
        CHECK(is_microsoft_service_host(h));
    for (const char *h : {"127.0.0.1", "localhost", "emulator.contoso.com", "evilgraph.microsoft.com.example",
                          "notoffice365.com", "graph.microsoft.com.evil.net", "dynamics.com.example", ""})
        CHECK_FALSE(is_microsoft_service_host(h));
}

TEST_CASE("the TLS opt-out is refused for Microsoft's hosts and allowed for a local endpoint", "[http][tls]") {
    for (const char *url : {"https://login.microsoftonline.com/t/oauth2/v2.0/token",
                            "https://graph.microsoft.com/v1.0/domains", "https://outlook.office365.us/adminapi/beta/t/InvokeCommand",
                            "https://contoso.crm.dynamics.com/api/data/v9.2/mailboxes",
                            "https://microsoftgraph.chinacloudapi.cn/v1.0/users"})
        CHECK(refusal_id(url, true) == "transport.tls.insecure_refused");
    CHECK(refusal_id("https://graph.microsoft.com/v1.0/domains", false).empty());
    CHECK(refusal_id("http://graph.microsoft.com/v1.0/domains", false) == "transport.tls.plaintext_refused");
    CHECK(refusal_id("https://127.0.0.1:8443/control/state", true).empty());
    CHECK(refusal_id("http://127.0.0.1:8080/control/state", true).empty());
    CHECK(refusal_id("https://lab.contoso.com/x", true).empty());
}

TEST_CASE("send() applies the policy before any connection is made", "[http][tls]") {
    cpprest_client client(cpprest_options{true});
    request r;
    r.url = "https://login.microsoftonline.com/t/oauth2/v2.0/token";
    r.method = "POST";
    try {
        client.send(r);
        FAIL("sent");
    } catch (const error &e) {
        CHECK(e.id() == "transport.tls.insecure_refused");
    }
    r.url = "not a url";
    try {
        client.send(r);
        FAIL("sent");
    } catch (const error &e) {
        CHECK(e.id() == "transport.http.invalid_url");
        CHECK(e.code() == errc::invalid_argument);
    }
}
