// End to end: exo_client over a cloud::connection (real token client, token cache, service
// channel, cpprest) against the emulator's Exchange Online personality (emulator/PROTOCOL.md
// "Exchange Online", "Traffic shaping", "Entra ID"). The emulator's state and request log are the
// ground truth, not the client's own answers.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "../http/emulator_process.h"
#include "cloud/connection.h"
#include "core/error.h"
#include "exchange_online/exo_client.h"
#include "http/cloud_environment.h"
#include "http/cpprest_client.h"
#include "secret/secret_store.h"

using namespace mailint;
using namespace mailint::exchange_online;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

// The built-in seed's tenant and demo app (PROTOCOL.md "Entra ID personality").
const std::string contoso = "11111111-2222-3333-4444-555555555555";
const std::string demo_app = "97e0a5b7-d745-40b6-94fe-5f77d35c6e05";
const std::string demo_secret = "demo-client-secret-not-for-production";

std::span<const unsigned char> bytes_of(std::string_view s) {
    return {reinterpret_cast<const unsigned char *>(s.data()), s.size()};
}

json call(http::client &c, const std::string &method, const std::string &url, const json &body = nullptr) {
    http::request r;
    r.method = method;
    r.url = url;
    if (!body.is_null()) {
        r.headers.set("Content-Type", "application/json");
        r.body = body.dump();
    }
    const auto answer = c.send(r);
    INFO(method << " " << url << " → " << answer.status << " " << answer.body.substr(0, 400));
    REQUIRE(answer.status >= 200);
    REQUIRE(answer.status < 300);
    return answer.body.empty() ? json() : json::parse(answer.body);
}

// One tenant's connection and client, as Connect-MailIntegration would make them.
struct tenant_session {
    secret_store secrets;
    cloud::connection connection;
    exo_client client;

    static cloud::connection_settings settings_for(const std::string &base, const std::string &tenant,
                                                   const std::string &client_id, cloud::retry_policy retry) {
        cloud::connection_settings s;
        s.app = {tenant, client_id};
        s.environment = http::custom_environment(base);
        s.credential = auth::client_secret_credential{"ClientSecret"};
        s.exchange.retry = retry;
        return s;
    }

    tenant_session(http::client &http, const std::string &base, const std::string &tenant, const std::string &client_id,
                   const std::string &secret, cloud::retry_policy retry = {})
        : secrets(make_secrets(secret)),
          connection(settings_for(base, tenant, client_id, retry), http, secrets),
          client(connection.exchange(), {connection.settings().environment.exchange_base, tenant, ""}) {}

    static secret_store make_secrets(const std::string &secret) {
        secret_store s;
        s.set("ClientSecret", bytes_of(secret));
        return s;
    }
};

// Short waits for the emulator (its time scale shrinks Retry-After too): every fault is still
// retried, just without the minutes a real tenant would ask for.
cloud::retry_policy quick_retries() {
    cloud::retry_policy p;
    p.max_attempts = 10;
    p.base_backoff = 20ms;
    p.max_backoff = 500ms;
    p.max_retry_after = 30s;
    return p;
}

std::vector<json> mailboxes_in_state(http::client &http, const std::string &base, const std::string &tenant) {
    const json state = call(http, "GET", base + "/control/state");
    const auto &tenants = state.at("exchangeOnline");
    REQUIRE(tenants.contains(tenant));
    return tenants.at(tenant).at("mailboxes").get<std::vector<json>>();
}

std::vector<json> exchange_log(http::client &http, const std::string &base) {
    std::vector<json> out;
    const json log = call(http, "GET", base + "/control/requests");  // kept: a range-for over a
    for (const auto &entry : log.at("requests"))                     // temporary's member dangles
        if (entry.value("path", "").find("/InvokeCommand") != std::string::npos) out.push_back(entry);
    return out;
}

}  // namespace

