#include "dns/scenario_records.h"

#include "dns/exchange_onprem_records.h"
#include "dns/m365_records.h"

namespace mailint::dns {

namespace {

bool is_exchange_online_mx(const dns_record &r) {
    const auto *mx = std::get_if<mx_data>(&r.data);
    return mx && mx->exchange.ends_with(".mail.protection.outlook.com");
}

// Graph hands out the records for the tenant, with Microsoft's TTLs; the administrator's choices
// that the documents' table would have honoured are applied on top, so both sources answer the
// same parameters the same way.
void apply_choices(std::vector<dns_record> &records, const records_request &request) {
    for (auto &r : records) {
        if (request.ttl_given) r.ttl = request.m365.ttl;
        if (request.m365.migration && is_exchange_online_mx(r))
            std::get<mx_data>(r.data).preference = request.m365.migration->preference;
    }
}

std::optional<scenario_records> m365_for(const records_request &request, const std::string &domain,
                                         const tenant_dns_facts *facts, diagnostics &out) {
    auto options = request.m365;
    const bool code_given = options.verification_code.has_value();
    if (facts && !code_given && !facts->domain_verified) options.verification_code = facts->verification_code;
    auto table = m365_records(domain, options, out);
    if (!table) return std::nullopt;
    scenario_records r;
    r.scenario = dns_scenario::m365;
    r.zone = table->zone;
    r.title = "Microsoft 365 DNS records for " + table->zone + " (seed M3)";
    if (facts && facts->service_records && !facts->service_records->empty()) {
        r.source = "tenant";
        // The proof record first, as the wizard lists it, while the domain is still unverified.
        if (options.verification_code && (code_given || !facts->domain_verified))
            r.records.push_back(ownership_proof_record(table->zone, *parse_verification_code(*options.verification_code),
                                                       options.proof, options.ttl));
        for (const auto &rec : *facts->service_records) r.records.push_back(rec);
        apply_choices(r.records, request);
        r.notes.push_back("These are the records Microsoft 365 lists for this domain in your tenant "
                          "(serviceConfigurationRecords).");
        if (facts->domain_verified && !code_given)
            r.notes.push_back("The domain is verified: the ownership proof record may be removed.");
    } else {
        r.records = std::move(table->records);
        r.notes = std::move(table->notes);
        if (facts && !facts->domain_in_tenant)
            r.notes.push_back("The domain is not in the connected tenant yet: Add-M365Domain adds it and gives the "
                              "verification record.");
    }
    if (facts) r.notes.insert(r.notes.end(), facts->notes.begin(), facts->notes.end());
    return r;
}

std::optional<scenario_records> teams_for(const records_request &request, const std::string &domain,
                                          const tenant_dns_facts *facts, diagnostics &out) {
    auto options = request.teams;
    bool from_tenant = false;
    if (facts) {
        if (!options.verification_code && !facts->domain_verified && facts->verification_code) {
            options.verification_code = facts->verification_code;
            from_tenant = true;
        }
        if (options.initial_domain.empty() && facts->initial_domain) {
            options.initial_domain = *facts->initial_domain;
            from_tenant = true;
        }
        if (!options.dkim && facts->dkim) {
            options.dkim = facts->dkim;
            from_tenant = true;
        }
    }
    auto dns = teams_essentials_records(domain, options, out);
    if (!dns) return std::nullopt;
    scenario_records r;
    r.scenario = dns_scenario::teams_essentials;
    r.zone = dns->zone;
    r.title = "Teams Essentials DNS records for " + dns->zone +
              (options.keep_existing_mx ? " (seed T2)" : " (seed T11)");
    r.records = std::move(dns->records);
    r.spf_include = dns->spf_include;
    r.notes = std::move(dns->notes);
    if (from_tenant) r.source = "tenant";
    if (facts) r.notes.insert(r.notes.end(), facts->notes.begin(), facts->notes.end());
    return r;
}

std::optional<scenario_records> exchange_for(const records_request &request, const std::string &domain,
                                             diagnostics &out) {
    auto dns = exchange_onprem_records(domain, request.public_ip, request.exchange_onprem, out);
    if (!dns) return std::nullopt;
    scenario_records r;
    r.scenario = dns_scenario::exchange_onprem;
    r.zone = dns->zone;
    r.title = "Public DNS records for on-premises Exchange (X2)";
    r.records = std::move(dns->records);
    r.certificate_names = std::move(dns->certificate_names);
    r.host_name = std::move(dns->host_name);
    r.notes = std::move(dns->notes);
    return r;
}

}  // namespace

std::vector<dns_record> scenario_records::required() const {
    auto all = records;
    if (spf_include) all.push_back(spf_include->as_required_record());
    return all;
}

nlohmann::json scenario_records::to_json() const {
    nlohmann::json doc = {{"scenario", to_string(scenario)}, {"zone", zone},       {"source", source},
                          {"records", nlohmann::json::array()}, {"spfInclude", nullptr}, {"notes", notes}};
    for (const auto &r : records) doc["records"].push_back(r.to_json());
    if (spf_include)
        doc["spfInclude"] = {{"name", spf_include->name},
                             {"fqdn", spf_include->fqdn},
                             {"mechanism", spf_include->mechanism()},
                             {"ttl", spf_include->ttl},
                             {"purpose", spf_include->purpose}};
    if (scenario == dns_scenario::exchange_onprem) {
        doc["hostName"] = host_name;
        doc["certificateNames"] = certificate_names;
    }
    return doc;
}

std::optional<scenario_records> records_for(const records_request &request, const std::string &domain,
                                            const tenant_dns_facts *facts, diagnostics &out) {
    switch (request.scenario) {
    case dns_scenario::m365: return m365_for(request, domain, facts, out);
    case dns_scenario::teams_essentials: return teams_for(request, domain, facts, out);
    case dns_scenario::exchange_onprem: return exchange_for(request, domain, out);
    }
    return std::nullopt;
}

}  // namespace mailint::dns
