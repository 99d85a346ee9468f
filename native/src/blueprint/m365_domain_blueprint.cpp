#include "blueprint/m365_domain_blueprint.h"

#include <algorithm>

#include "blueprint/m365_domain_session.h"
#include "core/random_id.h"
#include "plan/step_builder.h"
#include "graph/domains.h"

namespace mailint::m365_domain {

namespace {

plan_step &add_step(plan &p, std::string action, std::string resource_type, const std::string &identity,
                    std::string description, std::string operation, std::optional<host_command> command,
                    std::vector<std::string> depends_on) {
    // The step before this one, when it will run: the order is the procedure's order.
    return append_step(p, {std::move(action), std::move(resource_type), identity, std::move(description), std::move(operation),
                           std::move(command), "graph", std::move(depends_on)});
}

}  // namespace

plan build_plan(const request &r, graph::graph_client &client, const progress_fn &progress) {
    plan p;
    p.scenario = kScenario;
    p.plan_id = random_id();
    if (progress) progress("Planning", "Reading domain " + r.domain, 0);

    const auto current = graph::get_domain(client, r.domain);
    p.reads.push_back({"graph", "Get-MgDomain", current ? 1u : 0u});
    std::string last;  // the id of the previous step that will run

    if (!current) {
        last = add_step(p, "create", "Domain", r.domain, "Add domain '" + r.domain + "' to the tenant", "Add",
                        host_command{"New-MgDomain", {{"Id", r.domain}}}, {})
                   .id;
    } else {
        add_step(p, "noop", "Domain", r.domain, "Domain '" + r.domain + "' is in the tenant", "", std::nullopt, {});
    }

    const bool verified = current && current->is_verified;
    if (!verified) {
        auto &wait = add_step(p, "check", "DnsRecord", r.domain,
                              "Wait until public DNS shows the verification TXT record of '" + r.domain + "'",
                              "Wait for the verification record",
                              host_command{"Wait-M365DomainVerificationRecord",
                                           {{"DomainId", r.domain},
                                            {"TimeoutSeconds", r.wait.count()},
                                            {"PollIntervalSeconds", r.poll_interval.count()}}},
                              {last});
        if (current) {
            // The domain exists: its record is known now, so -WhatIf can say what to publish.
            const auto txt = verification_text(client, r.domain);
            p.reads.push_back({"graph", "Get-MgDomainVerificationDnsRecord", 1});
            if (!txt.empty()) wait.notes.push_back("publish TXT @ \"" + txt + "\" in the zone " + r.domain);
        } else {
            wait.notes.push_back("the TXT record to publish is known once the domain is added; it is shown then");
        }
        last = wait.id;
        auto &confirm = add_step(p, "update", "Domain", r.domain, "Verify domain '" + r.domain + "'", "Verify",
                                 host_command{"Confirm-MgDomain", {{"DomainId", r.domain}}}, {last});
        confirm.changes.push_back({"IsVerified", false, true});
        last = confirm.id;
    } else {
        add_step(p, "noop", "Domain", r.domain, "Domain '" + r.domain + "' is verified", "", std::nullopt, {});
    }

    // Services: the union of what the domain has and what is asked; Graph's PATCH replaces the list.
    std::vector<std::string> have = current ? current->supported_services : std::vector<std::string>{};
    std::vector<std::string> want = have;
    for (const auto &s : r.supported_services)
        if (std::none_of(want.begin(), want.end(), [&](const std::string &h) { return h == s; })) want.push_back(s);
    if (want != have) {
        auto &services = add_step(p, "update", "Domain", r.domain, "Set the services of domain '" + r.domain + "'",
                                  "Update SupportedServices",
                                  host_command{"Update-MgDomain", {{"DomainId", r.domain}, {"SupportedServices", want}}},
                                  {last});
        services.changes.push_back({"SupportedServices", have, want});
        last = services.id;
    }

    if (r.set_default && !(current && current->is_default)) {
        auto &def = add_step(p, "update", "Domain", r.domain, "Make '" + r.domain + "' the tenant's default domain",
                             "Update IsDefault",
                             host_command{"Update-MgDomain", {{"DomainId", r.domain}, {"IsDefault", true}}}, {last});
        def.changes.push_back({"IsDefault", false, true});
        def.notes.push_back("new users and addresses get this domain; the previous default stays in the tenant");
    }
    if (progress) progress("Planning", "Done", 100);
    return p;
}

}  // namespace mailint::m365_domain
