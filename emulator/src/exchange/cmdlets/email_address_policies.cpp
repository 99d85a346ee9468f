// Get-, New- and Set-EmailAddressPolicy.
#include "exchange/cmdlet_error.h"
#include "exchange/cmdlet_registry.h"
#include "exchange/org_model.h"
#include "exchange/values.h"
#include "util/text.h"

#include <algorithm>
#include <array>

namespace emulator::exchange {
namespace {

// WellKnownRecipientType in declaration order; AllRecipients includes every other type.
constexpr std::array<std::string_view, 7> recipient_types = {"None",       "MailboxUsers", "Resources", "MailContacts",
                                                             "MailGroups", "MailUsers",    "AllRecipients"};
constexpr std::string_view recipient_type_name = "Microsoft.Exchange.Data.Directory.Recipient.WellKnownRecipientType";

json& policies(json& org) { return collection(org, "emailAddressPolicies"); }

// A custom policy's number; 0 for "Lowest" (the default policy) or anything a seed got wrong.
int priority_number(const json& policy)
{
    const std::string text = policy.value("Priority", "");
    if (text.empty() || text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos)
        return 0;
    return std::stoi(text);
}

bool is_accepted(json& org, std::string_view domain)
{
    for (const auto& accepted : collection(org, "acceptedDomains")) {
        const std::string name = accepted.value("DomainName", "");
        if (iequals(name, domain))
            return true;
        if (name.starts_with("*.") && domain.size() > name.size() - 1 &&
            iequals(domain.substr(domain.size() - (name.size() - 1)), std::string_view(name).substr(1)))
            return true;
    }
    return false;
}

// Exchange stores the primary template with an upper-case "SMTP:" prefix; the domain of the
// template must be one of the organization's accepted domains.
std::string parse_template(json& org, std::string_view parameter, std::string_view text)
{
    std::string_view value = trim(text);
    if (value.find(':') != std::string_view::npos) {
        if (!istarts_with(value, "smtp:"))
            throw_invalid_argument(parameter, "The primary SMTP address template \"" + std::string(text) +
                                                  "\" must be an SMTP template such as %m@contoso.com.");
        value = value.substr(5);
    }
    const auto at = value.find('@');
    if (at == std::string_view::npos || value.find('@', at + 1) != std::string_view::npos)
        throw_invalid_argument(parameter, "The address template \"" + std::string(text) +
                                              "\" must contain exactly one '@', such as %m@contoso.com.");
    const std::string domain = parse_domain_name(parameter, value.substr(at + 1));
    if (!is_accepted(org, domain))
        throw_data_validation("The domain '" + domain + "' in the email address template \"" + std::string(text) +
                              "\" isn't an accepted domain for your organization.");
    return "SMTP:" + std::string(value);
}

json get_email_address_policy(cmdlet_context& context)
{
    return select(context.org, policies(context.org), context, {"Identity", "Name"});
}

json new_email_address_policy(cmdlet_context& context)
{
    const std::string name = *context.params.string("Name");
    const std::string included =
        parse_flags("IncludedRecipients", context.params.list("IncludedRecipients"), recipient_type_name, recipient_types,
                    "None", "AllRecipients");
    const std::string primary =
        parse_template(context.org, "EnabledPrimarySMTPAddressTemplate", *context.params.string("EnabledPrimarySMTPAddressTemplate"));
    if (find_object(policies(context.org), name, {"Name"}))
        throw_already_exists("An email address policy with the name '" + name + "' already exists.");

    // Custom policies are numbered 1..N above the default ("Lowest"); a new one goes last unless
    // told, and the ones at or after its place move down.
    int custom = 0;
    for (const auto& policy : policies(context.org))
        custom = std::max(custom, priority_number(policy));
    int priority = custom + 1;
    if (const auto given = context.params.string("Priority")) {
        priority = priority_number(json{{"Priority", *given}});
        if (priority < 1 || priority > custom + 1)
            throw_invalid_argument("Priority", "The priority \"" + *given + "\" must be a number from 1 to " +
                                                   std::to_string(custom + 1) + ".");
        for (auto& policy : policies(context.org))
            if (const int current = priority_number(policy); current >= priority)
                policy["Priority"] = std::to_string(current + 1);
    }
    json policy = {{"Identity", name},
                   {"Name", name},
                   {"IncludedRecipients", included},
                   {"EnabledPrimarySMTPAddressTemplate", primary},
                   {"EnabledEmailAddressTemplates", json::array({primary})},
                   {"Priority", std::to_string(priority)}};
    policies(context.org).push_back(policy);
    return json::array({policy});
}

json set_email_address_policy(cmdlet_context& context)
{
    const std::string identity = *context.params.string("Identity");
    json& policy = require_object(context.org, policies(context.org), identity, {"Identity", "Name"});
    bool changed = false;
    if (context.params.has("IncludedRecipients"))
        changed |= assign(policy, "IncludedRecipients",
                          parse_flags("IncludedRecipients", context.params.list("IncludedRecipients"), recipient_type_name,
                                      recipient_types, "None", "AllRecipients"));
    if (const auto given = context.params.string("EnabledPrimarySMTPAddressTemplate")) {
        const std::string primary = parse_template(context.org, "EnabledPrimarySMTPAddressTemplate", *given);
        changed |= assign(policy, "EnabledPrimarySMTPAddressTemplate", primary);
        // The primary template is the one entry with an upper-case prefix; secondaries stay.
        json templates = json::array({primary});
        for (const auto& entry : policy.value("EnabledEmailAddressTemplates", json::array()))
            if (entry.is_string() && !entry.get<std::string>().starts_with("SMTP:"))
                templates.push_back(entry);
        changed |= assign(policy, "EnabledEmailAddressTemplates", templates);
    } else if (context.params.has("EnabledPrimarySMTPAddressTemplate")) {
        throw_invalid_argument("EnabledPrimarySMTPAddressTemplate", "The argument is null or empty.");
    }
    warn_unchanged(context, changed, policy.value("Identity", identity));
    return json::array();
}

} // namespace

std::vector<cmdlet_spec> email_address_policy_cmdlets()
{
    return {
        {"Get-EmailAddressPolicy", {{"Identity", param_kind::string}}, get_email_address_policy},
        {"New-EmailAddressPolicy",
         {{"Name", param_kind::string, true},
          {"IncludedRecipients", param_kind::string_list, true},
          {"EnabledPrimarySMTPAddressTemplate", param_kind::string, true},
          {"Priority", param_kind::scalar}},
         new_email_address_policy},
        {"Set-EmailAddressPolicy",
         {{"Identity", param_kind::string, true},
          {"EnabledPrimarySMTPAddressTemplate", param_kind::string},
          {"IncludedRecipients", param_kind::string_list}},
         set_email_address_policy},
    };
}

} // namespace emulator::exchange
