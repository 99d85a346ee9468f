#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <vector>

#include "blueprint/exchange_runbook.h"
#include "../support/temp_dir.h"

using namespace mailint;
using namespace mailint::exchange_runbook;
using nlohmann::json;

namespace {

const char *kPassword = "Runbook-Pfx-Pa55!";

secret_store with_password() {
    secret_store s;
    const std::string p = kPassword;
    s.set(kPasswordSecret, {reinterpret_cast<const unsigned char *>(p.data()), p.size()});
    return s;
}

json base(const test::temp_dir &dir) {
    return {
        {"PublicDns", {{"DomainName", "contoso.com"}, {"PublicIpAddress", "203.0.113.10"}}},
        {"CertificateRequest", {{"HostName", {"mail.contoso.com"}}, {"Country", "US"}, {"RequestFile", (dir / "req.txt").string()}}},
        {"Configure",
         {{"DomainName", "contoso.com"}, {"CertPath", (dir / "not-yet.pfx").string()}, {"ServerIpAddress", "192.168.0.10"},
          {"InternalIpRange", "192.168.0.0-192.168.0.255"}}},
        {"PortForward", {{"ExchangeServerIpAddress", "192.168.0.10"}, {"EssentialsServerIpAddress", "192.168.0.2"}}},
        {"SplitDns", {{"HostName", "mail.contoso.com"}, {"IPAddress", "192.168.0.10"}}},
        {"MailboxQuota", {{"All", true}, {"Quota", "2 GB (2,147,483,648 bytes)"}}},
    };
}

std::vector<std::string> codes(const runbook &r) {
    std::vector<std::string> out;
    for (const auto &s : r.stages) out.push_back(s.code);
    return out;
}

const stage &at(const runbook &r, const std::string &code) {
    for (const auto &s : r.stages)
        if (s.code == code) return s;
    FAIL("no stage " << code);
    return r.stages.front();
}

std::vector<std::string> error_ids(const diagnostics &d) {
    std::vector<std::string> out;
    for (const auto &i : d.items())
        if (i.level == severity::error) out.push_back(i.id + "@" + i.target);
    return out;
}

}  // namespace

TEST_CASE("the stages come in the document's order, X6 and its certificate before X5", "[runbook]") {
    test::temp_dir dir;
    const auto r = read_runbook(base(dir), {{}, "EX01"}, with_password());
    REQUIRE_FALSE(r.findings.has_errors());
    CHECK(codes(r) == std::vector<std::string>{"X1", "X2", "X3", "X4", "X6", "X6c", "X5", "X7", "X8", "X9", "X10", "X11"});
    CHECK(at(r, "X1").status == "notConfigured");
    CHECK(at(r, "X2").manual);
    CHECK(at(r, "X2").parameters["Stage"] == "X2");
    CHECK(at(r, "X10").status == "ready");
    CHECK(at(r, "X10").scenario == "exchange-split-dns");
    CHECK(at(r, "X11").parameters["Quota"] == "2 GB (2,147,483,648 bytes)");
}

TEST_CASE("X5 waits for the certificate the request brings, and X8 for X5; the password is a reference", "[runbook]") {
    test::temp_dir dir;
    auto r = read_runbook(base(dir), {{}, "EX01"}, with_password());
    REQUIRE_FALSE(r.findings.has_errors());
    CHECK(at(r, "X5").status == "waiting");
    CHECK(at(r, "X8").status == "waiting");
    CHECK(at(r, "X6c").parameters["CertPath"] == (dir / "not-yet.pfx").string());
    CHECK(at(r, "X5").parameters["CertPassword"] == json{{"$secret", kPasswordSecret}});
    CHECK(at(r, "X5").parameters["Server"] == "EX01");  // the computer's name when the file gives none
    CHECK(to_json(r).dump().find(kPassword) == std::string::npos);
}

TEST_CASE("a password written into the file is refused without repeating it", "[runbook]") {
    test::temp_dir dir;
    auto config = base(dir);
    config["ReverseProxy"] = {{"CertPath", "x.pfx"}, {"HostName", {"mail.contoso.com"}}, {"CertPassword", kPassword}};
    config["Setup"] = {{"Extra", {{"ClientSecret", "abc"}}}};
    const auto r = read_runbook(config, {}, with_password());
    CHECK(error_ids(r.findings) == std::vector<std::string>{"exchange.runbook.secret_in_file@ReverseProxy.CertPassword",
                                                           "exchange.runbook.secret_in_file@Setup.Extra.ClientSecret"});
    CHECK(r.findings.to_json().dump().find(kPassword) == std::string::npos);
    CHECK(r.stages.empty());
}

