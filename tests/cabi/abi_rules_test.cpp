// The ABI's promises (ARCHITECTURE §4), checked from C++ through the exported functions only.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "mailint.h"

using json = nlohmann::json;

namespace {

const std::string kPassword = "Cabi-Test-Pw;$(x)`\"'";

struct fixture_files {
    std::filesystem::path dir;
    std::filesystem::path pfx;
    fixture_files() {
        dir = std::filesystem::temp_directory_path() / ("mailint-cabi-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        pfx = dir / "t.pfx";
        if (!std::filesystem::exists(pfx)) {
            // Single quotes around the password: it contains shell metacharacters on purpose.
            std::string escaped;
            for (char c : kPassword) escaped += (c == '\'') ? std::string("'\\''") : std::string(1, c);
            std::string cmd = std::string(MAILINT_CABI_PFX_SCRIPT) + " '" + pfx.string() + "' '" + escaped + "'";
            REQUIRE(std::system(cmd.c_str()) == 0);
        }
    }
};

const fixture_files &files() {
    static fixture_files f;
    return f;
}

struct memory_org {
    std::atomic<int> calls{0};
    std::atomic<int> writes{0};
    bool never_reply = false;
};

int org_host(const char *request, size_t len, mailint_host_reply *reply, void *payload) {
    auto *org = static_cast<memory_org *>(payload);
    org->calls++;
    if (org->never_reply) return 0;
    auto doc = json::parse(request, request + len);
    std::string cmd = doc["command"];
    json objects = json::array();
    if (cmd == "Get-ExchangeServer") objects.push_back({{"Name", "EX01"}});
    else if (cmd == "Get-ReceiveConnector")
        objects.push_back({{"Identity", "EX01\\Default EX01"}, {"RemoteIPRanges", {"0.0.0.0-255.255.255.255"}}});
    else if (cmd.find("VirtualDirectory") != std::string::npos && cmd.rfind("Get-", 0) == 0)
        objects.push_back({{"Identity", "EX01\\v (Default Web Site)"}});
    else if (cmd.rfind("Get-", 0) != 0) org->writes++;
    std::string answer = json{{"schemaVersion", 1}, {"objects", objects}}.dump();
    return mailint_host_reply_set(reply, answer.c_str(), answer.size()) == MAILINT_OK ? 0 : 1;
}

std::string request_for(const std::string &domain, const std::string &ip = "192.168.0.10",
                        const std::string &range = "192.168.0.0-192.168.0.255") {
    return json{{"schemaVersion", 1},
                {"scenario", "exchange-onprem"},
                {"parameters",
                 {{"DomainName", domain},
                  {"CertPath", files().pfx.string()},
                  {"CertPassword", {{"$secret", "CertPassword"}}},
                  {"ServerIpAddress", ip},
                  {"InternalIpRange", range},
                  {"Server", "EX01"}}}}
        .dump();
}

struct session_guard {
    mailint_session *s = nullptr;
    memory_org org;
    session_guard() {
        std::string config = json{{"schemaVersion", 1}, {"journalDirectory", (files().dir / "journal").string()}}.dump();
        REQUIRE(mailint_session_new(&s, config.c_str(), config.size()) == MAILINT_OK);
        REQUIRE(mailint_session_set_secret(s, "CertPassword", reinterpret_cast<const unsigned char *>(kPassword.data()),
                                           kPassword.size()) == MAILINT_OK);
        REQUIRE(mailint_session_set_host(s, org_host, &org) == MAILINT_OK);
    }
    ~session_guard() { mailint_session_free(s); }
};

}  // namespace

TEST_CASE("mailint_error_last is never NULL and is cleared by a success", "[cabi]") {
    const mailint_error *e = mailint_error_last();
    REQUIRE(e != nullptr);
    mailint_session *s = nullptr;
    CHECK(mailint_session_new(nullptr, nullptr, 0) == MAILINT_E_MISUSE);
    CHECK(std::string(mailint_error_last()->id) == "abi.null_argument");
    CHECK(mailint_session_new(&s, nullptr, 0) == MAILINT_OK);
    CHECK(mailint_error_last()->code == MAILINT_OK);
    CHECK(std::string(mailint_error_last()->id).empty());
    mailint_session_free(s);
}

TEST_CASE("the last error is per thread", "[cabi]") {
    CHECK(mailint_session_new(nullptr, nullptr, 0) == MAILINT_E_MISUSE);
    int other_code = -999;
    std::thread t([&] { other_code = mailint_error_last()->code; });
    t.join();
    CHECK(other_code == MAILINT_OK);
    CHECK(mailint_error_last()->code == MAILINT_E_MISUSE);
}

TEST_CASE("misuse is reported, not crashed on", "[cabi]") {
    mailint_plan *plan = reinterpret_cast<mailint_plan *>(0x1);
    CHECK(mailint_plan_build(&plan, nullptr, "{}", 2) == MAILINT_E_MISUSE);
    CHECK(plan == nullptr);
    mailint_buf buf = MAILINT_BUF_INIT;
    CHECK(mailint_plan_render(nullptr, MAILINT_RENDER_JSON, &buf) == MAILINT_E_MISUSE);
    CHECK(mailint_plan_apply(nullptr, nullptr, 0, &buf) == MAILINT_E_MISUSE);
    CHECK(mailint_session_set_secret(nullptr, "x", nullptr, 0) == MAILINT_E_MISUSE);
    CHECK(mailint_host_reply_set(nullptr, "{}", 2) == MAILINT_E_MISUSE);
    CHECK(buf.ptr == nullptr);
}

TEST_CASE("documents are checked: JSON, schemaVersion, scenario", "[cabi]") {
    session_guard g;
    mailint_plan *plan = nullptr;
    CHECK(mailint_plan_build(&plan, g.s, "{\"schemaVersion\":", 0) == MAILINT_E_INVALID_ARGUMENT);
    CHECK(std::string(mailint_error_last()->id) == "request.json.malformed");
    CHECK(mailint_plan_build(&plan, g.s, "{\"schemaVersion\":2,\"scenario\":\"exchange-onprem\",\"parameters\":{}}", 0) ==
          MAILINT_E_VERSION);
    CHECK(mailint_plan_build(&plan, g.s, "{\"schemaVersion\":1,\"scenario\":\"nope\",\"parameters\":{}}", 0) ==
          MAILINT_E_UNSUPPORTED);
    CHECK(std::string(mailint_error_last()->id) == "request.scenario.unknown");
    CHECK(plan == nullptr);
    CHECK(g.org.calls == 0);
}

TEST_CASE("validation returns every finding and reads nothing", "[cabi]") {
    session_guard g;
    auto req = request_for("marketing.contoso.com", "fe80::1", "192.168.0.255-192.168.0.0");
    mailint_buf out = MAILINT_BUF_INIT;
    REQUIRE(mailint_request_validate(g.s, req.c_str(), req.size(), &out) == MAILINT_OK);
    auto doc = json::parse(std::string(out.ptr, out.size));
    mailint_buf_dispose(&out);
    std::vector<std::string> ids;
    for (const auto &d : doc["diagnostics"]) ids.push_back(d["id"]);
    CHECK(std::find(ids.begin(), ids.end(), "validation.domain.third_level") != ids.end());
    CHECK(std::find(ids.begin(), ids.end(), "validation.ipv4.malformed") != ids.end());
    CHECK(std::find(ids.begin(), ids.end(), "validation.ip_range.reversed") != ids.end());

    mailint_plan *plan = nullptr;
    CHECK(mailint_plan_build(&plan, g.s, req.c_str(), req.size()) == MAILINT_E_INVALID_ARGUMENT);
    auto detail = json::parse(mailint_error_last()->detail_json);
    CHECK(detail["diagnostics"].size() >= 3);
    CHECK(g.org.calls == 0);
}

TEST_CASE("a wrong certificate password is reported without the password", "[cabi]") {
    session_guard g;
    std::string wrong = "Wrong-Password-Value-123";
    REQUIRE(mailint_session_set_secret(g.s, "CertPassword", reinterpret_cast<const unsigned char *>(wrong.data()),
                                       wrong.size()) == MAILINT_OK);
    auto req = request_for("contoso.com");
    mailint_plan *plan = nullptr;
    CHECK(mailint_plan_build(&plan, g.s, req.c_str(), req.size()) == MAILINT_E_INVALID_ARGUMENT);
    std::string id = mailint_error_last()->id, msg = mailint_error_last()->message,
                detail = mailint_error_last()->detail_json;
    CHECK(id == "validation.certificate.bad_password");
    CHECK(msg.find(wrong) == std::string::npos);
    CHECK(detail.find(wrong) == std::string::npos);
    CHECK(g.org.calls == 0);
}

TEST_CASE("a plan never contains the secret; apply reports per step", "[cabi]") {
    session_guard g;
    auto req = request_for("contoso.com");
    mailint_plan *plan = nullptr;
    REQUIRE(mailint_plan_build(&plan, g.s, req.c_str(), req.size()) == MAILINT_OK);
    CHECK(g.org.writes == 0);
    mailint_buf out = MAILINT_BUF_INIT;
    REQUIRE(mailint_plan_render(plan, MAILINT_RENDER_JSON, &out) == MAILINT_OK);
    std::string text(out.ptr, out.size);
    mailint_buf_dispose(&out);
    CHECK(text.find(kPassword) == std::string::npos);
    auto doc = json::parse(text);
    CHECK(doc["schemaVersion"] == 1);
    std::vector<std::string> approved;
    for (const auto &s : doc["steps"])
        if (s["action"] != "noop") approved.push_back(s["id"]);
    // Approve only the first changing step: dependants of unapproved ones are blocked.
    std::string opts = json{{"schemaVersion", 1}, {"approvedSteps", {approved.front()}}}.dump();
    REQUIRE(mailint_plan_apply(plan, opts.c_str(), opts.size(), &out) == MAILINT_OK);
    auto result = json::parse(std::string(out.ptr, out.size));
    mailint_buf_dispose(&out);
    CHECK(g.org.writes == 1);
    CHECK(result["summary"]["changed"] == 1);
    CHECK(result["summary"]["skipped"].get<int>() >= 1);
    mailint_plan_free(plan);
}

TEST_CASE("a host that does not answer is an error, not a hang or a crash", "[cabi]") {
    session_guard g;
    g.org.never_reply = true;
    auto req = request_for("contoso.com");
    mailint_plan *plan = nullptr;
    CHECK(mailint_plan_build(&plan, g.s, req.c_str(), req.size()) == MAILINT_E_INTERNAL);
    CHECK(std::string(mailint_error_last()->id) == "transport.host.no_reply");
}

TEST_CASE("without a host callback the plan cannot read and says so", "[cabi]") {
    mailint_session *s = nullptr;
    REQUIRE(mailint_session_new(&s, nullptr, 0) == MAILINT_OK);
    REQUIRE(mailint_session_set_secret(s, "CertPassword", reinterpret_cast<const unsigned char *>(kPassword.data()),
                                       kPassword.size()) == MAILINT_OK);
    auto req = request_for("contoso.com");
    mailint_plan *plan = nullptr;
    CHECK(mailint_plan_build(&plan, s, req.c_str(), req.size()) == MAILINT_E_FAILED_PRECONDITION);
    CHECK(std::string(mailint_error_last()->id) == "transport.host.not_connected");
    mailint_session_free(s);
}

TEST_CASE("a second reply to one command is misuse", "[cabi]") {
    session_guard g;
    static int second_rc = 0;
    auto twice = [](const char *, size_t, mailint_host_reply *reply, void *) -> int {
        mailint_host_reply_set(reply, "{\"schemaVersion\":1,\"objects\":[]}", 0);
        second_rc = mailint_host_reply_set(reply, "{}", 0);
        return 0;
    };
    REQUIRE(mailint_session_set_host(g.s, twice, nullptr) == MAILINT_OK);
    auto req = request_for("contoso.com");
    mailint_plan *plan = nullptr;
    mailint_plan_build(&plan, g.s, req.c_str(), req.size());
    mailint_plan_free(plan);
    CHECK(second_rc == MAILINT_E_MISUSE);
}

TEST_CASE("progress reports the reads and can cancel", "[cabi]") {
    session_guard g;
    struct counter {
        int calls = 0;
        int stop_at = 0;
    } c;
    auto cb = [](const mailint_progress *info, void *payload) -> int {
        auto *k = static_cast<counter *>(payload);
        REQUIRE(info->version == 1);
        REQUIRE(info->activity != nullptr);
        ++k->calls;
        return k->stop_at && k->calls >= k->stop_at ? 1 : 0;
    };
    REQUIRE(mailint_session_set_progress(g.s, cb, &c) == MAILINT_OK);
    auto req = request_for("contoso.com");
    mailint_plan *plan = nullptr;
    REQUIRE(mailint_plan_build(&plan, g.s, req.c_str(), req.size()) == MAILINT_OK);
    CHECK(c.calls >= 10);  // one per listing
    mailint_plan_free(plan);
    c.calls = 0;
    c.stop_at = 3;
    plan = nullptr;
    CHECK(mailint_plan_build(&plan, g.s, req.c_str(), req.size()) == MAILINT_E_CANCELLED);
    CHECK(plan == nullptr);
}

TEST_CASE("sessions are independent across threads", "[cabi]") {
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back([&] {
            session_guard g;
            auto req = request_for("contoso.com");
            for (int round = 0; round < 5; ++round) {
                mailint_plan *plan = nullptr;
                if (mailint_plan_build(&plan, g.s, req.c_str(), req.size()) == MAILINT_OK) ok++;
                mailint_plan_free(plan);
            }
        });
    }
    for (auto &t : threads) t.join();
    CHECK(ok == 20);
}

