#include "blueprint/m365_dkim_blueprint.h"

#include "blueprint/m365_dkim_session.h"
#include "core/error.h"
#include "core/random_id.h"
#include "plan/step_builder.h"

namespace mailint::m365_dkim {

namespace {

plan_step &add_step(plan &p, std::string action, std::string resource_type, const std::string &identity,
                    std::string description, std::string operation, std::optional<host_command> command,
                    const std::string &after) {
    return append_step(p, {std::move(action), std::move(resource_type), identity, std::move(description), std::move(operation),
                           std::move(command), "exchange", {after}});
}

}  // namespace

plan build_plan(const request &r, exchange_online::exo_client &client, const progress_fn &progress) {
    plan p;
    p.scenario = kScenario;
    p.plan_id = random_id();
    if (progress) progress("Planning", "Reading the DKIM signing configuration of " + r.domain, 0);

    try {
        client.invoke({"Get-AcceptedDomain", {{"Identity", r.domain}}});
        p.reads.push_back({"exchange", "Get-AcceptedDomain", 1});
    } catch (const error &e) {
        if (e.code() != errc::not_found) throw;
        throw error(errc::failed_precondition, "m365.dkim.domain.not_accepted",
                    "'" + r.domain + "' is not an accepted domain of the tenant: add and verify it first "
                    "(Add-M365Domain -DomainName " + r.domain + "), then run this again.");
    }
    const auto current = read_signing_config(client, r.domain);
    p.reads.push_back({"exchange", "Get-DkimSigningConfig", current ? 1u : 0u});

    std::string last;
    if (!current) {
        auto &create = add_step(p, "create", "DkimSigningConfig", r.domain,
                                "Create the DKIM signing configuration of '" + r.domain + "' (disabled until DNS is ready)",
                                "Create",
                                host_command{"New-DkimSigningConfig",
                                             {{"DomainName", r.domain}, {"Enabled", false}, {"KeySize", r.key_size}}},
                                "");
        create.changes.push_back({"Enabled", nullptr, false});
        last = create.id;
    } else {
        add_step(p, "noop", "DkimSigningConfig", r.domain, "DKIM signing configuration of '" + r.domain + "' exists", "",
                 std::nullopt, "");
    }

    if (current && current->enabled) {
        add_step(p, "noop", "DkimSigningConfig", r.domain, "DKIM signing is enabled for '" + r.domain + "'", "",
                 std::nullopt, "");
        if (progress) progress("Planning", "Done", 100);
        return p;
    }

    auto &wait = add_step(p, "check", "DnsRecord", r.domain,
                          "Wait until public DNS shows both DKIM selector CNAMEs of '" + r.domain + "'",
                          "Wait for the selector records",
                          host_command{"Wait-M365DkimSelectorRecord",
                                       {{"DomainName", r.domain},
                                        {"TimeoutSeconds", r.wait.count()},
                                        {"PollIntervalSeconds", r.poll_interval.count()}}},
                          last);
    if (current) {
        for (const auto &[selector, target] : {std::pair{1, &current->selector1}, std::pair{2, &current->selector2}})
            wait.notes.push_back("publish CNAME selector" + std::to_string(selector) + "._domainkey -> " + *target +
                                 " in the zone " + r.domain);
    } else {
        wait.notes.push_back("the CNAME targets are known once the configuration is created; they are shown then");
    }
    const std::string wait_id = wait.id;  // a copy: adding a step may move the vector's steps
    auto &enable = add_step(p, "update", "DkimSigningConfig", r.domain, "Enable DKIM signing for '" + r.domain + "'",
                            "Update Enabled",
                            host_command{"Set-DkimSigningConfig", {{"Identity", r.domain}, {"Enabled", true}}}, wait_id);
    enable.changes.push_back({"Enabled", false, true});
    if (progress) progress("Planning", "Done", 100);
    return p;
}

}  // namespace mailint::m365_dkim
