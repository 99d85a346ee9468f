#include "blueprint/m365_group.h"

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/csv_parse.h"
#include "core/error.h"
#include "core/random_id.h"
#include "transport/host_error.h"
#include "exchange_online/exo_values.h"
#include "plan/step_builder.h"
#include "validate/message_text.h"

namespace mailint::m365_group {

namespace {

using nlohmann::json;
using exchange_online::lower, exchange_online::text_of;

bool address_ok(const std::string &a) {
    const auto at = a.rfind('@');
    return at != std::string::npos && at > 0 && at + 1 < a.size() && a.find_first_of(" \t\"<>,;()") == std::string::npos;
}

void read_members_csv(const std::string &path, std::set<std::string> &seen, request &out, diagnostics &d) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        d.error("m365.group.members_csv.unreadable", "MembersCsvPath", "MembersCsvPath " + validate::quote_input(path) + " cannot be read.");
        return;
    }
    std::stringstream body;
    body << in.rdbuf();
    csv_problem problem;
    auto table = parse_csv(body.str(), problem);
    const auto mail = table ? table->column("Mail") : std::nullopt, upn = table ? table->column("UserPrincipalName") : std::nullopt;
    if (!table || (!mail && !upn)) {
        d.error("m365.group.members_csv.column_missing", "MembersCsvPath",
                "The members CSV needs a Mail or UserPrincipalName column (Get-ADGroupMember … | Get-ADUser -Properties mail | Export-Csv).");
        return;
    }
    for (const auto &row : table->rows) {
        std::string a = mail && *mail < row.fields.size() ? row.fields[*mail] : std::string();
        if (a.empty() && upn && *upn < row.fields.size()) a = row.fields[*upn];
        a = lower(a);
        if (!address_ok(a))
            d.error("m365.group.member_malformed", "MembersCsvPath",
                    "Line " + std::to_string(row.line) + ": " + validate::quote_input(a) + " is not an address.");
        else if (seen.insert(a).second)
            out.members.push_back(a);
    }
}

}  // namespace

