// mailint_exchange_invoke against the emulator's Exchange Online personality: requests are checked
// before anything is sent, one call returns every object, a batch answers per entry in order and
// reports progress on the calling thread.
#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator_harness.h"
#include "mailint.h"

using json = nlohmann::json;
using namespace cabitest;

namespace {

struct connected {
    mailint_session *s = nullptr;
    mailint_connection *c = nullptr;
    connected() {
        auto &emu = shared_emulator();
        REQUIRE(mailint_session_new(&s, nullptr, 0) == MAILINT_OK);
        std::string secret = kDemoSecret;
        REQUIRE(mailint_session_set_secret(s, "ClientSecret", reinterpret_cast<const unsigned char *>(secret.data()),
                                           secret.size()) == MAILINT_OK);
        std::string config = json{{"schemaVersion", 1}, {"tenantId", kDemoTenant}, {"clientId", kDemoClient},
                                  {"environment", "Custom"}, {"endpoint", emu.url()},
                                  {"auth", {{"kind", "clientSecret"}, {"secret", "ClientSecret"}}}}
                                 .dump();
        REQUIRE(mailint_connection_new(&c, s, config.c_str(), config.size()) == MAILINT_OK);
    }
    ~connected() {
        mailint_connection_free(c);
        mailint_session_free(s);
    }
    int invoke(const json &request, json &answer) {
        std::string text = request.dump();
        mailint_buf out = MAILINT_BUF_INIT;
        int rc = mailint_exchange_invoke(c, text.c_str(), text.size(), &out);
        answer = out.ptr ? json::parse(std::string(out.ptr, out.size)) : json();
        mailint_buf_dispose(&out);
        return rc;
    }
};

std::size_t exchange_requests(const json &log) {
    std::size_t n = 0;
    for (const auto &r : log)
        if (r["path"].get<std::string>().find("/adminapi/") != std::string::npos) ++n;
    return n;
}

}  // namespace

TEST_CASE("malformed Exchange requests are refused before anything is sent", "[cabi][exchange]") {
    shared_emulator().reset();
    connected k;
    json answer;
    struct bad {
        json request;
        int code;
        const char *id;
    } cases[] = {
        {{{"schemaVersion", 1}, {"name", "Get-Mailbox; whoami"}}, MAILINT_E_INVALID_ARGUMENT, "exchange.request.name.invalid"},
        {{{"schemaVersion", 1}, {"name", "Get-Mailbox"}, {"parameters", json::array()}}, MAILINT_E_INVALID_ARGUMENT,
         "exchange.request.parameters.invalid"},
        {{{"schemaVersion", 1}, {"name", "Set-Mailbox"}, {"parameters", json::object()}, {"batch", json::array()}},
         MAILINT_E_INVALID_ARGUMENT, "exchange.request.ambiguous"},
        {{{"schemaVersion", 1}, {"name", "Set-Mailbox"}, {"batch", {1, 2}}}, MAILINT_E_INVALID_ARGUMENT,
         "exchange.request.batch.invalid"},
        {{{"schemaVersion", 1}, {"name", "Get-Mailbox"}, {"pageSize", 0}}, MAILINT_E_INVALID_ARGUMENT,
         "exchange.request.page_size.invalid"},
        {{{"schemaVersion", 2}, {"name", "Get-Mailbox"}}, MAILINT_E_VERSION, "exchange.request.schema_version"},
    };
    for (const auto &b : cases) {
        INFO(b.request.dump());
        CHECK(k.invoke(b.request, answer) == b.code);
        CHECK(std::string(mailint_error_last()->id) == b.id);
        CHECK(answer.is_null());
    }
    CHECK(exchange_requests(shared_emulator().requests()) == 0);
}

TEST_CASE("one call returns every object; a terminating error keeps its exchange id", "[cabi][exchange]") {
    shared_emulator().reset();
    connected k;
    json answer;
    REQUIRE(k.invoke({{"schemaVersion", 1}, {"name", "Get-Mailbox"}, {"parameters", json::object()}, {"pageSize", 2}},
                     answer) == MAILINT_OK);
    CHECK(answer["schemaVersion"] == 1);
    CHECK(answer["objects"].size() == 5);  // the demo tenant's mailboxes, over three pages of two
    CHECK(answer["warnings"].is_array());
    CHECK(answer["errors"].is_array());
    CHECK(exchange_requests(shared_emulator().requests()) >= 3);

    CHECK(k.invoke({{"schemaVersion", 1}, {"name", "Get-Mailbox"}, {"parameters", {{"Identity", "nobody-here"}}}},
                   answer) == MAILINT_E_NOT_FOUND);
    CHECK(std::string(mailint_error_last()->id) == "exchange.object_not_found");
    CHECK(std::string(mailint_error_last()->message).find(kDemoSecret) == std::string::npos);
}

TEST_CASE("a batch answers per entry in order, with progress on the calling thread", "[cabi][exchange]") {
    shared_emulator().reset();
    connected k;
    struct seen {
        int calls = 0;
        int last_percent = -1;
        bool other_thread = false;
        std::thread::id caller = std::this_thread::get_id();
    } progress;
    auto cb = [](const mailint_progress *info, void *payload) -> int {
        auto *p = static_cast<seen *>(payload);
        p->calls++;
        p->last_percent = info->percent;
        if (std::this_thread::get_id() != p->caller) p->other_thread = true;
        return 0;
    };
    REQUIRE(mailint_session_set_progress(k.s, cb, &progress) == MAILINT_OK);
    json batch = json::array();
    for (const char *name : {"AdeleV", "AlexW", "nobody-here", "MeganB"})
        batch.push_back({{"Identity", name}, {"ForwardingSmtpAddress", std::string(name) + "@fabrikam.com"}});
    json answer;
    REQUIRE(k.invoke({{"schemaVersion", 1}, {"name", "Set-Mailbox"}, {"batch", batch}, {"maxConcurrency", 3}}, answer) ==
            MAILINT_OK);
    REQUIRE(answer["results"].size() == 4);
    CHECK(answer["results"][0].contains("objects"));
    CHECK(answer["results"][2]["error"]["id"] == "exchange.object_not_found");
    CHECK(answer["results"][2]["error"]["code"] == MAILINT_E_NOT_FOUND);
    CHECK(answer["results"][3].contains("objects"));
    CHECK(progress.calls == 4);
    CHECK(progress.last_percent == 100);
    CHECK_FALSE(progress.other_thread);

    auto state = shared_emulator().get("/control/state").json();
    for (const auto &m : state["exchangeOnline"][kDemoTenant]["mailboxes"]) {
        const std::string name = m["Name"];
        if (name == "AdeleV" || name == "AlexW" || name == "MeganB")
            CHECK(m["ForwardingSmtpAddress"] == "smtp:" + name + "@fabrikam.com");
    }
}

TEST_CASE("a progress callback that returns non-zero cancels a batch", "[cabi][exchange]") {
    shared_emulator().reset();
    connected k;
    auto stop = [](const mailint_progress *, void *) -> int { return 1; };
    REQUIRE(mailint_session_set_progress(k.s, stop, nullptr) == MAILINT_OK);
    json batch = json::array();
    for (int i = 0; i < 20; ++i) batch.push_back({{"Identity", "AdeleV"}, {"DeliverToMailboxAndForward", i % 2 == 0}});
    json answer;
    CHECK(k.invoke({{"schemaVersion", 1}, {"name", "Set-Mailbox"}, {"batch", batch}, {"maxConcurrency", 1}}, answer) ==
          MAILINT_E_CANCELLED);
    CHECK(exchange_requests(shared_emulator().requests()) < 20);
}
