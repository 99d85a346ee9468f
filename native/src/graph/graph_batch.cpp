#include "graph/graph_batch.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <numeric>
#include <queue>

#include "graph/graph_error.h"
#include "graph/json_wipe.h"
#include "http/http_client.h"
#include "http/retry_after.h"

namespace mailint::graph {

namespace {

using std::chrono::milliseconds;

[[noreturn]] void invalid(const std::string &message, nlohmann::json detail = nlohmann::json::object()) {
    throw error(errc::invalid_argument, "graph.batch.invalid", "Microsoft Graph batch: " + message, std::move(detail));
}

std::string relative_url(const std::string &url) {
    constexpr std::string_view version = "/v1.0/";
    if (url.rfind(version, 0) == 0) return url.substr(version.size() - 1);
    return url;
}

const nlohmann::json *header_ci(const nlohmann::json &headers, std::string_view name) {
    if (!headers.is_object()) return nullptr;
    for (auto it = headers.begin(); it != headers.end(); ++it)
        if (http::equals_ignore_case(it.key(), name)) return &*it;
    return nullptr;
}

std::string header_text(const nlohmann::json &headers, std::string_view name) {
    const auto *value = header_ci(headers, name);
    if (!value) return {};
    return value->is_string() ? value->get<std::string>() : value->dump();
}

mailint::error redacted(const mailint::error &e, const secret_store *secrets) {
    if (!secrets) return e;
    auto detail = nlohmann::json::parse(secrets->redact(e.detail().dump()), nullptr, false);
    if (detail.is_discarded()) detail = nlohmann::json::object();
    return mailint::error(e.code(), e.id(), secrets->redact(e.what()), std::move(detail));
}

// Union-find over dependsOn: the requests that must share an envelope.
struct groups {
    std::vector<std::size_t> parent;
    explicit groups(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), std::size_t{0}); }
    std::size_t find(std::size_t i) {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    }
    void join(std::size_t a, std::size_t b) { parent[find(a)] = find(b); }
};

enum class outcome { pending, succeeded, failed, retry };

}  // namespace

batch_request::~batch_request() {
    if (body) wipe_json(*body);
}

