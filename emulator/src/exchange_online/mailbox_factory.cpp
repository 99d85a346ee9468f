#include "exchange_online/mailbox_factory.h"

#include "entra/digest.h"

#include <cstdio>
#include <stdexcept>

namespace emulator::exchange_online {

std::string derived_guid(std::string_view seed)
{
    auto bytes = entra::sha256(seed);
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);
    char text[37];
    std::snprintf(text, sizeof text, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", bytes[0],
                  bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10],
                  bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]);
    return text;
}

json make_mailbox(std::string_view tenant_id, std::string_view name, std::string_view display_name,
                  std::string_view domain, std::string_view recipient_type_details)
{
    const std::string address = std::string(name) + "@" + std::string(domain);
    const std::string seed = std::string(tenant_id) + "|" + std::string(name);
    return json{{"Identity", name},
                {"Name", name},
                {"Alias", name},
                {"DisplayName", display_name},
                {"UserPrincipalName", address},
                {"PrimarySmtpAddress", address},
                {"EmailAddresses", json::array({"SMTP:" + address})},
                {"RecipientTypeDetails", recipient_type_details},
                {"ExchangeGuid", derived_guid("ExchangeGuid|" + seed)},
                {"ExternalDirectoryObjectId", derived_guid("ExternalDirectoryObjectId|" + seed)},
                {"ForwardingAddress", nullptr},
                {"ForwardingSmtpAddress", nullptr},
                {"DeliverToMailboxAndForward", false}};
}

json make_cas_mailbox(const json& mailbox)
{
    return json{{"Identity", mailbox.at("Identity")},
                {"Name", mailbox.at("Name")},
                {"PrimarySmtpAddress", mailbox.at("PrimarySmtpAddress")},
                {"ActiveSyncEnabled", true},
                {"OWAEnabled", true},
                {"PopEnabled", true},
                {"ImapEnabled", true},
                {"MAPIEnabled", true},
                {"EwsEnabled", true}};
}

json complete_mailbox(std::string_view tenant_id, const json& given)
{
    if (!given.is_object() || !given.contains("Name") || !given["Name"].is_string() ||
        !given.contains("PrimarySmtpAddress") || !given["PrimarySmtpAddress"].is_string())
        throw std::invalid_argument("every mailbox needs a Name and a PrimarySmtpAddress");
    const std::string name = given["Name"].get<std::string>();
    const std::string address = given["PrimarySmtpAddress"].get<std::string>();
    const auto at = address.find('@');
    if (at == std::string::npos)
        throw std::invalid_argument("mailbox '" + name + "' has no valid PrimarySmtpAddress");
    json mailbox = make_mailbox(tenant_id, name, name, address.substr(at + 1), "UserMailbox");
    mailbox["Alias"] = address.substr(0, at);
    mailbox["UserPrincipalName"] = address;
    mailbox["PrimarySmtpAddress"] = address;
    mailbox["EmailAddresses"] = json::array({"SMTP:" + address});
    for (const auto& [key, value] : given.items())
        mailbox[key] = value;
    return mailbox;
}

} // namespace emulator::exchange_online
