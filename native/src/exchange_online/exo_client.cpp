#include "exchange_online/exo_client.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "cloud/bounded_parallel.h"
#include "core/random_id.h"
#include "exchange_online/cmdlet_traits.h"
#include "exchange_online/exo_error.h"
#include "exchange_online/next_link.h"
#include "exchange_online/parameter_encoding.h"

namespace mailint::exchange_online {

namespace {

using nlohmann::json;

// The mailbox ExchangeOnlineManagement and the app-only callers route organization-level
// cmdlets through (§1.3).
constexpr std::string_view system_mailbox = "APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@";

// A random (version 4) GUID in its usual text form, for client-request-id.
std::string new_guid() {
    std::string hex = random_id();
    hex[12] = '4';
    hex[16] = "89ab"[std::stoi(hex.substr(16, 1), nullptr, 16) & 3];
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
           hex.substr(20);
}

bool header_safe(std::string_view s) {
    return std::none_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

bool is_cancelled(const std::atomic<bool> *flag) { return flag && flag->load(std::memory_order_relaxed); }

[[noreturn]] void throw_cancelled() {
    throw error(errc::cancelled, "transport.cancelled", "The operation was cancelled.");
}

// Waits on the client's clock (so tests do not wait), looking at the cancel flag between slices.
void wait_for(const auth::clock &clock, std::chrono::milliseconds wait, const std::atomic<bool> *cancelled) {
    constexpr std::chrono::milliseconds slice{100};
    while (wait.count() > 0) {
        if (is_cancelled(cancelled)) throw_cancelled();
        const auto step = std::min(wait, slice);
        clock.sleep_for(step);
        wait -= step;
    }
}

error invalid_response(const std::string &cmdlet, const http::response &answer, const std::string &request_id,
                       const std::string &why) {
    return error(errc::unavailable, "exchange.response_invalid",
                 "Exchange Online answered " + cmdlet + " with " + why + ".",
                 {{"cmdlet", cmdlet},
                  {"status", answer.status},
                  {"requestId", answer.headers.find("request-id").value_or("")},
                  {"clientRequestId", request_id}});
}

// One page of the §1.5 envelope into the result. Returns the raw @odata.nextLink, empty at the end.
std::string read_page(const std::string &cmdlet, const http::response &answer, const std::string &request_id,
                      command_result &result) {
    if (answer.body.empty()) return {};  // 204 or an empty 200: a Set-* with nothing to return
    const json page = json::parse(answer.body, nullptr, false);
    if (!page.is_object()) throw invalid_response(cmdlet, answer, request_id, "a body that is not a JSON object");

    if (const auto value = page.find("value"); value != page.end() && !value->is_null()) {
        if (value->is_array())
            for (const auto &object : *value) result.objects.push_back(object);
        else
            result.objects.push_back(*value);
    }
    // Every page's warnings are kept, the "There are more results available … increase the value
    // for the ResultSize parameter." one included. The module drops that one because it pages
    // past the service's cap itself; here the caller chose ResultSize, and when it capped the
    // list the warning is the only sign that objects were left out.
    if (const auto warnings = page.find("@adminapi.warnings"); warnings != page.end() && warnings->is_array())
        for (const auto &w : *warnings) result.warnings.push_back(w.is_string() ? w.get<std::string>() : w.dump());
    if (const auto errors = page.find("@adminapi.errors"); errors != page.end() && errors->is_array())
        for (const auto &e : *errors) result.errors.push_back(e);

    const auto next = page.find("@odata.nextLink");
    if (next == page.end() || next->is_null()) return {};
    if (!next->is_string()) throw invalid_response(cmdlet, answer, request_id, "an @odata.nextLink that is not a string");
    return next->get<std::string>();
}

}  // namespace

exo_client::exo_client(cloud::service_channel &channel, exo_endpoint endpoint, const auth::clock &time)
    : channel_(channel), endpoint_(std::move(endpoint)), clock_(time) {
    while (!endpoint_.base.empty() && endpoint_.base.back() == '/') endpoint_.base.pop_back();
    const bool base_ok = (endpoint_.base.starts_with("https://") || endpoint_.base.starts_with("http://")) &&
                         endpoint_.base.find_first_of("?# ") == std::string::npos && header_safe(endpoint_.base);
    // The tenant becomes a path segment and part of the anchor header: a GUID or a domain name.
    const bool tenant_ok =
        !endpoint_.tenant.empty() && endpoint_.tenant.size() <= 253 &&
        std::all_of(endpoint_.tenant.begin(), endpoint_.tenant.end(),
                    [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.'; });
    if (!base_ok || !tenant_ok || !header_safe(endpoint_.anchor))
        throw error(errc::invalid_argument, "exchange.endpoint.invalid",
                    "The Exchange Online endpoint needs an http(s) base URL, a tenant id or domain, and an anchor "
                    "without control characters.",
                    {{"base", endpoint_.base}, {"tenant", endpoint_.tenant}});
    if (endpoint_.anchor.empty()) endpoint_.anchor = std::string(system_mailbox) + endpoint_.tenant;
}

command_result exo_client::invoke(const command &c, const invoke_options &options) {
    const std::string body = cmdlet_input(c.name, c.parameters).dump();  // validates the name too
    const int page_size = std::clamp(options.page_size, 1, 1000);
    const bool idempotent = is_idempotent(c.name);
    // One id for every page and every retry of this invocation (§1.3), so the service's logs
    // tie them together.
    const std::string request_id = new_guid();
    const error_context context{c.name, request_id, idempotent};

    cloud::call_options call;
    call.idempotent = idempotent;
    call.transient = is_transient_answer;
    call.cancelled = options.cancelled;

    const auto make_request = [&](const std::string &url) {
        http::request r;
        r.method = "POST";  // every page too: the nextLink is POSTed with the same body (§1.6)
        r.url = url;
        r.headers.set("Content-Type", "application/json");
        r.headers.set("Accept", "application/json");
        r.headers.set("X-ResponseFormat", "json");
        r.headers.set("X-CmdletName", c.name);
        r.headers.set("X-AnchorMailbox", endpoint_.anchor);
        r.headers.set("Prefer", "odata.maxpagesize=" + std::to_string(page_size));
        r.headers.set("client-request-id", request_id);
        r.body = body;
        r.timeout = cmdlet_timeout(c.name);
        return r;
    };

    command_result result;
    std::string url = endpoint_.base + "/adminapi/beta/" + endpoint_.tenant + "/InvokeCommand";
    std::set<std::string> followed;
    const auto grace_ends = clock_.now() + options.not_found_grace;
    for (;;) {
        if (is_cancelled(options.cancelled)) throw_cancelled();
        const http::response answer = channel_.send(make_request(url), call);
        if (answer.status < 200 || answer.status > 299) {
            // Only the first page can be a fresh object's replication delay; a later page that
            // is not found is an expired nextLink.
            const auto now = clock_.now();
            if (result.pages == 0 && options.not_found_grace.count() > 0 && now < grace_ends &&
                is_not_found_answer(answer)) {
                const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(grace_ends - now);
                wait_for(clock_, std::min(std::max(options.not_found_interval, std::chrono::milliseconds(1)), left),
                         options.cancelled);
                continue;
            }
            throw to_error(answer, context);
        }
        const std::string next = read_page(c.name, answer, request_id, result);
        ++result.pages;
        if (next.empty()) break;
        url = resolve_next_link(endpoint_.base, next);
        // A service that hands out the same link twice would keep this loop going for ever.
        if (!followed.insert(url).second)
            throw invalid_response(c.name, answer, request_id, "an @odata.nextLink it had already given");
    }
    return result;
}

std::vector<exo_client::outcome> exo_client::invoke_many(const std::vector<command> &commands, int workers,
                                                         const invoke_options &options,
                                                         const std::function<void(std::size_t index)> &on_done,
                                                         const std::function<bool()> &should_cancel) {
    std::vector<outcome> outcomes(commands.size());
    std::vector<char> ran(commands.size(), 0);  // written by the job's thread, read after the joins

    cloud::bounded_parallel_hooks hooks;
    hooks.on_done = on_done;
    // The caller's flag is looked at on the calling thread like should_cancel; the workers get
    // run_bounded's own flag, which it sets for either.
    hooks.should_cancel = [&] {
        return is_cancelled(options.cancelled) || (should_cancel && should_cancel());
    };

    const auto job = [&](std::size_t index, const std::atomic<bool> &cancelled) {
        ran[index] = 1;
        if (is_cancelled(options.cancelled)) {
            // Set before this job started: nothing is sent (run_bounded learns of the flag only
            // between completions).
            outcomes[index].failure = error(errc::cancelled, "transport.cancelled",
                                            "The operation was cancelled before " + commands[index].name + " was sent.",
                                            {{"cmdlet", commands[index].name}});
            return;
        }
        invoke_options mine = options;
        mine.cancelled = &cancelled;
        try {
            outcomes[index].result = invoke(commands[index], mine);
        } catch (const error &e) {
            outcomes[index].failure = e;
        } catch (const std::exception &e) {
            outcomes[index].failure = error(errc::internal, "exchange.internal", e.what(), {{"cmdlet", commands[index].name}});
        }
    };

    try {
        cloud::run_bounded(commands.size(), workers, job, hooks);
    } catch (const error &e) {
        if (e.code() != errc::cancelled) throw;
        // Cancelled: what finished keeps its outcome; what never started says so, so the caller
        // can tell the commands that may have been applied from those that were not sent.
        for (std::size_t i = 0; i < commands.size(); ++i)
            if (!ran[i])
                outcomes[i].failure = error(errc::cancelled, "transport.cancelled",
                                            "The operation was cancelled before " + commands[i].name + " was sent.",
                                            {{"cmdlet", commands[i].name}});
    }
    return outcomes;
}

}  // namespace mailint::exchange_online