diagnostics parse_request(const json &parameters, request &out) {
    diagnostics d;
    for (const auto &[name, value] : parameters.items())
        if (name != "Name" && name != "DisplayName" && name != "PrimarySmtpAddress" && name != "Members" && name != "MembersCsvPath" &&
            name != "ResultsPath" && name != "LocalGroup")
            d.error("m365.group.parameter.unknown", name, "Unknown parameter '" + name + "'.");
    const auto text = [&](const char *name) {
        auto it = parameters.find(name);
        return it != parameters.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    out.name = text("Name");
    if (out.name.empty() || out.name.size() > 64)
        d.error("m365.group.name_missing", "Name", "Name must be the group's name, 1 to 64 characters, e.g. Sales.");
    out.display_name = text("DisplayName");
    out.address = lower(text("PrimarySmtpAddress"));
    if (!out.address.empty() && !address_ok(out.address))
        d.error("m365.group.address_malformed", "PrimarySmtpAddress", validate::quote_input(out.address) + " is not an address, e.g. sales@contoso.com.");
    std::set<std::string> seen;
    if (auto m = parameters.find("Members"); m != parameters.end() && m->is_array())
        for (const auto &v : *m) {
            const std::string a = v.is_string() ? lower(v.get<std::string>()) : std::string();
            if (!address_ok(a)) d.error("m365.group.member_malformed", "Members", validate::quote_input(a) + " is not an address.");
            else if (seen.insert(a).second) out.members.push_back(a);
        }
    if (const auto csv = text("MembersCsvPath"); !csv.empty()) read_members_csv(csv, seen, out, d);
    out.results_path = text("ResultsPath");
    out.local_group = text("LocalGroup");
    return d;
}

namespace {

// The local group's members' addresses: Get-ADGroupMember, then one Get-ADUser listing for their
// mail (else their UPN), as `Get-ADGroupMember G | Get-ADUser -Properties mail` gives them.
std::vector<std::string> local_group_members(const request &r, host_session &directory, plan &p) {
    host_command members{"Get-ADGroupMember", {{"Identity", r.local_group}}};
    auto m = directory.invoke(members);
    p.reads.push_back({"host-session", "Get-ADGroupMember", m.objects.size()});
    if (m.failure) throw host_error(members, *m.failure);
    host_command users{"Get-ADUser", {{"Filter", "*"}, {"Properties", {"mail"}}}};
    auto u = directory.invoke(users);
    p.reads.push_back({"host-session", "Get-ADUser", u.objects.size()});
    if (u.failure) throw host_error(users, *u.failure);
    std::map<std::string, std::string> address;
    for (const auto &user : u.objects) {
        std::string a = lower(text_of(user, "mail"));
        if (a.empty()) a = lower(text_of(user, "UserPrincipalName"));
        address[lower(text_of(user, "SamAccountName"))] = a;
    }
    std::vector<std::string> out;
    for (const auto &member : m.objects) {
        const auto found = address.find(lower(text_of(member, "SamAccountName")));
        if (found == address.end() || found->second.empty())
            p.findings.add("m365.group.member_without_address", severity::warning, "LocalGroup",
                           "The local member " + text_of(member, "SamAccountName") + " has no mail or UPN: it is not added.");
        else
            out.push_back(found->second);
    }
    return out;
}

}  // namespace

plan build_plan(const request &given, exchange_online::exo_client &client, const progress_fn &progress, host_session *directory) {
    plan p;
    p.scenario = kScenario;
    p.plan_id = random_id();
    request r = given;
    if (!r.local_group.empty()) {
        if (!directory) throw error(errc::internal, "m365.group.no_directory", "Reading a local group needs the host session.");
        std::set<std::string> seen(r.members.begin(), r.members.end());
        for (auto &a : local_group_members(r, *directory, p))
            if (seen.insert(a).second) r.members.push_back(a);
    }
    if (progress) progress("Planning", "Reading the distribution group " + r.name, 0);
    std::vector<json> existing;
    try {
        existing = client.invoke({"Get-DistributionGroup", {{"Identity", r.name}}}).objects;
    } catch (const error &e) {
        if (e.code() != errc::not_found) throw;
    }
    p.reads.push_back({"exchange", "Get-DistributionGroup", existing.size()});
    if (existing.empty()) {
        json parameters = {{"Name", r.name}, {"Type", "Distribution"}};
        if (!r.display_name.empty()) parameters["DisplayName"] = r.display_name;
        if (!r.address.empty()) parameters["PrimarySmtpAddress"] = r.address;
        if (!r.members.empty()) parameters["Members"] = r.members;
        auto &s = append_step(p, {"create", "DistributionGroup", r.name,
                                  "Create the distribution group '" + r.name + "' with " + std::to_string(r.members.size()) + " members",
                                  "Create", host_command{"New-DistributionGroup", parameters}, "exchange"});
        s.changes.push_back({"Members", nullptr, static_cast<int>(r.members.size())});
        return p;
    }
    append_step(p, {"noop", "DistributionGroup", r.name, "The distribution group '" + r.name + "' exists", "", std::nullopt, "exchange"});
    const auto members = client.invoke({"Get-DistributionGroupMember", {{"Identity", r.name}, {"ResultSize", "Unlimited"}}}).objects;
    p.reads.push_back({"exchange", "Get-DistributionGroupMember", members.size()});
    std::set<std::string> have;
    for (const auto &m : members) have.insert(lower(text_of(m, "PrimarySmtpAddress")));
    json add = json::array();
    for (const auto &a : r.members)
        if (!have.count(a)) add.push_back({{"Identity", r.name}, {"Member", a}});
    if (add.empty()) {
        append_step(p, {"noop", "DistributionGroupMember", r.name, "Every member of the local group is a member", "", std::nullopt, "exchange"});
    } else {
        const auto n = std::to_string(add.size());
        auto &s = append_step(p, {"update", "DistributionGroupMember", r.name, "Add " + n + " members to '" + r.name + "'",
                                  "Add " + n + " members", host_command{"Add-DistributionGroupMember", {{"$batch", add}, {"ResultsPath", r.results_path}}}, "exchange"});
        s.changes.push_back({"Members", static_cast<int>(members.size()), static_cast<int>(members.size() + add.size())});
    }
    if (members.size() + add.size() > r.members.size())
        p.findings.add("m365.group.extra_members", severity::info, "Members",
                       std::to_string(members.size() + add.size() - r.members.size()) + " members of '" + r.name +
                           "' are not in the local group; they stay (remove them in Exchange Online if they should go).");
    if (progress) progress("Planning", "Done", 100);
    return p;
}

}  // namespace mailint::m365_group
