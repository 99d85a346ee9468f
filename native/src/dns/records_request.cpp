#include "dns/records_request.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/error.h"
#include "validate/message_text.h"

namespace mailint::dns {

namespace {

using nlohmann::json;

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

class reader {
public:
    reader(const json &p, diagnostics &d) : p_(p), d_(d) {}

    const json *find(const char *name) {
        seen_.insert(name);
        auto it = p_.find(name);
        return it == p_.end() || it->is_null() ? nullptr : &*it;
    }

    std::optional<bool> boolean(const char *name) {
        const json *v = find(name);
        if (!v) return std::nullopt;
        if (!v->is_boolean()) {
            d_.error("validation.dns.parameter.invalid", name, std::string(name) + " must be true or false.");
            return std::nullopt;
        }
        return v->get<bool>();
    }

    std::optional<std::string> text(const char *name) {
        const json *v = find(name);
        if (!v) return std::nullopt;
        if (!v->is_string()) {
            d_.error("validation.dns.parameter.invalid", name, std::string(name) + " must be text.");
            return std::nullopt;
        }
        return v->get<std::string>();
    }

    std::optional<long long> integer(const char *name, long long lo, long long hi, const char *id, const char *unit) {
        const json *v = find(name);
        if (!v) return std::nullopt;
        if (!v->is_number_integer() || v->get<long long>() < lo || v->get<long long>() > hi) {
            d_.error(id, name, std::string(name) + " must be a whole number of " + unit + " from " + std::to_string(lo) +
                                   " to " + std::to_string(hi) + ".");
            return std::nullopt;
        }
        return v->get<long long>();
    }

    std::vector<std::string> strings(const char *name) {
        std::vector<std::string> out;
        const json *v = find(name);
        if (!v) return out;
        if (v->is_string()) return {v->get<std::string>()};
        if (!v->is_array()) {
            d_.error("validation.dns.parameter.invalid", name, std::string(name) + " must be text or a list of text.");
            return out;
        }
        for (const auto &item : *v) {
            if (!item.is_string()) {
                d_.error("validation.dns.parameter.invalid", name, std::string(name) + " must hold text only.");
                return {};
            }
            out.push_back(item.get<std::string>());
        }
        return out;
    }

