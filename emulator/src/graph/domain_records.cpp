#include "graph/domain_records.h"

#include "entra/digest.h"
#include "util/guid.h"

#include <cstdio>

namespace emulator::graph {
namespace {

json record(const std::string& tenant_id, const std::string& kind, const std::string& label,
            const std::string& record_type, const json& service, const std::string& distinct)
{
    return json{{"@odata.type", "#microsoft.graph.domainDns" + kind + "Record"},
                {"id", name_based_guid("dnsrecord|" + tenant_id + "|" + label + "|" + record_type + "|" + distinct)},
                {"isOptional", false},
                {"label", label},
                {"recordType", record_type},
                {"supportedService", service},
                {"ttl", 3600}};
}

json cname(const std::string& tenant_id, const std::string& label, const std::string& target, const char* service)
{
    json r = record(tenant_id, "Cname", label, "CName", service, target);
    r["canonicalName"] = target;
    return r;
}

json srv(const std::string& tenant_id, const std::string& label, const char* service_name, const char* protocol,
         const std::string& target, int port)
{
    json r = record(tenant_id, "Srv", label, "Srv", "OfficeCommunicationsOnline", service_name);
    r["nameTarget"] = target;
    r["port"] = port;
    r["priority"] = 100;
    r["protocol"] = protocol;
    r["service"] = service_name;
    r["weight"] = 1;
    return r;
}

} // namespace

std::string verification_code(const std::string& tenant_id, const std::string& domain)
{
    const auto digest = entra::sha256("verification|" + tenant_id + "|" + domain);
    unsigned long long number = 0;
    for (int i = 0; i < 8; ++i)
        number = (number << 8) | digest[static_cast<std::size_t>(i)];
    char text[16];
    std::snprintf(text, sizeof text, "ms%08llu", number % 100000000ULL);
    return text;
}

json verification_records(const std::string& tenant_id, const std::string& domain)
{
    const std::string code = verification_code(tenant_id, domain);
    json txt = record(tenant_id, "Txt", domain, "Txt", "Email", "verification");
    txt["text"] = "MS=" + code;
    json mx = record(tenant_id, "Mx", domain, "Mx", "Email", "verification");
    mx["mailExchange"] = code + ".msv1.invalid";
    mx["preference"] = 32767;
    return json::array({std::move(txt), std::move(mx)});
}

json service_configuration_records(const std::string& tenant_id, const json& domain)
{
    const std::string name = domain.at("id").get<std::string>();
    json records = json::array();
    for (const auto& service : domain.at("supportedServices")) {
        if (service == "Email") {
            std::string host = name;
            for (auto& c : host)
                if (c == '.')
                    c = '-';
            json mx = record(tenant_id, "Mx", name, "Mx", "Email", "service");
            mx["mailExchange"] = host + ".mail.protection.outlook.com";
            mx["preference"] = 0;
            records.push_back(std::move(mx));
            json spf = record(tenant_id, "Txt", name, "Txt", "Email", "spf");
            spf["text"] = "v=spf1 include:spf.protection.outlook.com ~all";
            records.push_back(std::move(spf));
            records.push_back(cname(tenant_id, "autodiscover." + name, "autodiscover.outlook.com", "Email"));
        } else if (service == "OfficeCommunicationsOnline") {
            records.push_back(srv(tenant_id, name, "_sip", "_tls", "sipdir.online.lync.com", 443));
            records.push_back(srv(tenant_id, name, "_sipfederationtls", "_tcp", "sipfed.online.lync.com", 5061));
            records.push_back(cname(tenant_id, "sip." + name, "sipdir.online.lync.com", "OfficeCommunicationsOnline"));
            records.push_back(
                cname(tenant_id, "lyncdiscover." + name, "webdir.online.lync.com", "OfficeCommunicationsOnline"));
        } else if (service == "Intune") {
            records.push_back(cname(tenant_id, "enterpriseregistration." + name,
                                    "enterpriseregistration.windows.net", "Intune"));
            records.push_back(cname(tenant_id, "enterpriseenrollment." + name,
                                    "enterpriseenrollment.manage.microsoft.com", "Intune"));
        }
    }
    return records;
}

} // namespace emulator::graph
