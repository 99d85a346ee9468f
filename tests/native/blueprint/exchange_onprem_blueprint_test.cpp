// The X5 blueprint through the generic planner: the steps a fresh server needs, their order, and
// that a server already configured the way Exchange prints it (flag strings, SMTP: prefixes, CIDR
// read back as ranges, URLs in another case) plans nothing but noops.
#include <catch2/catch.hpp>

#include <algorithm>

#include "blueprint/scenario.h"
#include "core/error.h"
#include "support/memory_host.h"
#include "support/pfx_factory.h"
#include "support/temp_dir.h"

using namespace mailint;
using json = nlohmann::json;

namespace {

struct fixture {
    test::temp_dir dir;
    std::string password = "Blueprint-Pw 1";
    secret_store secrets;
    std::filesystem::path pfx;
    std::string thumbprint;

    fixture() {
        test::pfx_spec spec;
        spec.password = password;
        auto made = test::make_pfx(spec);
        thumbprint = test::sha1_hex(made.certificate_der);
        pfx = dir / "mail.pfx";
        test::write_file(pfx, made.bytes);
        secrets.set("CertPassword", {reinterpret_cast<const unsigned char *>(password.data()), password.size()});
    }

    json request(json overrides = json::object()) const {
        json p = {{"DomainName", "contoso.com"},
                  {"CertPath", pfx.string()},
                  {"CertPassword", {{"$secret", "CertPassword"}}},
                  {"ServerIpAddress", "192.168.0.10"},
                  {"InternalIpRange", "192.168.0.0/24"},
                  {"Server", "EX01"}};
        p.update(overrides);
        return {{"schemaVersion", 1}, {"scenario", "exchange-onprem"}, {"parameters", p}};
    }
};

json vdir(const std::string &identity, const std::string &url, json extra = json::object()) {
    json o = {{"Identity", identity}, {"Server", "EX01"}, {"InternalUrl", url}, {"ExternalUrl", url}};
    o.update(extra);
    return o;
}

// A server in the X5 state, printed as Exchange prints it.
void configured(test::memory_host &host, const std::string &thumbprint) {
    host.lists["Get-ExchangeServer"] = {{{"Name", "EX01"}}};
    host.lists["Get-ExchangeCertificate"] = {{{"Thumbprint", thumbprint}, {"Services", "IMAP, POP, IIS, SMTP"}}};
    host.lists["Get-AcceptedDomain"] = {{{"Identity", "official name"}, {"Name", "official name"},
                                         {"DomainName", "Contoso.com"}, {"Default", true}}};
    host.lists["Get-EmailAddressPolicy"] = {{{"Name", "Windows Server Essentials Email Address Policy"},
                                             {"IncludedRecipients", "AllRecipients"},
                                             {"EnabledPrimarySMTPAddressTemplate", "SMTP:%m@contoso.com"}}};
    host.lists["Get-OwaVirtualDirectory"] = {vdir("EX01\\owa (Default Web Site)", "https://MAIL.contoso.com/owa/")};
    host.lists["Get-EcpVirtualDirectory"] = {vdir("EX01\\ecp (Default Web Site)", "https://mail.contoso.com/ecp")};
    host.lists["Get-ActiveSyncVirtualDirectory"] = {
        vdir("EX01\\Microsoft-Server-ActiveSync (Default Web Site)", "https://mail.contoso.com/Microsoft-Server-ActiveSync")};
    host.lists["Get-OabVirtualDirectory"] = {
        vdir("EX01\\OAB (Default Web Site)", "https://mail.contoso.com/OAB", {{"RequireSSL", "True"}})};
    host.lists["Get-WebServicesVirtualDirectory"] = {
        vdir("EX01\\EWS (Default Web Site)", "https://mail.contoso.com/EWS/Exchange.asmx", {{"BasicAuthentication", true}})};
    host.lists["Get-OutlookAnywhere"] = {{{"Identity", "EX01\\Rpc (Default Web Site)"}, {"Server", "EX01"},
                                          {"ExternalHostname", "mail.contoso.com"},
                                          {"ExternalClientAuthenticationMethod", "Basic"}, {"SSLOffloading", false}}};
    host.lists["Get-ReceiveConnector"] = {
        {{"Identity", "EX01\\Default EX01"}, {"RemoteIPRanges", {"192.168.0.0-192.168.0.255"}}},
        {{"Identity", "EX01\\WSE Internet Receive Connector"}, {"Bindings", {"192.168.0.10:25"}},
         {"Fqdn", "mail.contoso.com"}, {"Enabled", true},
         {"AuthMechanism", "Tls, Integrated, BasicAuth, BasicAuthRequireTLS"}}};
    host.lists["Get-SendConnector"] = {{{"Identity", "WSE Internet SendConnector"}, {"Name", "WSE Internet SendConnector"},
                                        {"AddressSpaces", {"SMTP:*;1"}}, {"IsScopedConnector", false},
                                        {"DNSRoutingEnabled", true}, {"UseExternalDNSServersEnabled", true},
                                        {"SourceTransportServers", {"ex01"}}}};
}

}  // namespace

