#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "auth/token_cache.h"
#include "fake_http.h"

using namespace mailint;
using namespace mailint::auth;
using namespace std::chrono;

namespace {
access_token token(std::string v, system_clock::time_point exp) {
    access_token t;
    t.value = sensitive_text(std::move(v));
    t.expires_at = exp;
    return t;
}
}  // namespace

TEST_CASE("tokens are cached per tenant, client and resource and refreshed before expiry", "[auth][cache]") {
    test::fake_clock time;
    token_cache cache(time);
    int calls = 0;
    auto acquire = [&](const token_key &k) {
        ++calls;
        return token(k.resource + "#" + std::to_string(calls), time.now() + minutes(60));
    };
    token_key graph{"t1", "c1", "https://graph.microsoft.com"};
    token_key exo{"t1", "c1", "https://outlook.office365.com"};
    token_key other_tenant{"t2", "c1", "https://graph.microsoft.com"};

    auto a = cache.get(graph, acquire);
    CHECK(a->value.view() == "https://graph.microsoft.com#1");
    CHECK(cache.get(graph, acquire) == a);
    CHECK(cache.get(exo, acquire)->value.view() == "https://outlook.office365.com#2");
    CHECK(cache.get(other_tenant, acquire)->value.view() == "https://graph.microsoft.com#3");
    CHECK(calls == 3);

    time.advance(minutes(54));  // 6 minutes left: still used
    CHECK(cache.get(graph, acquire) == a);
    time.advance(minutes(2));  // 4 minutes left: refreshed
    auto b = cache.get(graph, acquire);
    CHECK(b != a);
    CHECK(calls == 4);
    CHECK(a->value.view() == "https://graph.microsoft.com#1");  // still alive for whoever holds it
}

TEST_CASE("the refresh margin is configurable", "[auth][cache]") {
    test::fake_clock time;
    token_cache cache(time, seconds(30));
    int calls = 0;
    auto acquire = [&](const token_key &) {
        ++calls;
        return token("t", time.now() + minutes(2));
    };
    token_key k{"t", "c", "r"};
    cache.get(k, acquire);
    time.advance(seconds(80));
    cache.get(k, acquire);
    CHECK(calls == 1);
    time.advance(seconds(15));
    cache.get(k, acquire);
    CHECK(calls == 2);
}

TEST_CASE("a 401 invalidates the refused token once; errors cache nothing", "[auth][cache]") {
    test::fake_clock time;
    token_cache cache(time);
    int calls = 0;
    auto acquire = [&](const token_key &) {
        ++calls;
        return token("t" + std::to_string(calls), time.now() + hours(1));
    };
    token_key k{"t", "c", "r"};
    auto first = cache.get(k, acquire);
    // Two requests failed with the same token: the second invalidate is a no-op.
    cache.invalidate(k, first);
    auto second = cache.get(k, acquire);
    cache.invalidate(k, first);
    CHECK(cache.get(k, acquire) == second);
    CHECK(calls == 2);

    cache.invalidate(k);
    CHECK_THROWS_AS(cache.get(k, [](const token_key &) -> access_token { throw error(errc::unauthenticated, "auth.x", "no"); }),
                    error);
    CHECK(cache.get(k, acquire)->value.view() == "t3");

    // A token without a known expiry (handed in) is kept until invalidated.
    token_key supplied{"t", "c", "s"};
    auto forever = [&](const token_key &) { return token("s", system_clock::time_point::max()); };
    auto s = cache.get(supplied, forever);
    time.advance(hours(1000));
    CHECK(cache.get(supplied, forever) == s);
}

TEST_CASE("concurrent requests for one key acquire once", "[auth][cache]") {
    token_cache cache;
    std::atomic<int> calls{0};
    auto acquire = [&](const token_key &) {
        ++calls;
        std::this_thread::sleep_for(milliseconds(50));
        return token("t", system_clock::now() + hours(1));
    };
    token_key k{"t", "c", "r"};
    std::vector<std::thread> threads;
    std::vector<token_cache::token_ptr> got(8);
    for (int i = 0; i < 8; ++i) threads.emplace_back([&, i] { got[i] = cache.get(k, acquire); });
    for (auto &t : threads) t.join();
    CHECK(calls == 1);
    for (auto &g : got) CHECK(g == got[0]);
}
