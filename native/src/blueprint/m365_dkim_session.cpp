#include "blueprint/m365_dkim_session.h"

#include <cctype>
#include <chrono>

#include "core/error.h"
#include "dns/dns_poll.h"

namespace mailint::m365_dkim {

namespace {

using namespace std::chrono;

std::string comparable(std::string name) {
    while (!name.empty() && name.back() == '.') name.pop_back();
    for (auto &c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return name;
}

// What one selector's name holds now, in words, or empty when it aliases `target`.
std::string selector_problem(dns::resolver &resolver, const std::string &name, const std::string &target) {
    auto answer = resolver.query(name, dns::rr_type::cname);
    if (answer.ok()) {
        for (const auto &rec : answer.records)
            if (comparable(rec.value()) == comparable(target)) return {};
        return name + " is an alias of " + answer.records.front().value() + ", not " + target;
    }
    if (answer.failed()) return name + ": no answer (" + answer.error_id + ": " + answer.error_message + ")";
    return name + ": " + (answer.status == dns::query_status::nxdomain ? "no such name" : "no CNAME record");
}

}  // namespace

std::optional<signing_config> read_signing_config(exchange_online::exo_client &client, const std::string &domain,
                                                  milliseconds grace) {
    exchange_online::invoke_options options;
    options.not_found_grace = grace;
    options.not_found_interval = seconds(2);
    try {
        auto result = client.invoke({"Get-DkimSigningConfig", {{"Identity", domain}}}, options);
        for (const auto &o : result.objects)
            return signing_config{o.value("Enabled", false), o.value("Selector1CNAME", std::string()),
                                  o.value("Selector2CNAME", std::string())};
        return std::nullopt;
    } catch (const error &e) {
        if (e.code() == errc::not_found) return std::nullopt;
        throw;
    }
}

dkim_session::dkim_session(exchange_online::exo_client &client, dns::resolver_options resolvers, progress_fn progress,
                           int workers)
    : client_(client), resolvers_(std::move(resolvers)), progress_(progress), cmdlets_(client, workers, std::move(progress)) {}

host_result dkim_session::invoke(const host_command &command) {
    if (command.name != "Wait-M365DkimSelectorRecord") return cmdlets_.invoke(command);
    try {
        return wait_for_selectors(command.parameters);
    } catch (const error &e) {
        if (e.code() == errc::cancelled) throw;
        return failure_result(e);
    }
}

host_result dkim_session::wait_for_selectors(const nlohmann::json &p) {
    const auto domain = required_text(p, "DomainName");
    const seconds timeout(p.value("TimeoutSeconds", 0LL));
    const seconds interval(p.value("PollIntervalSeconds", 30LL));
    // Made by the step before, perhaps a moment ago: allow for replication.
    const auto config = read_signing_config(client_, domain, seconds(60));
    if (!config || config->selector1.empty() || config->selector2.empty())
        throw error(errc::failed_precondition, "m365.dkim.config.missing",
                    "Exchange Online has no DKIM signing configuration with selectors for " + domain + ".");
    const std::string names[2] = {"selector1._domainkey." + domain, "selector2._domainkey." + domain};
    const std::string targets[2] = {config->selector1, config->selector2};
    host_result r;
    // Shown whatever happens next: these are the records the administrator publishes.
    r.warnings.push_back("Publish at the DNS host of " + domain + ": CNAME selector1._domainkey -> " + targets[0] +
                         " and CNAME selector2._domainkey -> " + targets[1] + " (TTL 3600).");
    dns::resolver resolver(resolvers_);
    const auto outcome = dns::poll_dns(
        timeout, interval,
        [&](int) {
            std::string problems;
            for (int i = 0; i < 2; ++i) {
                auto problem = selector_problem(resolver, names[i], targets[i]);
                if (!problem.empty()) problems += (problems.empty() ? "" : "; ") + problem;
            }
            return dns::poll_look{problems.empty(), problems};
        },
        [&](int attempt) {
            return !progress_ || progress_("Waiting for DNS",
                                           "DKIM selector CNAMEs of " + domain + " (attempt " + std::to_string(attempt) + ")", -1);
        });
    if (outcome.seen) {
        for (int i = 0; i < 2; ++i)
            r.objects.push_back({{"Name", names[i]}, {"Type", "CNAME"}, {"Value", targets[i]}, {"Visible", true},
                                 {"Attempts", outcome.attempts}});
        return r;
    }
    r.failure = failure_result(error(errc::failed_precondition, "m365.dkim.selector_records.not_visible",
                             "DNS does not show both DKIM selector CNAMEs of " + domain + " yet (" + outcome.last_answered +
                                 "): publish them at the domain's DNS host, then run again, or add -Wait to wait for "
                                 "them; Exchange Online refuses to sign before.",
                             {{"domain", domain}, {"selector1", targets[0]}, {"selector2", targets[1]}}))
                    .failure;
    return r;
}

}  // namespace mailint::m365_dkim
