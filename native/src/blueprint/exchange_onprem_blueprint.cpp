#include "blueprint/exchange_onprem_blueprint.h"

#include "blueprint/exchange_onprem_types.h"

namespace mailint::exchange_onprem {

namespace {

using json = nlohmann::json;

desired_resource each(const std::string &id, const resource_type &type, json properties,
                      const std::string &label) {
    desired_resource d;
    d.id = id;
    d.type = &type;
    d.label = label;
    d.scope = resource_scope::each_existing;
    d.properties = std::move(properties);
    d.when_absent = absent_policy::fail;
    d.absent_error_id = "exchange.virtual_directory.missing";
    d.absent_target = type.name;
    d.absent_message = "No " + type.name + " exists: Exchange is not fully installed on this server, "
                       "or the session is not connected to Exchange. Finish the installation (X4) first.";
    return d;
}

}  // namespace

planner_input expand(const request &r, diagnostics warnings) {
    const auto &t = types();
    const std::string https = "https://" + r.host_name;
    planner_input in;
    in.scenario = kScenario;

    // The server the connectors belong to must exist; nothing else makes sense without it.
    desired_resource server;
    server.id = "server";
    server.type = &t.server;
    server.label = r.server;
    server.match = {{"Name", r.server}};
    server.when_absent = absent_policy::fail;
    server.absent_error_id = "exchange.server.not_found";
    server.absent_target = "Server";
    server.absent_message = "Exchange server '" + r.server + "' is not in this organization; pass "
                            "-Server with the name Get-ExchangeServer shows.";
    in.resources.push_back(server);

    // Import the PFX and enable it for POP, IIS, IMAP, SMTP. Keyed by thumbprint, so a
    // certificate imported by an earlier run (or by hand) is enabled, not imported twice.
    desired_resource cert;
    cert.id = "certificate";
    cert.type = &t.certificate;
    cert.label = r.certificate ? r.certificate->thumbprint : std::string();
    cert.match = {{"Thumbprint", cert.label}};
    cert.properties = {{"Services", kServices}};
    cert.create_parameters = {{"FileData", {{"$fileBytes", r.cert_path}}}, {"PrivateKeyExportable", true}};
    if (!r.cert_password_secret.empty())
        cert.create_parameters["Password"] = {{"$secret", r.cert_password_secret}};
    cert.risk = "medium";
    cert.notes = {"Enabling for SMTP replaces the default SMTP certificate."};
    in.resources.push_back(cert);

    // New accepted domain, made the default. Found by domain name whatever it is called (the
    // original named it "official name").
    desired_resource domain;
    domain.id = "accepted-domain";
    domain.type = &t.accepted_domain;
    domain.label = r.accepted_domain_name;
    domain.match = {{"DomainName", r.domain_name}};
    domain.properties = {{"DomainName", r.domain_name}, {"Default", true}};
    domain.create_parameters = {{"Name", r.accepted_domain_name}};
    in.resources.push_back(domain);

    // %m@domain for all recipients; Exchange refuses a template for a domain it does not accept.
    desired_resource policy;
    policy.id = "email-address-policy";
    policy.type = &t.email_address_policy;
    policy.label = kPolicyName;
    policy.match = {{"Name", kPolicyName}};
    policy.properties = {{"IncludedRecipients", "AllRecipients"},
                         {"EnabledPrimarySMTPAddressTemplate", "%m@" + r.domain_name}};
    policy.create_parameters = {{"Name", kPolicyName}};
    policy.depends_on = {"accepted-domain"};
    in.resources.push_back(policy);

    // InternalUrl = ExternalUrl on every virtual directory (the document's recommendation).
    auto urls = [](const std::string &u) { return json{{"InternalUrl", u}, {"ExternalUrl", u}}; };
    in.resources.push_back(each("owa", t.owa_virtual_directory, urls(https + "/owa"), "OWA"));
    in.resources.push_back(each("ecp", t.ecp_virtual_directory, urls(https + "/ecp"), "ECP"));
    in.resources.push_back(each("activesync", t.active_sync_virtual_directory,
                                urls(https + "/Microsoft-Server-ActiveSync"), "ActiveSync"));
    auto oab = urls(https + "/OAB");
    oab["RequireSSL"] = true;
    in.resources.push_back(each("oab", t.oab_virtual_directory, oab, "OAB"));
    auto ews = urls(https + "/EWS/Exchange.asmx");
    ews["BasicAuthentication"] = true;
    auto ews_resource = each("ews", t.web_services_virtual_directory, ews, "EWS");
    ews_resource.risk = "medium";
    ews_resource.notes = {"Basic authentication on EWS sends passwords with every request; the "
                          "original script enables it."};
    in.resources.push_back(ews_resource);
    warnings.warning("security.basic_auth.web_services", "WebServicesVirtualDirectory",
                     "Basic authentication is enabled on EWS as ConfigureExchange.ps1 does; prefer "
                     "OAuth or Windows authentication where clients allow it.");

    // Outlook Anywhere with Basic authentication, no SSL offloading, on this server.
    desired_resource oa;
    oa.id = "outlook-anywhere";
    oa.type = &t.outlook_anywhere;
    oa.label = r.server;
    oa.scope = resource_scope::each_existing;
    oa.match = {{"Server", r.server}};
    oa.properties = {{"ExternalHostname", r.host_name},
                     {"ExternalClientAuthenticationMethod", "Basic"},
                     {"SSLOffloading", false}};
    oa.create_parameters = {{"Server", r.server}};
    oa.risk = "medium";
    oa.notes = {"Basic authentication on Outlook Anywhere, as the original script sets it."};
    in.resources.push_back(oa);
    warnings.warning("security.basic_auth.outlook_anywhere", "OutlookAnywhere",
                     "Outlook Anywhere is set to Basic authentication as ConfigureExchange.ps1 does; "
                     "prefer NTLM or Negotiate where clients allow it.");

    // The default receive connector only accepts the internal network ...
    const std::string default_connector = r.server + "\\Default " + r.server;
    desired_resource def;
    def.id = "receive-connector-default";
    def.type = &t.receive_connector;
    def.label = default_connector;
    def.match = {{"Identity", default_connector}};
    def.properties = {{"RemoteIPRanges", json::array({r.internal_ip_range})}};
    def.when_absent = absent_policy::fail;
    def.absent_error_id = "exchange.receive_connector.default_missing";
    def.absent_target = "Server";
    def.absent_message = "Receive connector '" + default_connector + "' does not exist; check -Server "
                         "or recreate the default connector.";
    def.risk = "medium";
    def.notes = {"Mail from outside the internal range will go to the Internet connector instead."};
    in.resources.push_back(def);

    // ... so that a new Internet connector on ServerIpAddress:25 can take everything else;
    // creating it first would clash with the default connector's binding.
    const std::string internet_connector = r.server + "\\" + kReceiveConnectorName;
    desired_resource recv;
    recv.id = "receive-connector-internet";
    recv.type = &t.receive_connector;
    recv.label = internet_connector;
    recv.match = {{"Identity", internet_connector}};
    recv.properties = {{"Usage", "Internet"},
                       {"Bindings", json::array({r.server_ip + ":25"})},
                       {"Fqdn", r.host_name},
                       {"Enabled", true},
                       {"AuthMechanism", json::array({"Tls", "BasicAuth", "BasicAuthRequireTLS", "Integrated"})}};
    recv.create_parameters = {{"Name", kReceiveConnectorName}, {"Server", r.server}};
    recv.depends_on = {"receive-connector-default"};
    in.resources.push_back(recv);

    desired_resource send;
    send.id = "send-connector";
    send.type = &t.send_connector;
    send.label = kSendConnectorName;
    send.match = {{"Name", kSendConnectorName}};
    send.properties = {{"Usage", "Internet"},
                       {"AddressSpaces", json::array({"SMTP:*;1"})},
                       {"IsScopedConnector", false},
                       {"DNSRoutingEnabled", true},
                       {"UseExternalDNSServersEnabled", true},
                       {"SourceTransportServers", json::array({r.server})}};
    send.create_parameters = {{"Name", kSendConnectorName}};
    in.resources.push_back(send);

    in.findings = std::move(warnings);
    return in;
}

}  // namespace mailint::exchange_onprem
