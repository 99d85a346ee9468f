#include "graph/domains.h"

#include <cctype>

#include "graph/graph_resources.h"

namespace mailint::graph {

namespace {

dns_record_kind kind_from_name(std::string name) {
    for (auto &c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name == "mx" || name == "domaindnsmxrecord") return dns_record_kind::mx;
    if (name == "txt" || name == "domaindnstxtrecord") return dns_record_kind::txt;
    if (name == "cname" || name == "domaindnscnamerecord") return dns_record_kind::cname;
    if (name == "srv" || name == "domaindnssrvrecord") return dns_record_kind::srv;
    if (name == "unavailable" || name == "domaindnsunavailablerecord") return dns_record_kind::unavailable;
    return dns_record_kind::unknown;
}

std::vector<domain_dns_record> records_of(const std::optional<nlohmann::json> &page) {
    std::vector<domain_dns_record> out;
    if (page && page->is_object())
        if (auto value = page->find("value"); value != page->end() && value->is_array())
            for (const auto &r : *value) out.push_back(parse_dns_record(r));
    return out;
}

domain named(std::string_view name) {
    domain d;
    d.id = std::string(name);
    return d;
}

}  // namespace

domain parse_domain(const nlohmann::json &object) {
    domain d;
    d.id = text_field(object, "id");
    d.authentication_type = text_field(object, "authenticationType");
    d.availability_status = text_field(object, "availabilityStatus");
    d.is_admin_managed = bool_field(object, "isAdminManaged");
    d.is_default = bool_field(object, "isDefault");
    d.is_initial = bool_field(object, "isInitial");
    d.is_root = bool_field(object, "isRoot");
    d.is_verified = bool_field(object, "isVerified");
    d.supported_services = text_list_field(object, "supportedServices");
    return d;
}

domain_dns_record parse_dns_record(const nlohmann::json &object) {
    domain_dns_record r;
    r.record_type = text_field(object, "recordType");
    // "#microsoft.graph.domainDnsMxRecord" in answers, "microsoft.graph.domainDnsMxRecord" in
    // some documented examples: the subtype decides the fields, so read it either way.
    std::string type = text_field(object, "@odata.type");
    if (!type.empty() && type.front() == '#') type.erase(0, 1);
    if (auto dot = type.rfind('.'); dot != std::string::npos) type.erase(0, dot + 1);
    r.kind = kind_from_name(type);
    if (r.kind == dns_record_kind::unknown) r.kind = kind_from_name(r.record_type);

    r.id = text_field(object, "id");
    r.label = text_field(object, "label");
    r.ttl = int_field(object, "ttl");
    r.is_optional = bool_field(object, "isOptional");
    r.supported_service = text_field(object, "supportedService");
    switch (r.kind) {
    case dns_record_kind::mx:
        r.value = text_field(object, "mailExchange");
        r.preference = int_field(object, "preference");
        break;
    case dns_record_kind::txt:
        r.value = text_field(object, "text");
        break;
    case dns_record_kind::cname:
        r.value = text_field(object, "canonicalName");
        break;
    case dns_record_kind::srv:
        r.value = text_field(object, "nameTarget");
        r.port = int_field(object, "port");
        r.priority = int_field(object, "priority");
        r.weight = int_field(object, "weight");
        r.protocol = text_field(object, "protocol");
        r.service = text_field(object, "service");
        break;
    case dns_record_kind::unavailable:
        r.value = text_field(object, "description");
        break;
    case dns_record_kind::unknown:
        break;
    }
    if (r.record_type.empty()) {
        static const char *names[] = {"Mx", "Txt", "CName", "Srv", "Unavailable", ""};
        r.record_type = names[static_cast<int>(r.kind)];
    }
    return r;
}

std::vector<domain> list_domains(graph_client &client) {
    std::vector<domain> out;
    for (const auto &d : client.list("/v1.0/domains").items) out.push_back(parse_domain(d));
    return out;
}

std::optional<domain> get_domain(graph_client &client, std::string_view name) {
    try {
        auto answer = client.get(domain_path(name));
        if (!answer) return std::nullopt;
        return parse_domain(*answer);
    } catch (const error &e) {
        if (e.code() == errc::not_found) return std::nullopt;
        throw;
    }
}

domain add_domain(graph_client &client, std::string_view name) {
    auto answer = client.post("/v1.0/domains", nlohmann::json{{"id", std::string(name)}});
    return answer ? parse_domain(*answer) : named(name);
}

std::vector<domain_dns_record> verification_dns_records(graph_client &client, std::string_view name) {
    return records_of(client.get(domain_path(name) + "/verificationDnsRecords"));
}

domain verify_domain(graph_client &client, std::string_view name) {
    // Verifying twice does no harm, so a dropped connection may resend it.
    request_options options;
    options.idempotent = true;
    auto answer = client.post(domain_path(name) + "/verify", std::nullopt, options);
    return answer ? parse_domain(*answer) : named(name);
}

std::vector<domain_dns_record> service_configuration_records(graph_client &client, std::string_view name) {
    return records_of(client.get(domain_path(name) + "/serviceConfigurationRecords"));
}

void set_supported_services(graph_client &client, std::string_view name, const std::vector<std::string> &services) {
    client.patch(domain_path(name), nlohmann::json{{"supportedServices", services}});
}

void set_default_domain(graph_client &client, std::string_view name) {
    client.patch(domain_path(name), nlohmann::json{{"isDefault", true}});
}

}  // namespace mailint::graph
