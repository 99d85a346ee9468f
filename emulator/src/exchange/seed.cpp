#include "exchange/seed.h"

#include <stdexcept>

namespace emulator::exchange {
namespace {

constexpr const char* seed_text = R"json({
  "exchangeOnPrem": {
    "First Organization": {
      "servers": [
        {"Name": "EX01", "Fqdn": "ex01.corp.contoso.local", "AdminDisplayVersion": "Version 15.1 (Build 2507.6)",
         "ServerRole": "Mailbox"}
      ],
      "certificates": [
        {"Thumbprint": "5A1C8E3F0B7D24960E4F1A2B3C4D5E6F70819A2B", "Subject": "CN=EX01", "Issuer": "CN=EX01",
         "CertificateDomains": ["EX01", "ex01.corp.contoso.local"], "Services": "IMAP, POP, IIS, SMTP",
         "NotBefore": "2024-03-04T09:15:00Z", "NotAfter": "2029-03-04T09:15:00Z", "HasPrivateKey": true,
         "IsSelfSigned": true}
      ],
      "acceptedDomains": [
        {"Identity": "corp.contoso.local", "Name": "corp.contoso.local", "DomainName": "corp.contoso.local",
         "DomainType": "Authoritative", "Default": true}
      ],
      "emailAddressPolicies": [
        {"Identity": "Default Policy", "Name": "Default Policy", "IncludedRecipients": "AllRecipients",
         "EnabledPrimarySMTPAddressTemplate": "SMTP:%m@corp.contoso.local",
         "EnabledEmailAddressTemplates": ["SMTP:%m@corp.contoso.local"], "Priority": "Lowest"}
      ],
      "virtualDirectories": {
        "owa": [
          {"Identity": "EX01\\owa (Default Web Site)", "Server": "EX01", "Name": "owa (Default Web Site)",
           "InternalUrl": "https://ex01.corp.contoso.local/owa", "ExternalUrl": null}
        ],
        "ecp": [
          {"Identity": "EX01\\ecp (Default Web Site)", "Server": "EX01", "Name": "ecp (Default Web Site)",
           "InternalUrl": "https://ex01.corp.contoso.local/ecp", "ExternalUrl": null}
        ],
        "activeSync": [
          {"Identity": "EX01\\Microsoft-Server-ActiveSync (Default Web Site)", "Server": "EX01",
           "Name": "Microsoft-Server-ActiveSync (Default Web Site)",
           "InternalUrl": "https://ex01.corp.contoso.local/Microsoft-Server-ActiveSync", "ExternalUrl": null}
        ],
        "oab": [
          {"Identity": "EX01\\OAB (Default Web Site)", "Server": "EX01", "Name": "OAB (Default Web Site)",
           "InternalUrl": "https://ex01.corp.contoso.local/OAB", "ExternalUrl": null, "RequireSSL": false}
        ],
        "webServices": [
          {"Identity": "EX01\\EWS (Default Web Site)", "Server": "EX01", "Name": "EWS (Default Web Site)",
           "InternalUrl": "https://ex01.corp.contoso.local/EWS/Exchange.asmx", "ExternalUrl": null,
           "BasicAuthentication": false}
        ]
      },
      "outlookAnywhere": [],
      "receiveConnectors": [
        {"Identity": "EX01\\Default EX01", "Name": "Default EX01", "Server": "EX01",
         "Bindings": ["0.0.0.0:25", "[::]:25"],
         "RemoteIPRanges": ["::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "0.0.0.0-255.255.255.255"],
         "Fqdn": "ex01.corp.contoso.local", "AuthMechanism": "Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer",
         "Enabled": true, "TransportRole": "HubTransport"},
        {"Identity": "EX01\\Client EX01", "Name": "Client EX01", "Server": "EX01",
         "Bindings": ["0.0.0.0:587"],
         "RemoteIPRanges": ["::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "0.0.0.0-255.255.255.255"],
         "Fqdn": "ex01.corp.contoso.local", "AuthMechanism": "Tls, Integrated, BasicAuth, BasicAuthRequireTLS",
         "Enabled": true, "TransportRole": "FrontendTransport"}
      ],
      "sendConnectors": []
    }
  }
})json";

constexpr const char* collections[] = {"servers",         "certificates",     "acceptedDomains", "emailAddressPolicies",
                                       "outlookAnywhere", "receiveConnectors", "sendConnectors"};
constexpr const char* directory_kinds[] = {"owa", "ecp", "activeSync", "oab", "webServices"};

void fill(json& object, const char* key, json empty)
{
    if (!object.contains(key))
        object[key] = std::move(empty);
    else if (object[key].type() != empty.type())
        throw std::invalid_argument(std::string("'") + key + "' has the wrong type");
    if (object[key].is_array())
        for (const auto& item : object[key])
            if (!item.is_object())
                throw std::invalid_argument(std::string("every entry of '") + key + "' must be an object");
}

} // namespace

json built_in_seed() { return json::parse(seed_text); }

json normalize_state(json document)
{
    if (!document.is_object())
        throw std::invalid_argument("the state must be a JSON object");
    fill(document, "exchangeOnPrem", json::object());
    for (auto& [name, org] : document["exchangeOnPrem"].items()) {
        if (!org.is_object())
            throw std::invalid_argument("organization '" + name + "' must be an object");
        for (const char* key : collections)
            fill(org, key, json::array());
        fill(org, "virtualDirectories", json::object());
        for (const char* kind : directory_kinds)
            fill(org["virtualDirectories"], kind, json::array());
    }
    return document;
}

} // namespace emulator::exchange
