#include "blueprint/m365_domain_session.h"

#include <chrono>

#include "core/error.h"
#include "dns/dns_poll.h"
#include "graph/domains.h"

namespace mailint::m365_domain {

namespace {

using namespace std::chrono;

nlohmann::json domain_json(const graph::domain &d) {
    return {{"Id", d.id}, {"IsVerified", d.is_verified}, {"IsDefault", d.is_default},
            {"SupportedServices", d.supported_services}, {"AvailabilityStatus", d.availability_status}};
}

}  // namespace

std::string verification_text(graph::graph_client &client, const std::string &domain) {
    for (const auto &r : graph::verification_dns_records(client, domain))
        if (r.kind == graph::dns_record_kind::txt) return r.value;
    return {};
}

domain_session::domain_session(graph::graph_client &client, dns::resolver_options resolvers, progress_fn progress,
                               host_session *others)
    : client_(client), resolvers_(std::move(resolvers)), progress_(std::move(progress)), others_(others) {}

host_result domain_session::invoke(const host_command &command) {
    try {
        const auto &p = command.parameters;
        host_result r;
        if (command.name == "New-MgDomain") {
            r.objects.push_back(domain_json(graph::add_domain(client_, required_text(p, "Id"))));
        } else if (command.name == "Confirm-MgDomain") {
            r.objects.push_back(domain_json(graph::verify_domain(client_, required_text(p, "DomainId"))));
        } else if (command.name == "Update-MgDomain") {
            const auto id = required_text(p, "DomainId");
            if (auto s = p.find("SupportedServices"); s != p.end())
                graph::set_supported_services(client_, id, s->get<std::vector<std::string>>());
            if (auto d = p.find("IsDefault"); d != p.end() && d->get<bool>()) graph::set_default_domain(client_, id);
        } else if (command.name == "Wait-M365DomainVerificationRecord") {
            return wait_for_record(p);
        } else if (others_) {
            return others_->invoke(command);
        } else {
            throw error(errc::internal, "plan.command.unknown", "The graph transport has no command " + command.name + ".");
        }
        return r;
    } catch (const error &e) {
        if (e.code() == errc::cancelled) throw;
        return failure_result(e);
    }
}

host_result domain_session::wait_for_record(const nlohmann::json &p) {
    const auto domain = required_text(p, "DomainId");
    const seconds timeout(p.value("TimeoutSeconds", 0LL));
    const seconds interval(std::max(1LL, p.value("PollIntervalSeconds", 30LL)));
    const std::string wanted = verification_text(client_, domain);
    if (wanted.empty())
        throw error(errc::failed_precondition, "m365.domain.verification_record.none",
                    "Microsoft Graph offers no TXT verification record for " + domain + ".");
    host_result r;
    // Shown whatever happens next: this is the record the administrator publishes at the DNS host.
    r.warnings.push_back("Publish at the DNS host of " + domain + ": TXT @ \"" + wanted + "\" (TTL 3600).");

    dns::resolver resolver(resolvers_);
    const auto outcome = dns::poll_dns(
        timeout, interval,
        [&](int) {
            auto answer = resolver.query(domain, dns::rr_type::txt);
            if (answer.ok()) {
                for (const auto &rec : answer.records)
                    if (rec.value() == wanted) return dns::poll_look{true, {}};
                return dns::poll_look{false, std::to_string(answer.records.size()) + " other TXT record(s)"};
            }
            if (answer.failed()) return dns::poll_look{false, "no answer (" + answer.error_id + ": " + answer.error_message + ")"};
            return dns::poll_look{false, answer.status == dns::query_status::nxdomain ? "no such name" : "no TXT record"};
        },
        [&](int attempt) {
            return !progress_ || progress_("Waiting for DNS",
                                           "TXT \"" + wanted + "\" at " + domain + " (attempt " + std::to_string(attempt) + ")", -1);
        });
    if (outcome.seen) {
        r.objects.push_back({{"Name", domain}, {"Type", "TXT"}, {"Value", wanted}, {"Visible", true}, {"Attempts", outcome.attempts}});
        return r;
    }
    const std::string &last_seen = outcome.last_answered;
    r.failure = failure_result(error(errc::failed_precondition, "m365.domain.verification_record.not_visible",
                        "DNS does not show TXT \"" + wanted + "\" at " + domain + " yet (it answered " + last_seen +
                            "): publish the record at the domain's DNS host, then run again, or add -Wait to wait "
                            "for it (new records can take up to an hour to be seen).",
                        {{"domain", domain}, {"record", wanted}}))
                    .failure;
    return r;
}

}  // namespace mailint::m365_domain
