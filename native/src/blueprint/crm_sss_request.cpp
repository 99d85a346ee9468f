#include "blueprint/crm_sss_request.h"

#include <algorithm>
#include <cctype>

#include "validate/domain_name.h"
#include "validate/message_text.h"
#include "validate/s2s_certificate.h"

namespace mailint::crm_sss {

namespace {

using nlohmann::json;

const std::set<std::string> &known_parameters() {
    static const std::set<std::string> names = {
        "OrganizationName", "Step", "PfxFilePath", "CerFilePath", "PrivateKeyPassword", "AllowSelfSignedCertificate",
        "ServiceAccount", "CrmToolsPath", "IfdUrl", "RootDomainName", "MetadataUrl", "O365AdminEmail", "ProfileName",
        "ProfileDescription", "ExchangeOnlineTenantId", "UseAutodiscover", "IncomingServerLocation",
        "OutgoingServerLocation", "ProcessEmailsReceivedAfter", "MinPollingIntervalInMinutes", "MoveUndeliveredEmails",
        "RequireApproval", "Mailbox", "AllMailboxes", "TestAndEnable", "TestTimeoutSeconds", "PollIntervalSeconds",
        "ResultsPath"};
    return names;
}

std::string lower(std::string s) {
    for (auto &c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string text(const json &p, const char *name, diagnostics &d) {
    auto it = p.find(name);
    if (it == p.end() || it->is_null()) return {};
    if (!it->is_string()) {
        d.error("crm.parameter.invalid", name, std::string(name) + " must be text.");
        return {};
    }
    return it->get<std::string>();
}

std::optional<bool> flag(const json &p, const char *name, diagnostics &d) {
    auto it = p.find(name);
    if (it == p.end() || it->is_null()) return std::nullopt;
    if (!it->is_boolean()) {
        d.error("crm.parameter.invalid", name, std::string(name) + " must be true or false.");
        return std::nullopt;
    }
    return it->get<bool>();
}

std::optional<double> number(const json &p, const char *name, double low, double high, diagnostics &d) {
    auto it = p.find(name);
    if (it == p.end() || it->is_null()) return std::nullopt;
    if (!it->is_number() || it->get<double>() < low || it->get<double>() > high) {
        d.error("crm.parameter.out_of_range", name,
                std::string(name) + " must be a number from " + validate::quote_input(std::to_string(static_cast<long long>(low))) +
                    " to " + std::to_string(static_cast<long long>(high)) + ".");
        return std::nullopt;
    }
    return it->get<double>();
}

bool is_guid(const std::string &s) {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-') return false;
        } else if (!std::isxdigit(static_cast<unsigned char>(s[i]))) {
            return false;
        }
    }
    return true;
}

bool is_url(const std::string &s, bool https_only) {
    const bool https = s.rfind("https://", 0) == 0, http = s.rfind("http://", 0) == 0;
    if (!(https || (http && !https_only))) return false;
    const auto host = s.substr(https ? 8 : 7);
    return !host.empty() && host.find_first_of(" \t\r\n\"<>") == std::string::npos;
}

// "2025-01-01", "2025-01-01T08:00:00Z": the date-time Dataverse stores (whole seconds, UTC).
std::optional<std::string> iso_date_time(const std::string &s) {
    auto digits = [&](std::size_t from, std::size_t n) {
        if (from + n > s.size()) return false;
        for (std::size_t i = from; i < from + n; ++i)
            if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
        return true;
    };
    if (!digits(0, 4) || s.size() < 10 || s[4] != '-' || !digits(5, 2) || s[7] != '-' || !digits(8, 2)) return std::nullopt;
    const int month = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
    if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
    if (s.size() == 10) return s + "T00:00:00Z";
    if (s.size() == 20 && s[10] == 'T' && digits(11, 2) && s[13] == ':' && digits(14, 2) && s[16] == ':' && digits(17, 2) &&
        s[19] == 'Z' && std::stoi(s.substr(11, 2)) < 24 && std::stoi(s.substr(14, 2)) < 60 && std::stoi(s.substr(17, 2)) < 60)
        return s;
    return std::nullopt;
}

bool is_address(const std::string &a) {
    const auto at = a.rfind('@');
    return at != std::string::npos && at > 0 && a.find_first_of(" \t\"<>,;()") == std::string::npos &&
           static_cast<bool>(validate::parse_domain_name(a.substr(at + 1)));
}

void check_certificate(const json &parameters, const secret_store &secrets, request &out, diagnostics &d) {
    std::span<const unsigned char> password;
    if (auto pw = parameters.find("PrivateKeyPassword"); pw != parameters.end() && !pw->is_null()) {
        auto ref = pw->is_object() ? pw->find("$secret") : pw->end();
        if (!pw->is_object() || ref == pw->end() || !ref->is_string()) {
            d.error("request.secret.inline", "PrivateKeyPassword",
                    "PrivateKeyPassword must be a reference {\"$secret\":name} to a secret handed over with "
                    "mailint_session_set_secret, never the password itself.");
        } else if (const auto *secret = secrets.find(ref->get<std::string>())) {
            out.password_secret = ref->get<std::string>();
            password = secret->bytes();
        } else {
            d.error("request.secret.missing", "PrivateKeyPassword",
                    "The secret '" + ref->get<std::string>() + "' was not handed over before the request.");
        }
    }
    if (out.pfx_path.empty()) {
        d.error("crm.certificate.pfx_missing", "PfxFilePath",
                "PfxFilePath is empty; give the .pfx of the x509 certificate Dynamics 365 signs its server-to-server "
                "tokens with (seed C2).");
        return;
    }
    validate::certificate_requirements needs;
    needs.path_parameter = "PfxFilePath";
    needs.password_parameter = "PrivateKeyPassword";
    out.certificate = validate::validate_pfx_certificate(out.pfx_path, password, needs, d);
    if (!out.certificate) return;
    if (out.certificate->self_signed) {
        if (!out.allow_self_signed)
            d.error("crm.certificate.self_signed", "PfxFilePath",
                    "The certificate '" + out.certificate->subject + "' is self-signed: use one from a trusted certification "
                    "authority, or add -AllowSelfSignedCertificate for an evaluation deployment (the document allows it "
                    "there only).");
        else
            d.warning("crm.certificate.self_signed_allowed", "PfxFilePath",
                      "The certificate '" + out.certificate->subject + "' is self-signed: acceptable for evaluation only.");
    } else if (auto why = validate::untrusted_reason(out.certificate->der, out.certificate->chain_der); !why.empty()) {
        d.error("crm.certificate.untrusted", "PfxFilePath",
                "The certificate '" + out.certificate->subject + "' does not chain to a trusted root (" + why +
                    "): install its issuing CA's certificate in the machine's trusted roots, or export the .pfx with the "
                    "whole chain.");
    }
    if (out.cer_path.empty())
        d.add("crm.certificate.cer_not_given", severity::info, "CerFilePath",
               "No .cer was given: the public key registered in Microsoft Entra ID is taken from the .pfx.");
    else
        validate::check_cer_matches(out.cer_path, out.certificate->der, "CerFilePath", d);
}

}  // namespace

const std::vector<std::string> &all_steps() {
    static const std::vector<std::string> steps = {kStepCertificate, kStepAuthentication, kStepProfile, kStepDefaults, kStepMailboxes};
    return steps;
}

std::string retirement_notice() {
    return "Server-side synchronization between Dynamics 365 (on-premises) and Exchange Online is being retired: Microsoft "
           "takes no new tenants for it since October 2025, and version 9 is supported until April 2027. Plan the move to "
           "Dynamics 365 online (Dataverse, where server-side sync with Exchange Online needs no certificate), or to "
           "Dynamics 365 App for Outlook.";
}

diagnostics parse_request(const json &parameters, const secret_store &secrets, request &out) {
    diagnostics d;
    for (const auto &[name, value] : parameters.items())
        if (!known_parameters().count(name))
            d.error("crm.parameter.unknown", name, "Unknown parameter '" + name + "'.");

    out.organization = text(parameters, "OrganizationName", d);
    if (out.organization.empty())
        d.error("crm.organization.missing", "OrganizationName",
                "OrganizationName is empty; give the Dynamics 365 organization's name, e.g. Contoso (Get-CrmOrganization).");
    else if (out.organization.find_first_of(" /\\\"'<>") != std::string::npos)
        d.error("crm.organization.malformed", "OrganizationName",
                "OrganizationName " + validate::quote_input(out.organization) +
                    " is not an organization's unique name (letters, digits, '-' and '_').");

    if (auto s = parameters.find("Step"); s != parameters.end() && !s->is_null()) {
        if (!s->is_array() || s->empty()) {
            d.error("crm.step.invalid", "Step", "Step must be a list of Certificate, Authentication, Profile, Defaults, Mailboxes.");
        } else {
            for (const auto &v : *s) {
                const std::string want = v.is_string() ? v.get<std::string>() : std::string();
                const auto found = std::find_if(all_steps().begin(), all_steps().end(),
                                                [&](const std::string &k) { return lower(k) == lower(want); });
                if (found == all_steps().end())
                    d.error("crm.step.unknown", "Step",
                            "Step " + validate::quote_input(want) + " is not one of Certificate, Authentication, Profile, "
                            "Defaults, Mailboxes.");
                else
                    out.steps.insert(*found);
            }
        }
    } else {
        out.steps.insert(all_steps().begin(), all_steps().end());
    }

    out.pfx_path = text(parameters, "PfxFilePath", d);
    out.cer_path = text(parameters, "CerFilePath", d);
    out.allow_self_signed = flag(parameters, "AllowSelfSignedCertificate", d).value_or(false);
    out.service_account = text(parameters, "ServiceAccount", d);
    if (auto t = text(parameters, "CrmToolsPath", d); !t.empty()) out.tools_path = t;
    out.ifd_url = text(parameters, "IfdUrl", d);
    if (!out.ifd_url.empty() && !is_url(out.ifd_url, false))
        d.error("crm.ifd_url.malformed", "IfdUrl",
                "IfdUrl " + validate::quote_input(out.ifd_url) + " is not an absolute URL, e.g. https://contoso.crm.contoso.com.");
    if (out.runs(kStepCertificate) || out.runs(kStepAuthentication)) check_certificate(parameters, secrets, out, d);
    if (out.runs(kStepCertificate) && out.service_account.empty())
        d.error("crm.service_account.missing", "ServiceAccount",
                "ServiceAccount is empty; give the account of the Microsoft Dynamics 365 Asynchronous Processing Service "
                "(DOMAIN\\user or 'Network Service'): CertificateReconfiguration.ps1 grants it the private key.");

    out.root_domain = lower(text(parameters, "RootDomainName", d));
    if (!out.root_domain.empty()) {
        if (out.root_domain.rfind("*.", 0) == 0) out.root_domain = out.root_domain.substr(2);
        if (!validate::parse_domain_name(out.root_domain))
            d.error("crm.root_domain.malformed", "RootDomainName",
                    "RootDomainName " + validate::quote_input(out.root_domain) +
                        " is not a domain name; give the domain of the Dynamics 365 servers, e.g. contoso.com.");
    }
    if (auto m = text(parameters, "MetadataUrl", d); !m.empty()) {
        if (!is_url(m, true))
            d.error("crm.metadata_url.malformed", "MetadataUrl",
                    "MetadataUrl must be an https URL, e.g. https://accounts.accesscontrol.windows.net/metadata/json/1 "
                    "(GCC High: https://login.microsoftonline.us/metadata/json/1).");
        out.metadata_url = m;
    }
    if (auto a = text(parameters, "O365AdminEmail", d); !a.empty() && !is_address(a))
        d.error("crm.admin_email.malformed", "O365AdminEmail",
                "O365AdminEmail " + validate::quote_input(a) + " is not an email address, e.g. admin@contoso.onmicrosoft.com.");

    if (auto n = text(parameters, "ProfileName", d); !n.empty()) out.profile_name = n;
    if (out.profile_name.size() > 100)
        d.error("crm.profile.name_too_long", "ProfileName", "ProfileName is longer than the 100 characters Dataverse keeps.");
    out.profile_description = text(parameters, "ProfileDescription", d);
    out.exchange_tenant_id = lower(text(parameters, "ExchangeOnlineTenantId", d));
    if (!out.exchange_tenant_id.empty() && !is_guid(out.exchange_tenant_id))
        d.error("crm.profile.tenant_id_malformed", "ExchangeOnlineTenantId",
                "ExchangeOnlineTenantId must be the tenant's GUID; leave it out to use the id set by this cmdlet (recommended).");
    out.autodiscover = flag(parameters, "UseAutodiscover", d).value_or(true);
    out.incoming_location = text(parameters, "IncomingServerLocation", d);
    out.outgoing_location = text(parameters, "OutgoingServerLocation", d);
    if (!out.autodiscover) {
        for (auto [value, name] : {std::pair{&out.incoming_location, "IncomingServerLocation"},
                                   std::pair{&out.outgoing_location, "OutgoingServerLocation"}})
            if (!is_url(*value, true))
                d.error("crm.profile.location_missing", name,
                        std::string(name) + " must be an https URL when UseAutodiscover is false, e.g. "
                        "https://outlook.office365.com/EWS/Exchange.asmx.");
    } else if (!out.incoming_location.empty() || !out.outgoing_location.empty()) {
        d.error("crm.profile.location_with_autodiscover", out.incoming_location.empty() ? "OutgoingServerLocation" : "IncomingServerLocation",
                "Server locations are used only with UseAutodiscover false: drop them, or set UseAutodiscover false.");
    }
    if (auto after = text(parameters, "ProcessEmailsReceivedAfter", d); !after.empty()) {
        if (auto iso = iso_date_time(after))
            out.process_emails_after = *iso;
        else
            d.error("crm.profile.date_malformed", "ProcessEmailsReceivedAfter",
                    "ProcessEmailsReceivedAfter " + validate::quote_input(after) + " is not a date (2025-01-01 or 2025-01-01T08:00:00Z).");
    }
    if (auto m = number(parameters, "MinPollingIntervalInMinutes", 0, 1440, d)) out.min_polling_minutes = static_cast<int>(*m);
    out.move_undelivered = flag(parameters, "MoveUndeliveredEmails", d).value_or(false);
    out.require_approval = flag(parameters, "RequireApproval", d).value_or(true);

    if (auto m = parameters.find("Mailbox"); m != parameters.end() && !m->is_null()) {
        if (!m->is_array()) {
            d.error("crm.mailbox.invalid", "Mailbox", "Mailbox must be a list of email addresses.");
        } else {
            std::set<std::string> seen;
            for (const auto &v : *m) {
                const std::string a = v.is_string() ? lower(v.get<std::string>()) : std::string();
                if (!is_address(a))
                    d.error("crm.mailbox.malformed", "Mailbox", "Mailbox " + validate::quote_input(a) + " is not an email address.");
                else if (seen.insert(a).second)
                    out.mailboxes.push_back(a);
            }
        }
    }
    out.all_mailboxes = flag(parameters, "AllMailboxes", d).value_or(false);
    if (out.runs(kStepMailboxes)) {
        if (out.all_mailboxes && !out.mailboxes.empty())
            d.error("crm.mailbox.selection_conflict", "AllMailboxes", "Give Mailbox or AllMailboxes, not both.");
        else if (!out.all_mailboxes && out.mailboxes.empty())
            d.error("crm.mailbox.selection_missing", "Mailbox",
                    "Choose the mailboxes (C7): -Mailbox with their email addresses, or -AllMailboxes for every active "
                    "mailbox; or leave Mailboxes out of -Step.");
    }
    out.test_enable = flag(parameters, "TestAndEnable", d).value_or(true);
    if (auto t = number(parameters, "TestTimeoutSeconds", 1, 86400, d)) out.test_timeout_seconds = static_cast<int>(*t);
    if (auto p = number(parameters, "PollIntervalSeconds", 0, 600, d)) out.poll_seconds = *p;
    out.results_path = text(parameters, "ResultsPath", d);
    return d;
}

}  // namespace mailint::crm_sss
