// Get-/New-DistributionGroup and Get-/Add-/Remove-DistributionGroupMember (seed M6: Exchange
// Online distribution groups, their members the local group's). Members are mailboxes, resolved
// as a MailboxIdParameter is (name, alias, address, UPN) and kept by primary address.
#include "exchange/cmdlet_error.h"
#include "exchange/org_model.h"
#include "exchange/values.h"
#include "exchange_online/cmdlet_registry.h"
#include "exchange_online/tenant_model.h"
#include "util/text.h"

namespace emulator::exchange_online {
namespace {

using exchange::param_kind;

constexpr std::string_view kind = "DistributionGroup";

json& groups(json& tenant) { return exchange::collection(tenant, "distributionGroups"); }

std::string member_address(cmdlet_context& context, std::string_view identity)
{
    const auto position = context.recipients.require(trim(identity));
    return to_lower(context.recipients.mailbox(position).value("PrimarySmtpAddress", std::string(identity)));
}

json get_group(cmdlet_context& context)
{
    json out = json::array();
    for (auto group : select_visible(context, groups(context.tenant), kind, {"Identity", "Name", "PrimarySmtpAddress", "Alias"})) {
        group.erase("Members");
        out.push_back(std::move(group));
    }
    return out;
}

json new_group(cmdlet_context& context)
{
    const auto& params = context.params;
    const std::string name(trim(*params.string("Name")));
    if (name.empty())
        exchange::throw_invalid_argument("Name", "The argument is null or empty.");
    std::string alias = params.string("Alias").value_or("");
    if (alias.empty())
        for (char c : name)
            if (std::isalnum(static_cast<unsigned char>(c))) alias += c;
    std::string address;
    if (const auto given = params.string("PrimarySmtpAddress"))
        address = to_lower(exchange::parse_smtp_address("PrimarySmtpAddress", *given));
    json& list = groups(context.tenant);
    if (exchange::find_object(list, name, {"Name"}) || (!address.empty() && exchange::find_object(list, address, {"PrimarySmtpAddress"})))
        exchange::throw_already_exists("The distribution group '" + name + "' already exists.");
    json members = json::array();
    for (const auto& m : params.list("Members")) {
        const auto a = member_address(context, m);
        if (std::find(members.begin(), members.end(), json(a)) == members.end())
            members.push_back(a);
    }
    json group = {{"Identity", name}, {"Name", name}, {"DisplayName", params.string("DisplayName").value_or(name)},
                  {"Alias", alias}, {"PrimarySmtpAddress", address}, {"GroupType", "Universal"},
                  {"RecipientTypeDetails", "MailUniversalDistributionGroup"}, {"Members", members}};
    list.push_back(group);
    context.created.push_back({std::string(kind), name});
    group.erase("Members");
    return json::array({group});
}

json& require_group(cmdlet_context& context)
{
    return require_visible(context, groups(context.tenant), kind, *context.params.string("Identity"),
                           {"Identity", "Name", "PrimarySmtpAddress", "Alias"});
}

json get_members(cmdlet_context& context)
{
    json out = json::array();
    for (const auto& a : require_group(context)["Members"]) {
        const auto position = context.recipients.find(a.get<std::string>());
        if (!position)
            continue;
        const json& m = context.recipients.mailbox(*position);
        out.push_back({{"Identity", m.value("Identity", "")}, {"Name", m.value("Name", "")},
                       {"PrimarySmtpAddress", m.value("PrimarySmtpAddress", "")}, {"RecipientType", "UserMailbox"}});
    }
    return out;
}

json add_member(cmdlet_context& context)
{
    json& group = require_group(context);
    const auto address = member_address(context, *context.params.string("Member"));
    for (const auto& a : group["Members"])
        if (a == address)
            throw exchange::cmdlet_error(400, "Microsoft.Exchange.Management.Tasks.MemberAlreadyExistsException",
                                         "The recipient \"" + address + "\" is already a member of the group \"" + group.value("Name", "") + "\".");
    group["Members"].push_back(address);
    return json::array();
}

json remove_member(cmdlet_context& context)
{
    json& group = require_group(context);
    const auto address = member_address(context, *context.params.string("Member"));
    json kept = json::array();
    bool found = false;
    for (const auto& a : group["Members"]) {
        if (a == address) found = true;
        else kept.push_back(a);
    }
    if (!found)
        throw exchange::cmdlet_error(400, "Microsoft.Exchange.Management.Tasks.MemberNotFoundException",
                                     "The recipient \"" + address + "\" isn't a member of the group \"" + group.value("Name", "") + "\".");
    group["Members"] = std::move(kept);
    return json::array();
}

} // namespace

std::vector<cmdlet_spec> distribution_group_cmdlets()
{
    return {
        {"Get-DistributionGroup", {{"Identity", param_kind::string}}, get_group},
        {"New-DistributionGroup",
         {{"Name", param_kind::string, true}, {"Alias", param_kind::string}, {"DisplayName", param_kind::string},
          {"PrimarySmtpAddress", param_kind::string}, {"Members", param_kind::string_list}, {"Type", param_kind::string}},
         new_group},
        {"Get-DistributionGroupMember", {{"Identity", param_kind::string, true}, {"ResultSize", param_kind::scalar}}, get_members},
        {"Add-DistributionGroupMember", {{"Identity", param_kind::string, true}, {"Member", param_kind::string, true}}, add_member},
        {"Remove-DistributionGroupMember",
         {{"Identity", param_kind::string, true}, {"Member", param_kind::string, true}, {"BypassSecurityGroupManagerCheck", param_kind::switch_flag}},
         remove_member},
    };
}

} // namespace emulator::exchange_online
