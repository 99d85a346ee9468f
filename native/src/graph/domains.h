#pragma once
// Tenant domains in Microsoft Graph (wire-apis.md §2.2): add → read the verification records →
// publish them → verify → mark the services (Email …) and, optionally, make it the default.
// The DNS records Graph describes (verification and service configuration) are parsed into one
// struct whatever their subtype, so the DNS side can compare them with what a zone holds.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "graph/graph_client.h"

namespace mailint::graph {

struct domain {
    std::string id;  // the name, "contoso.com"
    std::string authentication_type;  // Managed | Federated
    std::string availability_status;  // set by verify
    bool is_admin_managed = false;
    bool is_default = false;
    bool is_initial = false;
    bool is_root = false;
    bool is_verified = false;
    std::vector<std::string> supported_services;  // "Email", "OfficeCommunicationsOnline" …
};

enum class dns_record_kind { mx, txt, cname, srv, unavailable, unknown };

struct domain_dns_record {
    dns_record_kind kind = dns_record_kind::unknown;
    std::string record_type;  // as Graph names it: "Mx", "Txt", "CName", "Srv"
    std::string id;
    std::string label;  // the owner name, "contoso.com" or "autodiscover.contoso.com"
    long long ttl = 0;
    bool is_optional = false;
    std::string supported_service;
    // The record's data: Mx mailExchange, Txt text, CName canonicalName, Srv nameTarget,
    // Unavailable description.
    std::string value;
    long long preference = 0;  // Mx
    long long priority = 0, weight = 0, port = 0;  // Srv
    std::string protocol, service;  // Srv: "_tls", "_sip"
};

domain parse_domain(const nlohmann::json &object);
// From "@odata.type" ("#microsoft.graph.domainDnsMxRecord", with or without '#'), else from
// "recordType".
domain_dns_record parse_dns_record(const nlohmann::json &object);

std::vector<domain> list_domains(graph_client &client);
// nullopt when the tenant has no such domain; any other failure throws.
std::optional<domain> get_domain(graph_client &client, std::string_view name);
// POST /v1.0/domains {"id":name}. Throws graph.* (a domain another tenant verified, or one
// already added, is a 400 from Graph).
domain add_domain(graph_client &client, std::string_view name);
std::vector<domain_dns_record> verification_dns_records(graph_client &client, std::string_view name);
// POST /v1.0/domains/{name}/verify; Graph checks the published TXT/MX records.
domain verify_domain(graph_client &client, std::string_view name);
std::vector<domain_dns_record> service_configuration_records(graph_client &client, std::string_view name);
// PATCH supportedServices (the whole list). Graph refuses it for an unverified domain.
void set_supported_services(graph_client &client, std::string_view name, const std::vector<std::string> &services);
// PATCH isDefault true (Graph clears the previous default).
void set_default_domain(graph_client &client, std::string_view name);

}  // namespace mailint::graph