TEST_CASE("a configured server plans only noops, with one read per object type", "[blueprint]") {
    fixture f;
    test::memory_host host;
    configured(host, f.thumbprint);
    auto in = prepare_request(f.request(), f.secrets);
    auto p = build_plan(in, host, {});
    for (const auto &s : p.steps) {
        INFO(s.description);
        CHECK(s.action == "noop");
    }
    CHECK(host.calls.size() == 12);
    CHECK(host.writes() == 0);
    // The basic-authentication choices of the original are kept but reported.
    std::vector<std::string> ids;
    for (const auto &d : p.findings.items()) ids.push_back(d.id);
    CHECK(std::count(ids.begin(), ids.end(), "security.basic_auth.web_services") == 1);
    CHECK(std::count(ids.begin(), ids.end(), "security.basic_auth.outlook_anywhere") == 1);
}

TEST_CASE("a fresh server: every X5 write, in an order Exchange accepts", "[blueprint]") {
    fixture f;
    test::memory_host host;
    configured(host, f.thumbprint);
    host.lists["Get-ExchangeCertificate"] = {};
    host.lists["Get-AcceptedDomain"] = {};
    host.lists["Get-EmailAddressPolicy"] = {};
    host.lists["Get-OutlookAnywhere"] = {};
    host.lists["Get-SendConnector"] = {};
    host.lists["Get-ReceiveConnector"] = {{{"Identity", "EX01\\Default EX01"}, {"RemoteIPRanges", {"0.0.0.0-255.255.255.255"}}}};
    auto p = build_plan(prepare_request(f.request(), f.secrets), host, {});
    std::map<std::string, const plan_step *> by_command;
    for (const auto &s : p.steps)
        if (s.command) by_command[s.command->name] = &s;

    const auto *import = by_command.at("Import-ExchangeCertificate");
    CHECK(import->command->parameters["Password"] == json{{"$secret", "CertPassword"}});
    CHECK(import->command->parameters["FileData"] == json{{"$fileBytes", f.pfx.string()}});
    const auto *enable = by_command.at("Enable-ExchangeCertificate");
    CHECK(enable->command->parameters["Thumbprint"] == f.thumbprint);
    CHECK(enable->command->parameters["Services"] == "POP, IIS, IMAP, SMTP");
    CHECK(enable->depends_on == std::vector<std::string>{import->id});

    const auto *domain = by_command.at("New-AcceptedDomain");
    CHECK(domain->command->parameters == json{{"Name", "contoso.com"}, {"DomainName", "contoso.com"}});
    CHECK(by_command.at("Set-AcceptedDomain")->command->parameters["MakeDefault"] == true);
    CHECK(by_command.at("New-EmailAddressPolicy")->depends_on ==
          std::vector<std::string>{by_command.at("Set-AcceptedDomain")->id});

    const auto *oa = by_command.at("Enable-OutlookAnywhere");
    CHECK(oa->command->parameters == json{{"Server", "EX01"}, {"ExternalHostname", "mail.contoso.com"},
                                          {"ClientAuthenticationMethod", "Basic"}, {"SSLOffloading", false}});

    // The default connector is narrowed first, then the Internet one may bind ServerIpAddress:25.
    const auto *narrow = by_command.at("Set-ReceiveConnector");
    CHECK(narrow->command->parameters["RemoteIPRanges"] == json::array({"192.168.0.0-192.168.0.255"}));
    const auto *recv = by_command.at("New-ReceiveConnector");
    CHECK(recv->depends_on == std::vector<std::string>{narrow->id});
    CHECK(recv->command->parameters["Usage"] == "Internet");
    CHECK(recv->command->parameters["Bindings"] == json::array({"192.168.0.10:25"}));
    CHECK(recv->command->parameters["AuthMechanism"] ==
          json::array({"Tls", "BasicAuth", "BasicAuthRequireTLS", "Integrated"}));

    const auto *send = by_command.at("New-SendConnector");
    CHECK(send->command->parameters["AddressSpaces"] == json::array({"SMTP:*;1"}));
    CHECK(send->command->parameters["SourceTransportServers"] == json::array({"EX01"}));
    CHECK(p.to_json().dump().find(f.password) == std::string::npos);
}

TEST_CASE("a server name that is not in the organization stops the plan after the reads", "[blueprint]") {
    fixture f;
    test::memory_host host;
    configured(host, f.thumbprint);
    try {
        build_plan(prepare_request(f.request({{"Server", "EX02"}}), f.secrets), host, {});
        FAIL("no error");
    } catch (const error &e) {
        CHECK(e.code() == errc::failed_precondition);
        CHECK(e.id() == "exchange.server.not_found");
        auto diags = e.detail()["diagnostics"];
        CHECK(diags.size() == 2);  // the server, and its default receive connector
    }
    CHECK(host.writes() == 0);
}

TEST_CASE("invalid parameters fail before any read, with every finding", "[blueprint]") {
    fixture f;
    try {
        prepare_request(f.request({{"DomainName", "marketing.contoso.com"}, {"ServerIpAddress", "10.0.0.1"},
                                   {"Server", ""}, {"CertPassword", "inline-password"}}),
                        f.secrets);
        FAIL("no error");
    } catch (const error &e) {
        CHECK(e.code() == errc::invalid_argument);
        std::vector<std::string> ids;
        for (const auto &d : e.detail()["diagnostics"]) ids.push_back(d["id"]);
        for (const char *id : {"validation.domain.third_level", "validation.ip_range.excludes_server",
                               "validation.server.empty", "request.secret.inline"})
            CHECK(std::find(ids.begin(), ids.end(), id) != ids.end());
        CHECK(e.detail().dump().find("inline-password") == std::string::npos);
    }
}
