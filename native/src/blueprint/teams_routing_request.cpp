#include "blueprint/teams_routing_request.h"

#include <algorithm>

#include "validate/domain_name.h"
#include "validate/message_text.h"

namespace mailint::teams_routing {

namespace {

std::optional<std::string> text(const nlohmann::json &p, const char *name, diagnostics &d) {
    auto it = p.find(name);
    if (it == p.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) {
        d.error("teams.parameter.invalid", name, std::string(name) + " must be text.");
        return std::nullopt;
    }
    return it->get<std::string>();
}

std::optional<bool> flag(const nlohmann::json &p, const char *name, diagnostics &d) {
    auto it = p.find(name);
    if (it == p.end() || it->is_null()) return std::nullopt;
    if (!it->is_boolean()) {
        d.error("teams.parameter.invalid", name, std::string(name) + " must be true or false.");
        return std::nullopt;
    }
    return it->get<bool>();
}

}  // namespace

diagnostics parse_request(const nlohmann::json &p, request &out) {
    diagnostics d;
    if (auto mode = text(p, "Mode", d)) {
        if (*mode != "GoogleWorkspace")
            d.error("teams.mode.unknown", "Mode", "Mode " + validate::quote_input(*mode) + " is not one this version plans; use GoogleWorkspace.");
    }
    auto domain = text(p, "DomainName", d);
    if (!domain) {
        d.error("validation.domain.empty", "DomainName", "DomainName is required: the domain whose mail stays at Google, e.g. contoso.com.");
    } else if (auto v = validate::validate_any_level_domain(*domain, "DomainName", d)) {
        out.domain = *v;
    }
    auto forwarding = text(p, "ForwardingDomain", d);
    if (!forwarding) {
        d.error("validation.domain.empty", "ForwardingDomain",
                "ForwardingDomain is required: the alias subdomain Google receives the copies on, e.g. g.contoso.com.");
    } else if (auto f = validate::validate_any_level_domain(*forwarding, "ForwardingDomain", d)) {
        out.forwarding_domain = *f;
        if (!out.domain.empty() && !f->ends_with("." + out.domain))
            d.error("teams.forwarding_domain.not_under_domain", "ForwardingDomain",
                    "ForwardingDomain '" + *f + "' is not a subdomain of '" + out.domain + "': give e.g. g." + out.domain +
                        " (the alias subdomain set up at Google, T4).");
    }
    if (auto host = text(p, "SmartHost", d)) {
        if (!validate::parse_domain_name(*host))
            d.error("teams.smart_host.malformed", "SmartHost",
                    "SmartHost " + validate::quote_input(*host) + " is not a host name; Google's is aspmx.l.google.com.");
        else
            out.smart_host = *validate::parse_domain_name(*host);
    }
    if (auto address = text(p, "TestAddress", d); address && !address->empty()) {
        const auto at = address->rfind('@');
        const bool ok = at != std::string::npos && at > 0 && address->find_first_of(" \t\r\n<>\"") == std::string::npos &&
                        validate::parse_domain_name(address->substr(at + 1));
        if (!ok)
            d.error("teams.test_address.malformed", "TestAddress",
                    "TestAddress " + validate::quote_input(*address) + " is not an e-mail address, e.g. johanna@g.contoso.com.");
        else
            out.test_address = *address;
    }
    if (auto name = text(p, "ConnectorName", d)) {
        if (name->empty() || name->size() > 64 || name->find_first_of("\\/\r\n") != std::string::npos)
            d.error("teams.connector_name.invalid", "ConnectorName",
                    "ConnectorName must be 1 to 64 characters without \\, / or line breaks.");
        else
            out.connector_name = *name;
    }
    if (auto dir = text(p, "StateDirectory", d)) out.state_directory = *dir;
    if (auto v = flag(p, "DisableOutlookOnTheWeb", d)) out.disable_outlook_on_the_web = *v;
    if (auto v = flag(p, "DeleteExternalMail", d)) out.delete_external_mail = *v;
    if (auto m = p.find("ManualStepsDone"); m != p.end() && !m->is_null()) {
        if (!m->is_array()) {
            d.error("teams.parameter.invalid", "ManualStepsDone", "ManualStepsDone must be a list of checklist ids.");
        } else {
            for (const auto &item : *m) {
                const std::string id = item.is_string() ? item.get<std::string>() : item.dump();
                if (std::none_of(std::begin(kManualSteps), std::end(kManualSteps), [&](const char *k) { return id == k; }))
                    d.error("teams.manual_step.unknown", "ManualStepsDone",
                            "ManualStepsDone " + validate::quote_input(id) +
                                " is not a checklist id; they are google.dual-delivery-route, google.routing-rule, "
                                "google.alias-subdomain, google.spam-bypass.");
                else
                    out.manual_done.insert(id);
            }
        }
    }
    return d;
}

diagnostics parse_removal_request(const nlohmann::json &p, removal_request &out) {
    diagnostics d;
    auto domain = text(p, "DomainName", d);
    if (!domain)
        d.error("validation.domain.empty", "DomainName", "DomainName is required: the domain given to Set-TeamsEssentialsRouting.");
    else if (auto v = validate::validate_any_level_domain(*domain, "DomainName", d))
        out.domain = *v;
    if (auto dir = text(p, "StateDirectory", d)) out.state_directory = *dir;
    return d;
}

}  // namespace mailint::teams_routing