TEST_CASE("emulator: 2,500 mailboxes listed through paging, each exactly once", "[exchange_online][emulator]") {
    test::emulator_process emu;
    http::cpprest_client http;
    const json made = call(http, "POST", emu.url() + "/control/exchange-online/" + contoso + "/mailboxes/generate",
                           {{"count", 2500}, {"prefix", "pg"}});
    CHECK(made["created"] == 2500);
    const auto in_state = mailboxes_in_state(http, emu.url(), contoso);
    REQUIRE(in_state.size() >= 2500);
    call(http, "POST", emu.url() + "/control/counters/reset", json::object());

    tenant_session s(http, emu.url(), contoso, demo_app, demo_secret);
    const auto started = std::chrono::steady_clock::now();
    const auto r = s.client.invoke({"Get-Mailbox", {{"ResultSize", "Unlimited"}}}, {.page_size = 400});
    const auto elapsed = std::chrono::steady_clock::now() - started;

    std::set<std::string> names;
    std::size_t generated = 0;
    for (const auto &m : r.objects) {
        const auto name = m.at("Name").get<std::string>();
        CHECK(names.insert(name).second);  // no object twice
        if (name.starts_with("pg")) ++generated;
    }
    CHECK(generated == 2500);
    CHECK(r.objects.size() == in_state.size());  // and none left out
    const std::size_t expected_pages = (in_state.size() + 399) / 400;
    CHECK(r.pages == static_cast<int>(expected_pages));
    CHECK(r.errors.empty());

    // The wire: one POST per page, the later ones to the nextLink with the first one's body.
    const auto log = exchange_log(http, emu.url());
    REQUIRE(log.size() == expected_pages);
    for (const auto &entry : log) {
        CHECK(entry["method"] == "POST");
        CHECK(entry["cmdlet"] == "Get-Mailbox");
        CHECK(entry["status"] == 200);
    }
    CHECK(log[0]["path"].get<std::string>().find("skiptoken") == std::string::npos);

    // Without ResultSize the service stops at 1000 and says so; the warning reaches the caller.
    const auto capped = s.client.invoke({"Get-Mailbox", {}}, {.page_size = 1000});
    CHECK(capped.objects.size() == 1000);
    REQUIRE_FALSE(capped.warnings.empty());
    CHECK(capped.warnings.back().starts_with("There are more results available"));

    std::printf("[e2e paging] mailboxes=%zu pages=%d requests=%llu time=%lld ms\n", r.objects.size(), r.pages,
                static_cast<unsigned long long>(s.connection.exchange().stats().requests),
                static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()));
}

namespace {

// Sits between the connection and cpprest and notes, for Exchange Online requests, when each was
// handed to HTTP and when each answer asking for a pause (429/503 with Retry-After) came back:
// the client's side of "no request is sent while a Retry-After is pending".
class recording_client : public http::client {
public:
    explicit recording_client(http::client &inner) : inner_(inner) {}