TEST_CASE("unknown sections and stages, and a bad Integration, are named", "[runbook]") {
    test::temp_dir dir;
    auto config = base(dir);
    config["Setpu"] = json::object();
    config["SplitDns"] = "mail.contoso.com";
    config["Integration"] = "Maybe";
    const auto r = read_runbook(config, {{"X13"}, ""}, with_password());
    const auto ids = error_ids(r.findings);
    CHECK(std::find(ids.begin(), ids.end(), "exchange.runbook.section_unknown@Setpu") != ids.end());
    CHECK(std::find(ids.begin(), ids.end(), "exchange.runbook.section_invalid@SplitDns") != ids.end());
    CHECK(std::find(ids.begin(), ids.end(), "exchange.runbook.integration_invalid@Integration") != ids.end());
    CHECK(std::find(ids.begin(), ids.end(), "exchange.runbook.stage_unknown@Stage") != ids.end());
    CHECK_FALSE(read_runbook(json::array(), {}, with_password()).findings.items().empty());
}

TEST_CASE("every ready stage is validated up front, its findings under its section", "[runbook]") {
    test::temp_dir dir;
    auto config = base(dir);
    config["MailboxQuota"]["Quota"] = "lots";
    config["SplitDns"]["IPAddress"] = "192.168.0.999";
    const auto r = read_runbook(config, {}, with_password());
    const auto ids = error_ids(r.findings);
    CHECK(std::find(ids.begin(), ids.end(), "exchange.quota.not_a_size@MailboxQuota.Quota") != ids.end());
    CHECK(std::find(ids.begin(), ids.end(), "validation.ipv4.malformed@SplitDns.IPAddress") != ids.end());
    // -Stage: a stage left out is not validated.
    const auto only = read_runbook(config, {{"X2", "x7"}, ""}, with_password());
    CHECK_FALSE(only.findings.has_errors());
    CHECK(at(only, "X11").status == "skipped");
    CHECK(at(only, "X7").status == "ready");
}

TEST_CASE("a ready X5 needs the password; migrating needs ARR's target server; Disable lists X12", "[runbook]") {
    test::temp_dir dir;
    auto config = base(dir);
    config.erase("CertificateRequest");  // no request: the PFX must be there
    { std::ofstream(dir / "not-yet.pfx") << "x"; }
    const auto none = read_runbook(config, {}, secret_store{});
    CHECK(error_ids(none.findings) == std::vector<std::string>{"exchange.runbook.password_missing@CertPassword"});

    config["MigratingFromSmallBusinessServer"] = true;
    config["ReverseProxy"] = {{"CertPath", (dir / "not-yet.pfx").string()}, {"HostName", {"mail.contoso.com"}}};
    config["Integration"] = "Disable";
    const auto r = read_runbook(config, {{"X12"}, ""}, with_password());
    CHECK(error_ids(r.findings) == std::vector<std::string>{"exchange.runbook.target_server_missing@ReverseProxy.TargetServer"});
    const auto codes_now = codes(r);
    CHECK(std::find(codes_now.begin(), codes_now.end(), "X8") == codes_now.end());
    CHECK(codes_now.back() == "X12");
}

TEST_CASE("the configuration file: missing, not JSON (with where), a byte order mark", "[runbook]") {
    test::temp_dir dir;
    diagnostics d;
    CHECK_FALSE(read_configuration_file(dir / "none.json", d));
    CHECK(d.items().back().id == "exchange.runbook.file_missing");
    { std::ofstream(dir / "bad.json") << "{\n  \"Setup\": {\n    \"SetupPath\": \"D:\\Setup.EXE\"\n  }\n}\n"; }
    CHECK_FALSE(read_configuration_file(dir / "bad.json", d));
    CHECK(d.items().back().id == "exchange.runbook.json_invalid");
    CHECK(d.items().back().message.find("line 3") != std::string::npos);
    CHECK(d.items().back().message.find("Setup.EXE") == std::string::npos);
    { std::ofstream(dir / "bom.json") << "\xEF\xBB\xBF{\"SplitDns\": {}}"; }
    const auto read = read_configuration_file(dir / "bom.json", d);
    REQUIRE(read);
    CHECK(read->contains("SplitDns"));
}

TEST_CASE("the sample configuration reads as the whole document", "[runbook]") {
    diagnostics d;
    const auto sample = read_configuration_file(MAILINT_SAMPLES_DIR "/exchange-onprem-essentials.json", d);
    REQUIRE(sample);
    // Only X2 checked in full: the sample's paths (E:\Setup.EXE, the PFX) are not on this machine.
    const auto r = read_runbook(*sample, {{"X2"}, "EX01"}, with_password());
    CHECK_FALSE(r.findings.has_errors());
    CHECK(codes(r) == std::vector<std::string>{"X1", "X2", "X3", "X4", "X6", "X6c", "X5", "X7", "X8", "X9", "X10", "X11"});
    CHECK(at(r, "X2").status == "ready");
    CHECK(at(r, "X5").status == "waiting");
}
