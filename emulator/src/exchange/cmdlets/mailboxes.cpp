// Get-Mailbox and Set-Mailbox of the on-premises organization, for the quotas the Essentials Add
// User wizard enforces (seed X11).
//
// State: org["mailboxes"] = [{"Identity","Name","Alias","PrimarySmtpAddress","SamAccountName",
// "RecipientTypeDetails":"UserMailbox","ServerName","UseDatabaseQuotaDefaults":true,
// "IssueWarningQuota","ProhibitSendQuota","ProhibitSendReceiveQuota"}]; quotas as Exchange prints
// them ("Unlimited", "2 GB (2,147,483,648 bytes)"), normalised on every read.
#include "exchange/byte_quantity.h"
#include "exchange/cmdlet_error.h"
#include "exchange/cmdlet_registry.h"
#include "exchange/org_model.h"
#include "exchange/values.h"

#include <algorithm>

namespace emulator::exchange {
namespace {

constexpr std::string_view quota_names[] = {"IssueWarningQuota", "ProhibitSendQuota", "ProhibitSendReceiveQuota"};
constexpr std::size_t default_result_size = 1000;

json& mailboxes(json& org) { return collection(org, "mailboxes"); }

// A seeded mailbox with what Exchange always prints filled in.
json& normalize(json& m)
{
    if (!m.contains("Identity"))
        m["Identity"] = m.value("Name", m.value("Alias", std::string()));
    if (!m.contains("RecipientTypeDetails"))
        m["RecipientTypeDetails"] = "UserMailbox";
    if (!m.contains("UseDatabaseQuotaDefaults"))
        m["UseDatabaseQuotaDefaults"] = true;
    for (auto name : quota_names) {
        const std::string key(name);
        m[key] = print_quota(parse_quota(name, m.value(key, std::string("Unlimited"))));
    }
    return m;
}

json get_mailbox(cmdlet_context& context)
{
    json& list = mailboxes(context.org);
    if (const auto identity = context.params.string("Identity"))
        return json::array({normalize(require_object(context.org, list, *identity,
                                                     {"Identity", "Name", "Alias", "PrimarySmtpAddress", "SamAccountName"}))});
    const auto types = context.params.list("RecipientTypeDetails");
    const auto server = context.params.string("Server");
    std::size_t limit = default_result_size;
    bool bounded = true;
    if (const auto size = context.params.string("ResultSize")) {
        if (iequals(*size, "Unlimited"))
            bounded = false;
        else
            limit = static_cast<std::size_t>(parse_integer("ResultSize", *size, 1, 2147483647));
    }
    json out = json::array();
    for (auto& m : list) {
        if (!types.empty() && std::none_of(types.begin(), types.end(), [&](const std::string& t) {
                return iequals(t, m.value("RecipientTypeDetails", "UserMailbox"));
            }))
            continue;
        if (server && !iequals(*server, m.value("ServerName", "")))
            continue;
        if (bounded && out.size() == limit) {
            // As Exchange says it when -ResultSize is left at its default.
            if (!context.params.has("ResultSize"))
                context.warnings.push_back("By default, only the first 1000 items are returned. Use the ResultSize parameter to "
                                           "specify the number of items returned. To return all items, specify \"-ResultSize "
                                           "Unlimited\".");
            break;
        }
        out.push_back(normalize(m));
    }
    return out;
}

json set_mailbox(cmdlet_context& context)
{
    const std::string identity = *context.params.string("Identity");
    json& mailbox = require_object(context.org, mailboxes(context.org), identity,
                                   {"Identity", "Name", "Alias", "PrimarySmtpAddress", "SamAccountName"});
    json next = normalize(mailbox);
    if (const auto defaults = context.params.boolean("UseDatabaseQuotaDefaults"))
        next["UseDatabaseQuotaDefaults"] = *defaults;
    for (auto name : quota_names)
        if (const auto value = context.params.string(name))
            next[std::string(name)] = print_quota(parse_quota(name, *value));
    // Exchange checks the three against each other on the object as it will be saved.
    const auto warning = parse_quota("IssueWarningQuota", next["IssueWarningQuota"].get<std::string>());
    const auto send = parse_quota("ProhibitSendQuota", next["ProhibitSendQuota"].get<std::string>());
    const auto send_receive = parse_quota("ProhibitSendReceiveQuota", next["ProhibitSendReceiveQuota"].get<std::string>());
    const auto above = [](const std::optional<std::uint64_t>& a, const std::optional<std::uint64_t>& b) {
        return b && (!a || *a > *b);
    };
    if (above(warning, send))
        throw_data_validation("The value of IssueWarningQuota must be less than or equal to the value of ProhibitSendQuota.");
    if (above(send, send_receive))
        throw_data_validation("The value of ProhibitSendQuota must be less than or equal to the value of ProhibitSendReceiveQuota.");
    bool changed = false;
    for (const auto& [key, value] : next.items())
        changed |= assign(mailbox, key, value);
    warn_unchanged(context, changed, mailbox.value("Identity", identity));
    return json::array();
}

} // namespace

std::vector<cmdlet_spec> mailbox_cmdlets()
{
    return {
        {"Get-Mailbox",
         {{"Identity", param_kind::string}, {"ResultSize", param_kind::scalar}, {"RecipientTypeDetails", param_kind::string_list},
          {"Server", param_kind::string}},
         get_mailbox},
        {"Set-Mailbox",
         {{"Identity", param_kind::string, true}, {"UseDatabaseQuotaDefaults", param_kind::boolean},
          {"IssueWarningQuota", param_kind::scalar}, {"ProhibitSendQuota", param_kind::scalar},
          {"ProhibitSendReceiveQuota", param_kind::scalar}},
         set_mailbox},
    };
}

} // namespace emulator::exchange
