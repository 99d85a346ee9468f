#include "blueprint/windows_dns_request.h"

#include "validate/domain_name.h"
#include "validate/message_text.h"

namespace mailint::windows_dns {

diagnostics parse_request(const nlohmann::json &p, request &out) {
    diagnostics d;
    nlohmann::json records = p;
    std::string scenario = "m365";
    if (auto s = p.find("RecordScenario"); s != p.end() && !s->is_null()) {
        if (s->is_string()) scenario = s->get<std::string>();
        else d.error("request.scenario.unknown", "Scenario", "Scenario must be M365, ExchangeOnPremises or TeamsEssentials.");
    }
    for (const char *own : {"RecordScenario", "ZoneName", "ComputerName"}) records.erase(own);
    d.append(dns::parse_records_request({{"scenario", scenario}, {"parameters", records}}, false, out.records));

    if (auto z = p.find("ZoneName"); z != p.end() && !z->is_null()) {
        if (!z->is_string()) {
            d.error("validation.domain.malformed", "ZoneName", "ZoneName must be text, e.g. contoso.com.");
        } else if (auto zone = validate::validate_any_level_domain(z->get<std::string>(), "ZoneName", d)) {
            out.zone = *zone;
        }
    }
    if (auto c = p.find("ComputerName"); c != p.end() && !c->is_null()) {
        const std::string name = c->is_string() ? c->get<std::string>() : c->dump();
        // A NetBIOS name or an FQDN: what -ComputerName of the DnsServer cmdlets takes.
        const bool netbios = !name.empty() && name.size() <= 15 && name.find('.') == std::string::npos &&
                             !validate::dns_label_problem(name);
        if (!netbios && !validate::parse_domain_name(name))
            d.error("validation.server.malformed", "ComputerName",
                    "ComputerName " + validate::quote_input(name) + " is not a computer name or FQDN, e.g. DC01 or dc01.contoso.local.");
        else
            out.computer_name = name;
    }
    return d;
}

}  // namespace mailint::windows_dns