    http::response send(const http::request &r) override {
        const bool exchange = r.url.find("/adminapi/") != std::string::npos;
        if (exchange) {
            std::lock_guard lock(mutex_);
            ++sent_;
        }
        auto answer = inner_.send(r);
        if (exchange && (answer.status == 429 || answer.status == 503) && answer.headers.contains("Retry-After")) {
            std::lock_guard lock(mutex_);
            pause_answers_.push_back(std::chrono::system_clock::now());
        }
        return answer;
    }
    std::size_t sent() {
        std::lock_guard lock(mutex_);
        return sent_;
    }
    std::vector<std::chrono::system_clock::time_point> pause_answers() {
        std::lock_guard lock(mutex_);
        return pause_answers_;
    }

private:
    http::client &inner_;
    std::mutex mutex_;
    std::size_t sent_ = 0;
    std::vector<std::chrono::system_clock::time_point> pause_answers_;
};

struct bulk_figures {
    std::size_t failed = 0, correct = 0, applied_once = 0, applied_twice = 0;
    long long during_retry_after = 0, injected_429 = 0, injected_503 = 0, emulator_requests = 0;
    std::size_t during_within_5ms = 0;  // of during_retry_after: arrived ≤ 5 ms after the 429 that opened the wait
    // The gate's own timeline: requests it let through, pauses it began, and admissions made
    // while a pause it had been told of was still in force (the client ignoring a Retry-After).
    std::size_t gate_admissions = 0, gate_pauses = 0, admitted_during_pause = 0;
    std::size_t http_sent = 0, logged_invokes = 0, pause_answers = 0;
    // From an answer asking for a pause reaching the HTTP seam to the gate pausing the transport.
    std::chrono::microseconds longest_learning{0};
    cloud::channel_stats channel;
    std::chrono::milliseconds elapsed{0};
};

// Acceptance (b): Set-Mailbox over 1,000 generated mailboxes through invoke_many, with 10% 429 and
// 10% 503 injected, the gate admitting `concurrency` requests at once. Everything the figures say
// comes from the emulator's state, request log and traffic statistics.
bulk_figures bulk_set_mailbox(int concurrency) {
    test::emulator_process emu;
    http::cpprest_client http;
    call(http, "POST", emu.url() + "/control/exchange-online/" + contoso + "/mailboxes/generate",
         {{"count", 1000}, {"prefix", "bulk"}});
    // Retry-After of 1 s virtual is 50 ms of wall time at this scale; latency 20 ms → 1 ms.
    call(http, "POST", emu.url() + "/control/traffic",
         {{"seed", 20240917},
          {"timeScale", 0.05},
          {"services",
           {{"exchangeOnline",
             {{"retryAfterSeconds", 1},
              {"latency", {{"distribution", "fixed"}, {"ms", 20}}},
              {"faults", {{"rate429", 0.1}, {"rate503", 0.1}}}}}}}});

    secret_store secrets = tenant_session::make_secrets(demo_secret);
    auto settings = tenant_session::settings_for(emu.url(), contoso, demo_app, quick_retries());
    settings.exchange.throttle.max_concurrency = concurrency;
    // Called under the gate's lock, so the vector needs no lock of its own while the run lasts.
    std::vector<cloud::gate_event> gate_events;
    settings.exchange.throttle.observer = [&](const cloud::gate_event &e) { gate_events.push_back(e); };
    recording_client recorder(http);
    cloud::connection connection(settings, recorder, secrets);
    exo_client client(connection.exchange(), {settings.environment.exchange_base, contoso, ""});
    connection.token_for(settings.environment.exchange_resource);  // sign in before the clock starts
    call(http, "POST", emu.url() + "/control/counters/reset", json::object());

    std::vector<command> commands;
    for (int i = 1; i <= 1000; ++i) {
        const std::string name = "bulk" + std::to_string(i);
        commands.push_back({"Set-Mailbox",
                            {{"Identity", name},
                             {"ForwardingSmtpAddress", name + "@fwd.contoso.example"},
                             {"DeliverToMailboxAndForward", true}}});
    }
    const auto caller = std::this_thread::get_id();
    std::size_t progress = 0;
    bool progress_on_caller = true;
    const auto started = std::chrono::steady_clock::now();
    const auto outcomes = client.invoke_many(commands, 8, {}, [&](std::size_t) {
        ++progress;
        progress_on_caller = progress_on_caller && std::this_thread::get_id() == caller;
    });
    bulk_figures f;
    f.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    f.channel = connection.exchange().stats();
    for (std::size_t i = 0; i < outcomes.size(); ++i)
        if (outcomes[i].failure && ++f.failed <= 3)
            WARN("command " << i << ": " << outcomes[i].failure->id() << " " << outcomes[i].failure->what());
    CHECK(progress == 1000);
    CHECK(progress_on_caller);

    // The emulator's state: every mailbox changed, as asked.
    std::map<std::string, json> by_name;
    for (const auto &m : mailboxes_in_state(http, emu.url(), contoso)) by_name[m.at("Name").get<std::string>()] = m;
    for (int i = 1; i <= 1000; ++i) {
        const std::string name = "bulk" + std::to_string(i);
        const auto &m = by_name.at(name);
        if (m.value("ForwardingSmtpAddress", json()) == "smtp:" + name + "@fwd.contoso.example" &&
            m.value("DeliverToMailboxAndForward", false))
            ++f.correct;
    }

    // The request log: each write applied (status 200) exactly once; refused attempts changed
    // nothing. And how long after the 429 that opened a wait each request refused as "during
    // Retry-After" arrived: within a few ms it had been sent before the 429 reached the client.
    std::map<std::string, int> applied;
    long long last_429_at = -1;
    for (const auto &entry : exchange_log(http, emu.url())) {
        const auto fault = entry.value("fault", std::string());
        const long long at = entry.value("atMs", 0LL);
        if (fault == "http429") last_429_at = at;
        if (fault == "duringRetryAfter" && last_429_at >= 0 && at - last_429_at <= 5) ++f.during_within_5ms;
        if (entry.value("cmdlet", json()) == "Set-Mailbox" && entry["status"] == 200)
            ++applied[entry["parameters"].value("Identity", std::string("?"))];
    }
    for (const auto &[identity, n] : applied) (n == 1 ? f.applied_once : f.applied_twice)++;
    f.logged_invokes = exchange_log(http, emu.url()).size();

    // The client's side: every request went through the gate, and the gate let none through while
    // a pause it knew of was in force.
    f.http_sent = recorder.sent();
    const auto answers = recorder.pause_answers();
    f.pause_answers = answers.size();
    std::chrono::system_clock::time_point paused_until{};
    std::vector<std::chrono::system_clock::time_point> pauses_at;
    for (const auto &e : gate_events) {
        if (e.what == cloud::gate_event::kind::paused) {
            ++f.gate_pauses;
            pauses_at.push_back(e.at);
            paused_until = std::max(paused_until, e.until);
        } else {
            ++f.gate_admissions;
            if (e.at < paused_until) ++f.admitted_during_pause;
        }
    }
    // Each answer's pause is the first one the gate began at or after the answer arrived.
    for (const auto &answered : answers) {
        const auto next = std::lower_bound(pauses_at.begin(), pauses_at.end(), answered);
        if (next != pauses_at.end())
            f.longest_learning =
                std::max(f.longest_learning, std::chrono::duration_cast<std::chrono::microseconds>(*next - answered));
    }

    const json stats = call(http, "GET", emu.url() + "/control/traffic/stats");
    const json &total = stats.at("total");
    f.during_retry_after = total.at("requestsDuringRetryAfter").get<long long>();
    f.injected_429 = total.at("faults").at("http429").get<long long>();
    f.injected_503 = total.at("faults").at("http503").get<long long>();
    f.emulator_requests = total.at("requests").get<long long>();

    std::printf("[e2e bulk, %d at once] commands=1000 failed=%zu correct=%zu appliedOnce=%zu requests=%llu "
                "retries=%llu throttled=%llu paused=%lld ms limitNow=%d peak=%d | emulator: requests=%lld "
                "429=%lld 503=%lld requestsDuringRetryAfter=%lld (within 5 ms of their 429: %zu) | gate: admissions=%zu "
                "httpSent=%zu logged=%zu pauses=%zu pauseAnswers=%zu admittedDuringPause=%zu longestLearning=%lld us "
                "| time=%lld ms\n",
                concurrency, f.failed, f.correct, f.applied_once, static_cast<unsigned long long>(f.channel.requests),
                static_cast<unsigned long long>(f.channel.retries), static_cast<unsigned long long>(f.channel.gate.throttled),
                static_cast<long long>(f.channel.gate.paused_total.count()), f.channel.gate.limit,
                f.channel.gate.peak_in_flight, f.emulator_requests, f.injected_429, f.injected_503,
                f.during_retry_after, f.during_within_5ms, f.gate_admissions, f.http_sent, f.logged_invokes,
                f.gate_pauses, f.pause_answers, f.admitted_during_pause,
                static_cast<long long>(f.longest_learning.count()), static_cast<long long>(f.elapsed.count()));
    return f;
}

}  // namespace