    // A parameter no scenario reads is a mistake worth naming: a misspelt switch would otherwise
    // silently give the default records.
    void unknown_parameters() {
        for (const auto &[name, value] : p_.items())
            if (!seen_.count(name))
                d_.error("validation.dns.parameter.unknown", name,
                         "'" + name + "' is not a parameter of this scenario's DNS records.");
    }

private:
    const json &p_;
    diagnostics &d_;
    std::set<std::string, std::less<>> seen_;
};

std::optional<dns_scenario> scenario_of(std::string_view s) {
    if (iequals(s, "m365")) return dns_scenario::m365;
    if (iequals(s, "exchange-onprem")) return dns_scenario::exchange_onprem;
    if (iequals(s, "teams-essentials")) return dns_scenario::teams_essentials;
    return std::nullopt;
}

}  // namespace

const char *to_string(dns_scenario s) {
    switch (s) {
    case dns_scenario::m365: return "m365";
    case dns_scenario::exchange_onprem: return "exchange-onprem";
    case dns_scenario::teams_essentials: return "teams-essentials";
    }
    return "m365";
}

diagnostics parse_records_request(const json &request, bool for_test, records_request &out) {
    diagnostics d;
    if (!request.is_object()) {
        d.error("request.invalid", "request", "The request must be a JSON object.");
        return d;
    }
    const auto s = request.find("scenario");
    auto scenario = s != request.end() && s->is_string() ? scenario_of(s->get<std::string>()) : std::nullopt;
    if (!scenario) {
        d.error("request.scenario.unknown", "Scenario",
                "Scenario must be M365, ExchangeOnPremises or TeamsEssentials.");
        return d;
    }
    out.scenario = *scenario;
    static const json empty = json::object();
    const auto pit = request.find("parameters");
    if (pit != request.end() && !pit->is_object()) {
        d.error("request.parameters.invalid", "parameters", "The request's parameters must be a JSON object.");
        return d;
    }
    reader p(pit == request.end() ? empty : *pit, d);

    out.domains = p.strings("DomainName");
    if (out.domains.empty()) d.error("validation.domain.empty", "DomainName", "DomainName is required, e.g. contoso.com.");
    if (!for_test && out.domains.size() > 1)
        d.error("validation.dns.parameter.invalid", "DomainName", "Give one DomainName: the records are for one zone.");
    if (out.domains.size() > 100000)
        d.error("validation.dns.parameter.invalid", "DomainName", "At most 100,000 domains are checked in one call.");

    if (auto ttl = p.integer("Ttl", 60, 2147483647, "validation.ttl.out_of_range", "seconds")) {
        out.ttl_given = true;
        out.m365.ttl = out.exchange_onprem.ttl = out.teams.ttl = static_cast<std::uint32_t>(*ttl);
    }

    switch (out.scenario) {
    case dns_scenario::m365: {
        out.m365.verification_code = p.text("VerificationCode");
        if (auto proof = p.text("OwnershipProof")) {
            if (iequals(*proof, "Mx")) out.m365.proof = ownership_proof::mx;
            else if (!iequals(*proof, "Txt"))
                d.error("validation.dns.ownership_proof.unknown", "OwnershipProof", "OwnershipProof must be Txt or Mx.");
        }
        if (auto pref = p.integer("MxPreference", 0, 65535, "validation.dns.mx_preference.out_of_range", "units"))
            out.m365.migration = mail_migration{static_cast<std::uint16_t>(*pref), {}};
        if (auto v = p.boolean("MailCname")) out.m365.mail_cname = *v;
        if (auto v = p.boolean("SkypeForBusiness")) out.m365.skype_srv = *v;
        if (auto v = p.boolean("SkypeCnames")) out.m365.skype_cnames = *v;
        break;
    }
    case dns_scenario::exchange_onprem: {
        auto ip = p.text("PublicIpAddress");
        if (!ip || ip->find_first_not_of(" \t") == std::string::npos)
            d.error("validation.ipv4.empty", "PublicIpAddress",
                    "PublicIpAddress is required: the public IPv4 address the mail host name resolves to.");
        else out.public_ip = *ip;
        if (auto h = p.text("HostName"); h && !h->empty()) out.exchange_onprem.host_label = *h;
        if (auto a = p.text("Autodiscover")) {
            if (iequals(*a, "A")) out.exchange_onprem.autodiscover = autodiscover_style::a_record;
            else if (!iequals(*a, "Srv"))
                d.error("validation.autodiscover.unknown", "Autodiscover", "Autodiscover must be Srv or A.");
        }
        break;
    }
    case dns_scenario::teams_essentials: {
        out.teams.verification_code = p.text("VerificationCode");
        if (auto i = p.text("InitialDomain")) out.teams.initial_domain = *i;
        auto s1 = p.text("Selector1CNAME");
        auto s2 = p.text("Selector2CNAME");
        if (s1 && s2) out.teams.dkim = dkim_selector_targets{*s1, *s2};
        else if (s1 || s2)
            d.error("validation.dns.dkim_selector.incomplete", s1 ? "Selector2CNAME" : "Selector1CNAME",
                    "Give both Selector1CNAME and Selector2CNAME (Get-DkimSigningConfig shows them), or neither.");
        if (auto v = p.boolean("MailToMicrosoft365")) out.teams.keep_existing_mx = !*v;
        break;
    }
    }

    if (for_test) {
        out.resolvers.servers = p.strings("DnsServer");
        if (auto ms = p.integer("TimeoutMilliseconds", 100, 60000, "validation.dns.timeout.out_of_range", "milliseconds"))
            out.resolvers.timeout = std::chrono::milliseconds(*ms);
        if (auto t = p.integer("Tries", 1, 10, "validation.dns.tries.out_of_range", "rounds"))
            out.resolvers.tries = static_cast<int>(*t);
        if (auto m = p.boolean("Migrating")) out.migrating = *m;
        // A server list that is not IP[:port] is the resolver's to refuse; checked here so that
        // the finding names the parameter and comes with the others, before anything is sent.
        for (const auto &server : out.resolvers.servers) {
            try {
                resolver_options probe;
                probe.servers = {server};
                resolver check(probe);
            } catch (const error &) {
                d.error("validation.dns.server.malformed", "DnsServer",
                        "DnsServer " + validate::quote_input(server) +
                            " is not an IP address with an optional port, e.g. 192.0.2.53 or 127.0.0.1:5353.");
            }
        }
    }
    p.unknown_parameters();
    return d;
}

}  // namespace mailint::dns