std::vector<batch_result> run_batch(graph_client &client, const std::vector<batch_request> &requests,
                                    const batch_options &options) {
    const std::size_t n = requests.size();
    std::vector<batch_result> results(n);
    if (n == 0) return results;

    const auto &policy = client.channel().policy();
    const int per_envelope = std::clamp(options.max_per_batch, 1, 20);
    const int max_attempts = options.max_attempts > 0 ? options.max_attempts : std::max(1, policy.max_attempts);

    // Ids, dependencies, and an order in which every dependency comes before its dependents
    // (smallest caller position first, so the caller's order is kept where it can be).
    std::map<std::string, std::size_t> by_id;
    for (std::size_t i = 0; i < n; ++i) {
        results[i].id = requests[i].id.empty() ? std::to_string(i + 1) : requests[i].id;
        if (!by_id.emplace(results[i].id, i).second)
            invalid("the id \"" + results[i].id + "\" is used by two requests.", {{"id", results[i].id}});
        if (requests[i].url.empty() || requests[i].url.front() != '/')
            invalid("request \"" + results[i].id + "\" has no relative URL.", {{"id", results[i].id}});
    }
    std::vector<std::vector<std::size_t>> deps(n), dependents(n);
    groups together(n);
    for (std::size_t i = 0; i < n; ++i) {
        for (const auto &d : requests[i].depends_on) {
            auto it = by_id.find(d);
            if (it == by_id.end() || it->second == i)
                invalid("request \"" + results[i].id + "\" depends on \"" + d + "\", which is not another request of the batch.",
                        {{"id", results[i].id}, {"dependsOn", d}});
            deps[i].push_back(it->second);
            dependents[it->second].push_back(i);
            together.join(i, it->second);
        }
    }
    std::vector<std::size_t> order;
    {
        std::vector<std::size_t> waiting(n);
        std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
        for (std::size_t i = 0; i < n; ++i)
            if ((waiting[i] = deps[i].size()) == 0) ready.push(i);
        while (!ready.empty()) {
            auto i = ready.top();
            ready.pop();
            order.push_back(i);
            for (auto d : dependents[i])
                if (--waiting[d] == 0) ready.push(d);
        }
        if (order.size() != n) invalid("the dependsOn links form a cycle.");
    }
    {
        std::map<std::size_t, int> sizes;
        for (std::size_t i = 0; i < n; ++i)
            if (++sizes[together.find(i)] > per_envelope)
                invalid("more than " + std::to_string(per_envelope) +
                        " requests are linked by dependsOn; Graph runs a dependency chain only inside one batch.");
    }

    const bool all_reads = std::all_of(requests.begin(), requests.end(),
                                       [](const batch_request &r) { return http::equals_ignore_case(r.method, "GET"); });
    const std::string batch_url = client.base() + "/v1.0/$batch";
    request_options envelope_options;
    envelope_options.cancelled = options.cancelled;

    std::vector<outcome> state(n, outcome::pending);
    std::vector<int> deferrals(n, 0);  // 424 re-sends, bounded like attempts
    std::vector<std::size_t> pending = order;

    auto fail = [&](std::size_t i, const mailint::error &e) {
        results[i].failure = redacted(e, options.secrets);
        state[i] = outcome::failed;
    };
    auto item_error = [&](std::size_t i) {
        const auto &r = results[i];
        std::optional<graph_error_body> body;
        if (r.body) body = parse_graph_error(*r.body);
        return graph_error(r.status, body, header_text(r.headers, "request-id"), requests[i].method,
                           "/v1.0" + relative_url(requests[i].url));
    };
    auto dependency_failed = [&](std::size_t i, std::size_t dep) {
        return mailint::error(errc::failed_precondition, "graph.dependency_failed",
                              "Microsoft Graph did not run request \"" + results[i].id + "\" because request \"" +
                                  results[dep].id + "\" it depends on failed.",
                              {{"status", 424}, {"id", results[i].id}, {"dependsOn", results[dep].id},
                               {"method", requests[i].method}, {"path", "/v1.0" + relative_url(requests[i].url)}});
    };

    for (int round = 1; !pending.empty(); ++round) {
        if (options.cancelled && options.cancelled->load())
            throw error(errc::cancelled, "transport.cancelled", "The operation was cancelled; requests already sent completed.");

        // Envelopes: whole dependency groups, in the order their first member comes.
        std::vector<std::vector<std::size_t>> envelopes;
        {
            std::map<std::size_t, std::vector<std::size_t>> members;
            std::vector<std::size_t> group_order;
            for (auto i : pending) {
                auto g = together.find(i);
                auto &m = members[g];
                if (m.empty()) group_order.push_back(g);
                m.push_back(i);
            }
            for (auto g : group_order) {
                auto &m = members[g];
                if (envelopes.empty() || envelopes.back().size() + m.size() > static_cast<std::size_t>(per_envelope))
                    envelopes.emplace_back();
                envelopes.back().insert(envelopes.back().end(), m.begin(), m.end());
            }
        }
        for (auto i : pending) state[i] = outcome::pending;

        std::vector<std::size_t> answered_424;

        for (const auto &envelope : envelopes) {
            nlohmann::json items = nlohmann::json::array();
            for (auto i : envelope) {
                const auto &r = requests[i];
                nlohmann::json item = {{"id", results[i].id}, {"method", r.method}, {"url", relative_url(r.url)}};
                nlohmann::json headers = nlohmann::json::object();
                for (const auto &[name, value] : r.headers) headers[name] = value;
                if (r.body) {
                    if (!header_ci(headers, "Content-Type")) headers["Content-Type"] = "application/json";
                    item["body"] = *r.body;
                }
                if (!headers.empty()) item["headers"] = std::move(headers);
                nlohmann::json depends = nlohmann::json::array();
                for (auto d : deps[i])
                    if (state[d] != outcome::succeeded) depends.push_back(results[d].id);  // done ones need no wait
                if (!depends.empty()) item["dependsOn"] = std::move(depends);
                items.push_back(std::move(item));
            }
            nlohmann::json document = {{"requests", std::move(items)}};
            std::string text = document.dump();
            wipe_json(document);

            http::response answer;
            try {
                answer = client.send("POST", batch_url, std::move(text), envelope_options, all_reads);
            } catch (const mailint::error &e) {
                if (e.code() == errc::cancelled) throw;
                // The envelope itself failed (after the channel's retries): so did every item in it.
                for (auto i : envelope) fail(i, e);
                continue;
            }
            std::map<std::string, const nlohmann::json *> by_response_id;
            std::optional<nlohmann::json> parsed;
            try {
                parsed = parse_body(answer, "POST", "/v1.0/$batch");
            } catch (const mailint::error &e) {
                for (auto i : envelope) fail(i, e);  // unreadable: each item may or may not have run
                continue;
            }
            const nlohmann::json *responses = nullptr;
            if (parsed && parsed->is_object() && parsed->contains("responses") && (*parsed)["responses"].is_array())
                responses = &(*parsed)["responses"];
            if (responses)
                for (const auto &r : *responses)
                    if (r.is_object() && r.contains("id")) {
                        const auto &rid = r["id"];
                        by_response_id[rid.is_string() ? rid.get<std::string>() : rid.dump()] = &r;
                    }

            std::optional<milliseconds> longest_wait;  // of this envelope's throttled items
            bool throttled = false;
            std::vector<std::size_t> to_retry;
            for (auto i : envelope) {
                auto found = by_response_id.find(results[i].id);
                if (found == by_response_id.end()) {
                    fail(i, mailint::error(errc::unavailable, "graph.batch.no_response",
                                           "Microsoft Graph's batch answer has no response for request \"" +
                                               results[i].id + "\"; it may or may not have run.",
                                           {{"id", results[i].id}, {"method", requests[i].method},
                                            {"path", "/v1.0" + relative_url(requests[i].url)}}));
                    continue;
                }
                const auto &r = *found->second;
                auto &out = results[i];
                out.status = r.contains("status") && r["status"].is_number_integer() ? r["status"].get<int>() : 0;
                out.headers = r.contains("headers") && r["headers"].is_object() ? r["headers"] : nlohmann::json::object();
                out.body = r.contains("body") && !r["body"].is_null() ? std::optional<nlohmann::json>(r["body"]) : std::nullopt;
                if (out.status == 424) {  // not run: decided once every item of the round is known
                    answered_424.push_back(i);
                    continue;
                }
                ++out.attempts;
                if (out.status >= 200 && out.status <= 299) {
                    out.failure.reset();
                    state[i] = outcome::succeeded;
                } else if (cloud::retryable_status(out.status)) {
                    const auto asked = http::parse_retry_after(header_text(out.headers, "Retry-After"));
                    if (asked && (!longest_wait || *asked > *longest_wait)) longest_wait = asked;
                    if (out.status == 429 || (out.status == 503 && asked)) throttled = true;
                    if (out.attempts < max_attempts) {
                        state[i] = outcome::retry;
                        to_retry.push_back(i);
                    } else {
                        fail(i, item_error(i));
                    }
                } else {
                    fail(i, item_error(i));
                }
            }
            if (longest_wait && *longest_wait > policy.max_retry_after) {
                // A wait this long is not worth parking the run for: report the items instead.
                for (auto i : to_retry) fail(i, item_error(i));
                continue;
            }
            if (!throttled && to_retry.empty()) continue;
            // The pause starts now, before the next envelope: sending more while Graph throttles
            // only earns more 429s (and extends the penalty). It goes through the gate, so every
            // Graph request of the connection waits, not only these items — also when these items
            // have used up their attempts, as the service channel does for single requests.
            auto &gate = client.channel().gate();
            if (throttled) gate.on_throttled();
            gate.pause_for(longest_wait.value_or(policy.backoff(round)));
        }

        // A 424 goes again with its dependency if that is retried (or succeeded after all),
        // and fails for good when the dependency did.
        for (bool changed = true; changed;) {
            changed = false;
            for (auto i : answered_424) {
                if (state[i] != outcome::pending) continue;
                std::optional<std::size_t> failed_dep;
                bool undecided = false;
                for (auto d : deps[i]) {
                    if (state[d] == outcome::failed) failed_dep = d;
                    else if (state[d] == outcome::pending) undecided = true;
                }
                if (failed_dep) {
                    fail(i, dependency_failed(i, *failed_dep));
                } else if (!undecided) {
                    if (++deferrals[i] > max_attempts) {
                        fail(i, item_error(i));
                    } else {
                        state[i] = outcome::retry;
                    }
                } else {
                    continue;
                }
                changed = true;
            }
        }
        for (auto i : answered_424)
            if (state[i] == outcome::pending) fail(i, item_error(i));  // Graph named no dependency we sent

        std::vector<std::size_t> again;
        for (auto i : order)
            if (state[i] == outcome::retry) again.push_back(i);
        if (again.empty()) break;
        pending = std::move(again);
    }
    return results;
}

}  // namespace mailint::graph