TEST_CASE("emulator: bulk Set-Mailbox over 1,000 mailboxes with 20% injected 429/503, one request at a time",
          "[exchange_online][emulator]") {
    // With one request in flight every request is sent after the answer before it was read, so
    // any request reaching the service during a Retry-After would be the client ignoring it.
    const auto f = bulk_set_mailbox(1);
    CHECK(f.failed == 0);
    CHECK(f.correct == 1000);
    CHECK(f.applied_once == 1000);
    CHECK(f.applied_twice == 0);
    CHECK(f.during_retry_after == 0);
    CHECK(f.admitted_during_pause == 0);
    CHECK(f.http_sent == f.gate_admissions);
    CHECK(f.logged_invokes == f.gate_admissions);
    CHECK(f.injected_429 > 0);
    CHECK(f.injected_503 > 0);
    CHECK(f.channel.retries >= static_cast<std::uint64_t>(f.injected_429 + f.injected_503));
    CHECK(f.elapsed < 30s);
}

TEST_CASE("emulator: bulk Set-Mailbox over 1,000 mailboxes with 20% injected 429/503, three at once",
          "[exchange_online][emulator]") {
    const auto f = bulk_set_mailbox(3);
    CHECK(f.failed == 0);
    CHECK(f.correct == 1000);
    CHECK(f.applied_once == 1000);
    CHECK(f.applied_twice == 0);
    CHECK(f.injected_429 > 0);
    CHECK(f.elapsed < 30s);
    // With three in flight, the requests already on their way when one of them is answered 429
    // reach the service inside the wait it just started: the service counts them, the client could
    // not have known. They arrive within milliseconds of that 429; a client that ignored the pause
    // would keep sending through each 50 ms wait (hundreds of requests per second here).
    CHECK(f.during_retry_after <= 2 * f.injected_429);
    CHECK(f.during_within_5ms * 4 >= static_cast<std::size_t>(f.during_retry_after) * 3);
    // The client's side, exactly: every request that reached HTTP (and the emulator's log) was let
    // through by the gate, every answer asking for a pause paused the gate, and the gate let no
    // request through while a pause it had been told of was in force. What the service counted
    // above were requests the gate had let through before the 429 that started the wait came back.
    CHECK(f.http_sent == f.gate_admissions);
    CHECK(f.logged_invokes == f.gate_admissions);
    CHECK(f.gate_pauses >= f.pause_answers);
    CHECK(f.pause_answers >= static_cast<std::size_t>(f.injected_429));
    CHECK(f.admitted_during_pause == 0);
}

