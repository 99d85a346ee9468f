#include "blueprint/exchange_onprem_types.h"

namespace mailint::exchange_onprem {

namespace {

using vk = value_kind;

property_spec prop(std::string name, vk kind, std::string set_param, std::string create_param,
                   compare_mode mode = compare_mode::equal) {
    return {std::move(name), kind, std::move(set_param), std::move(create_param), mode, false};
}

property_spec same(std::string name, vk kind) { return prop(name, kind, name, name); }

property_spec create_only(std::string name) {
    property_spec p{name, vk::text_ci, "", name, compare_mode::equal, true};
    return p;
}

resource_type virtual_directory(std::string noun, std::vector<property_spec> extra,
                                nlohmann::json update_static = nlohmann::json::object()) {
    resource_type t;
    t.name = noun;
    t.list_command = "Get-" + noun;
    t.update_command = "Set-" + noun;
    t.update_static = std::move(update_static);
    // Virtual directories exist once Exchange is installed; the script only sets them.
    t.properties = {prop("InternalUrl", vk::url, "InternalUrl", ""),
                    prop("ExternalUrl", vk::url, "ExternalUrl", "")};
    for (auto &p : extra) t.properties.push_back(std::move(p));
    return t;
}

type_catalogue make() {
    type_catalogue c;

    c.server.name = "ExchangeServer";
    c.server.list_command = "Get-ExchangeServer";
    c.server.identity_property = "Name";

    c.certificate.name = "ExchangeCertificate";
    c.certificate.list_command = "Get-ExchangeCertificate";
    c.certificate.identity_property = "Thumbprint";
    c.certificate.create_command = "Import-ExchangeCertificate";
    c.certificate.update_command = "Enable-ExchangeCertificate";
    c.certificate.update_identity_parameter = "Thumbprint";
    // -Force: replace the SMTP default certificate without the interactive prompt, as the script.
    c.certificate.update_static = {{"Force", true}};
    // Enabling adds services and never removes one, so "includes" is the right test.
    c.certificate.properties = {prop("Services", vk::flags, "Services", "", compare_mode::includes)};

    c.accepted_domain.name = "AcceptedDomain";
    c.accepted_domain.list_command = "Get-AcceptedDomain";
    c.accepted_domain.create_command = "New-AcceptedDomain";
    c.accepted_domain.update_command = "Set-AcceptedDomain";
    c.accepted_domain.properties = {prop("DomainName", vk::text_ci, "", "DomainName"),
                                    prop("Default", vk::boolean, "MakeDefault", "")};

    c.email_address_policy.name = "EmailAddressPolicy";
    c.email_address_policy.list_command = "Get-EmailAddressPolicy";
    c.email_address_policy.create_command = "New-EmailAddressPolicy";
    c.email_address_policy.update_command = "Set-EmailAddressPolicy";
    c.email_address_policy.properties = {same("IncludedRecipients", vk::text_ci),
                                         same("EnabledPrimarySMTPAddressTemplate", vk::smtp_template)};

    c.owa_virtual_directory = virtual_directory("OwaVirtualDirectory", {});
    c.ecp_virtual_directory = virtual_directory("EcpVirtualDirectory", {});
    c.active_sync_virtual_directory = virtual_directory("ActiveSyncVirtualDirectory", {});
    c.oab_virtual_directory =
        virtual_directory("OabVirtualDirectory", {prop("RequireSSL", vk::boolean, "RequireSSL", "")});
    c.web_services_virtual_directory = virtual_directory(
        "WebServicesVirtualDirectory",
        {prop("BasicAuthentication", vk::boolean, "BasicAuthentication", "")}, {{"Force", true}});

    c.outlook_anywhere.name = "OutlookAnywhere";
    c.outlook_anywhere.list_command = "Get-OutlookAnywhere";
    // Exchange 2010 needs Enable-OutlookAnywhere once; later versions always have it and take Set-.
    c.outlook_anywhere.create_command = "Enable-OutlookAnywhere";
    c.outlook_anywhere.update_command = "Set-OutlookAnywhere";
    c.outlook_anywhere.properties = {
        same("ExternalHostname", vk::text_ci),
        prop("ExternalClientAuthenticationMethod", vk::text_ci, "ExternalClientAuthenticationMethod",
             "ClientAuthenticationMethod"),
        same("SSLOffloading", vk::boolean)};

    c.receive_connector.name = "ReceiveConnector";
    c.receive_connector.list_command = "Get-ReceiveConnector";
    c.receive_connector.create_command = "New-ReceiveConnector";
    c.receive_connector.update_command = "Set-ReceiveConnector";
    c.receive_connector.properties = {create_only("Usage"),
                                      same("Bindings", vk::bindings),
                                      same("RemoteIPRanges", vk::ip_ranges),
                                      same("Fqdn", vk::text_ci),
                                      same("Enabled", vk::boolean),
                                      same("AuthMechanism", vk::flags)};

    c.send_connector.name = "SendConnector";
    c.send_connector.list_command = "Get-SendConnector";
    c.send_connector.create_command = "New-SendConnector";
    c.send_connector.update_command = "Set-SendConnector";
    c.send_connector.properties = {create_only("Usage"),
                                   same("AddressSpaces", vk::address_spaces),
                                   same("IsScopedConnector", vk::boolean),
                                   same("DNSRoutingEnabled", vk::boolean),
                                   same("UseExternalDNSServersEnabled", vk::boolean),
                                   same("SourceTransportServers", vk::set_ci)};
    return c;
}

}  // namespace

const type_catalogue &types() {
    static const type_catalogue catalogue = make();
    return catalogue;
}

}  // namespace mailint::exchange_onprem