TEST_CASE("crm-sss: the certificate checks through the C ABI, every finding, and no plan without a connection", "[cabi][crm]") {
    session_guard g;
    REQUIRE(mailint_session_set_secret(g.s, "PrivateKeyPassword", reinterpret_cast<const unsigned char *>(kPassword.data()),
                                       kPassword.size()) == MAILINT_OK);
    const auto validate = [&](json parameters) {
        std::string req = json{{"schemaVersion", 1}, {"scenario", "crm-sss"}, {"parameters", parameters}}.dump();
        mailint_buf out = MAILINT_BUF_INIT;
        REQUIRE(mailint_request_validate(g.s, req.c_str(), req.size(), &out) == MAILINT_OK);
        auto doc = json::parse(std::string(out.ptr, out.size));
        mailint_buf_dispose(&out);
        CHECK(doc.dump().find(kPassword) == std::string::npos);
        std::vector<std::string> ids;
        for (const auto &d : doc["diagnostics"])
            if (d["severity"] == "error") ids.push_back(d["id"]);
        return ids;
    };
    json good = {{"OrganizationName", "Contoso"},
                 {"PfxFilePath", files().pfx.string()},
                 {"PrivateKeyPassword", {{"$secret", "PrivateKeyPassword"}}},
                 {"AllowSelfSignedCertificate", true},
                 {"ServiceAccount", "CONTOSO\\CRMAsync"},
                 {"AllMailboxes", true}};
    CHECK(validate(good).empty());
    json self_signed = good;
    self_signed.erase("AllowSelfSignedCertificate");
    CHECK(validate(self_signed) == std::vector<std::string>{"crm.certificate.self_signed"});
    json several = good;
    several["OrganizationName"] = "";
    several["PrivateKeyPassword"] = {{"$secret", "NotHandedOver"}};
    several.erase("AllMailboxes");
    const auto ids = validate(several);
    CHECK(std::find(ids.begin(), ids.end(), "crm.organization.missing") != ids.end());
    CHECK(std::find(ids.begin(), ids.end(), "request.secret.missing") != ids.end());
    CHECK(std::find(ids.begin(), ids.end(), "crm.mailbox.selection_missing") != ids.end());

    std::string req = json{{"schemaVersion", 1}, {"scenario", "crm-sss"}, {"parameters", good}}.dump();
    mailint_plan *plan = nullptr;
    CHECK(mailint_plan_build(&plan, g.s, req.c_str(), req.size()) == MAILINT_E_FAILED_PRECONDITION);
    CHECK(std::string(mailint_error_last()->id) == "request.scenario.needs_connection");
    CHECK(plan == nullptr);
    CHECK(g.org.calls == 0);
}