TEST_CASE("emulator: two tenants from two threads change only their own", "[exchange_online][emulator]") {
    test::emulator_process emu;
    http::cpprest_client http;
    const std::string fabrikam = "22222222-3333-4444-5555-666666666666";
    const std::string fabrikam_app = "5d1c7c3e-7f0a-4d5e-9b8a-0c2f3e4d5a6b";
    const std::string fabrikam_secret = "fabrikam-e2e-secret-value";
    call(http, "POST", emu.url() + "/control/entra/apps",
         {{"tenantId", fabrikam},
          {"tenantDisplayName", "Fabrikam"},
          {"domains", {"fabrikam.onmicrosoft.com"}},
          {"clientId", fabrikam_app},
          {"displayName", "Fabrikam automation"},
          {"secrets", {fabrikam_secret}},
          {"roles", {{"https://outlook.office365.com", {"Exchange.ManageAsApp"}}}}});
    // The same names in both tenants: a request that reached the wrong tenant would show.
    for (const auto &t : {contoso, fabrikam})
        call(http, "POST", emu.url() + "/control/exchange-online/" + t + "/mailboxes/generate",
             {{"count", 60}, {"prefix", "shared"}});
    call(http, "POST", emu.url() + "/control/counters/reset", json::object());

    tenant_session one(http, emu.url(), contoso, demo_app, demo_secret, quick_retries());
    tenant_session two(http, emu.url(), fabrikam, fabrikam_app, fabrikam_secret, quick_retries());

    const auto run = [](tenant_session &s, std::string tag, std::vector<exo_client::outcome> &out, std::size_t &listed) {
        std::vector<command> commands;
        for (int i = 1; i <= 60; ++i)
            commands.push_back({"Set-Mailbox",
                                {{"Identity", "shared" + std::to_string(i)},
                                 {"ForwardingSmtpAddress", "shared" + std::to_string(i) + "@" + tag + ".example"}}});
        out = s.client.invoke_many(commands, 4);
        listed = s.client.invoke({"Get-Mailbox", {{"ResultSize", "Unlimited"}}}, {.page_size = 25}).objects.size();
    };
    std::vector<exo_client::outcome> out_one, out_two;
    std::size_t listed_one = 0, listed_two = 0;
    std::exception_ptr failure_one, failure_two;
    std::thread a([&] {
        try {
            run(one, "contoso", out_one, listed_one);
        } catch (...) {
            failure_one = std::current_exception();
        }
    });
    std::thread b([&] {
        try {
            run(two, "fabrikam", out_two, listed_two);
        } catch (...) {
            failure_two = std::current_exception();
        }
    });
    a.join();
    b.join();
    REQUIRE_FALSE(failure_one);
    REQUIRE_FALSE(failure_two);
    for (const auto *outs : {&out_one, &out_two})
        for (const auto &o : *outs) CHECK_FALSE(o.failure);

    for (const auto &[tenant, tag] : {std::pair{contoso, std::string("contoso")}, std::pair{fabrikam, std::string("fabrikam")}}) {
        std::size_t shared = 0;
        for (const auto &m : mailboxes_in_state(http, emu.url(), tenant)) {
            const auto name = m.at("Name").get<std::string>();
            if (!name.starts_with("shared")) continue;
            ++shared;
            CHECK(m.value("ForwardingSmtpAddress", json()) == "smtp:" + name + "@" + tag + ".example");
        }
        CHECK(shared == 60);
    }
    CHECK(listed_one == mailboxes_in_state(http, emu.url(), contoso).size());
    CHECK(listed_two == mailboxes_in_state(http, emu.url(), fabrikam).size());

    // Each tenant's log entries are its own writes: 60 applied Set-Mailbox each.
    std::map<std::string, int> writes_by_tenant;
    for (const auto &entry : exchange_log(http, emu.url()))
        if (entry.value("cmdlet", json()) == "Set-Mailbox" && entry["status"] == 200)
            ++writes_by_tenant[entry.value("tenant", std::string("?"))];
    CHECK(writes_by_tenant[contoso] == 60);
    CHECK(writes_by_tenant[fabrikam] == 60);
    CHECK(writes_by_tenant.size() == 2);

    // A connection's token is good for its own tenant only.
    exo_client wrong(one.connection.exchange(), {one.connection.settings().environment.exchange_base, fabrikam, ""});
    try {
        wrong.invoke({"Get-Mailbox", {{"Identity", "shared1"}}});
        FAIL("a contoso token was accepted for fabrikam");
    } catch (const error &e) {
        CHECK(e.id() == "exchange.unauthenticated");
        CHECK(std::string(e.what()).find("eyJ") == std::string::npos);  // no token in the message
        CHECK(e.detail().dump().find("eyJ") == std::string::npos);
    }
}

TEST_CASE("emulator: errors of the real service shape map to exchange.* ids", "[exchange_online][emulator]") {
    test::emulator_process emu;
    http::cpprest_client http;
    tenant_session s(http, emu.url(), contoso, demo_app, demo_secret, quick_retries());
    const auto id_of = [&](const command &c) -> std::string {
        try {
            s.client.invoke(c);
        } catch (const error &e) {
            CHECK(std::string(e.what()).find("eyJ") == std::string::npos);
            CHECK(e.detail().dump().find("eyJ") == std::string::npos);
            return e.id();
        }
        return "ok";
    };
    CHECK(id_of({"Get-Mailbox", {{"Identity", "nobody-here"}}}) == "exchange.object_not_found");
    CHECK(id_of({"Get-Mailbox", {{"Bogus", 1}}}) == "exchange.parameter_invalid");
    CHECK(id_of({"Get-Mailbox", {{"ResultSize", "lots"}}}) == "exchange.parameter_invalid");
    CHECK(id_of({"Get-NoSuchThing", {}}) == "exchange.permission_denied");
    CHECK(id_of({"Get-Mailbox", {{"ResultSize", 1}}}) == "ok");
}
