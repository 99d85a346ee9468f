#include "blueprint/exchange_quota.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/error.h"
#include "core/random_id.h"
#include "exchange_online/exo_values.h"
#include "plan/step_builder.h"
#include "transport/host_read.h"
#include "validate/message_text.h"

namespace mailint::exchange_quota {

namespace {

using nlohmann::json;
using exchange_online::lower;
using exchange_online::text_of;
using validate::byte_size;

constexpr std::uint64_t kMegabyte = 1ull << 20;

byte_size share_of(const byte_size &quota, unsigned percent) {
    if (quota.unlimited) return quota;
    const std::uint64_t bytes = quota.bytes / 100 * percent;
    return {false, bytes / kMegabyte * kMegabyte};
}

std::optional<byte_size> size_parameter(const json &p, const char *name, diagnostics &d) {
    auto it = p.find(name);
    if (it == p.end() || it->is_null()) return std::nullopt;
    std::string text;
    if (it->is_string()) text = it->get<std::string>();
    else if (it->is_number_unsigned() || it->is_number_integer()) text = it->dump();
    const auto parsed = validate::parse_byte_size(text);
    if (!parsed) {
        d.error("exchange.quota.not_a_size", name,
                std::string(name) + ": " + validate::quote_input(text.empty() ? it->dump() : text) + " " + parsed.problem + ".");
        return std::nullopt;
    }
    return *parsed;
}

// A quota as Get-Mailbox printed it; a value that does not read as a size is compared as
// different, so the plan sets it.
std::optional<byte_size> live_size(const json &mailbox, const char *member) {
    const auto it = mailbox.find(member);
    if (it == mailbox.end() || it->is_null()) return std::nullopt;
    const auto parsed = validate::parse_byte_size(it->is_string() ? it->get<std::string>() : it->dump());
    if (!parsed) return std::nullopt;
    return *parsed;
}

bool live_bool(const json &mailbox, const char *member) {
    const auto it = mailbox.find(member);
    if (it == mailbox.end()) return true;  // Exchange's default for a new mailbox
    if (it->is_boolean()) return it->get<bool>();
    return lower(it->is_string() ? it->get<std::string>() : it->dump()) == "true";
}

json printed(const std::optional<byte_size> &s) { return s ? json(s->to_exchange_text()) : json(nullptr); }

}  // namespace

diagnostics parse_request(const json &parameters, request &out) {
    diagnostics d;
    static const std::set<std::string> known = {"Identity", "All", "Quota", "ProhibitSendQuota", "IssueWarningQuota", "Server"};
    for (const auto &[name, value] : parameters.items())
        if (!known.count(name)) d.error("exchange.quota.parameter.unknown", name, "Unknown parameter '" + name + "'.");
    if (auto it = parameters.find("Identity"); it != parameters.end() && !it->is_null()) {
        if (!it->is_array()) d.error("exchange.quota.parameter.invalid", "Identity", "Identity must be a list of mailboxes.");
        else
            for (const auto &v : *it)
                if (v.is_string() && !v.get<std::string>().empty()) out.identities.push_back(v.get<std::string>());
    }
    if (auto it = parameters.find("All"); it != parameters.end() && it->is_boolean()) out.all = it->get<bool>();
    if (auto it = parameters.find("Server"); it != parameters.end() && it->is_string()) out.server = it->get<std::string>();
    if (out.identities.empty() && !out.all)
        d.error("exchange.quota.target_missing", "Identity",
                "Name the mailboxes (-Identity, as Get-Mailbox takes them) or give -All for every user mailbox.");
    if (!out.identities.empty() && out.all)
        d.error("exchange.quota.target_conflict", "All", "Give -Identity or -All, not both.");

    const auto quota = size_parameter(parameters, "Quota", d);
    const auto send = size_parameter(parameters, "ProhibitSendQuota", d);
    const auto warning = size_parameter(parameters, "IssueWarningQuota", d);
    out.send_receive = quota.value_or(byte_size{false, 2ull << 30});
    out.send = send.value_or(share_of(out.send_receive, 95));
    out.warning = warning.value_or(share_of(out.send_receive, 90));
    if (d.has_errors()) return d;
    // Exchange refuses the three out of order; said here, before anything is read.
    if (out.warning > out.send)
        d.error("exchange.quota.order", "IssueWarningQuota",
                "IssueWarningQuota (" + out.warning.to_exchange_text() + ") is above ProhibitSendQuota (" + out.send.to_exchange_text() +
                    "): the warning must come first; lower it or raise ProhibitSendQuota.");
    if (out.send > out.send_receive)
        d.error("exchange.quota.order", "ProhibitSendQuota",
                "ProhibitSendQuota (" + out.send.to_exchange_text() + ") is above the quota (" + out.send_receive.to_exchange_text() +
                    "): sending must stop no later than receiving; lower it or raise -Quota.");
    return d;
}

plan build_plan(const request &r, host_session &host, const progress_fn &progress) {
    plan p;
    p.scenario = kScenario;
    p.plan_id = random_id();
    if (progress) progress("Planning", "Reading the mailboxes", 0);
    json get = {{"ResultSize", "Unlimited"}, {"RecipientTypeDetails", "UserMailbox"}};
    if (!r.server.empty()) get["Server"] = r.server;
    const auto mailboxes = read_objects(host, {"Get-Mailbox", get}, p);

    // Chosen mailboxes are found in the one listing by any name Get-Mailbox -Identity takes.
    std::vector<const json *> targets;
    if (r.all) {
        for (const auto &m : mailboxes) targets.push_back(&m);
    } else {
        std::map<std::string, const json *> by_name;
        for (const auto &m : mailboxes)
            for (const char *key : {"Identity", "Name", "Alias", "PrimarySmtpAddress", "SamAccountName", "UserPrincipalName", "DistinguishedName"})
                if (const auto v = lower(text_of(m, key)); !v.empty()) by_name.emplace(v, &m);
        std::vector<std::string> unknown;
        std::set<const json *> seen;
        for (const auto &id : r.identities) {
            const auto found = by_name.find(lower(id));
            if (found == by_name.end()) unknown.push_back(id);
            else if (seen.insert(found->second).second) targets.push_back(found->second);
        }
        if (!unknown.empty()) {
            std::string list;
            for (const auto &u : unknown) list += (list.empty() ? "" : ", ") + validate::quote_input(u);
            throw error(errc::failed_precondition, "exchange.quota.mailbox_not_found",
                        "No user mailbox " + list + (r.server.empty() ? "" : " on " + r.server) +
                            ": give names as Get-Mailbox shows them (alias, address or identity); nothing was changed.",
                        {{"schemaVersion", 1}, {"unknown", unknown}});
        }
    }

    std::size_t done = 0;
    for (const json *m : targets) {
        const std::string identity = text_of(*m, "Identity").empty() ? text_of(*m, "Name") : text_of(*m, "Identity");
        const auto warning = live_size(*m, "IssueWarningQuota");
        const auto send = live_size(*m, "ProhibitSendQuota");
        const auto send_receive = live_size(*m, "ProhibitSendReceiveQuota");
        const bool defaults = live_bool(*m, "UseDatabaseQuotaDefaults");
        std::vector<property_change> changes;
        if (defaults) changes.push_back({"UseDatabaseQuotaDefaults", true, false});
        if (warning != r.warning) changes.push_back({"IssueWarningQuota", printed(warning), r.warning.to_exchange_text()});
        if (send != r.send) changes.push_back({"ProhibitSendQuota", printed(send), r.send.to_exchange_text()});
        if (send_receive != r.send_receive)
            changes.push_back({"ProhibitSendReceiveQuota", printed(send_receive), r.send_receive.to_exchange_text()});
        if (changes.empty()) {
            append_step(p, {"noop", "Mailbox", identity, "Mailbox " + identity + " has the quota " + r.send_receive.to_exchange_text(), "", std::nullopt});
        } else {
            std::string names;
            for (const auto &c : changes) names += (names.empty() ? "" : ", ") + c.property;
            host_command set{"Set-Mailbox",
                             {{"Identity", identity},
                              {"UseDatabaseQuotaDefaults", false},
                              {"IssueWarningQuota", r.warning.to_parameter_text()},
                              {"ProhibitSendQuota", r.send.to_parameter_text()},
                              {"ProhibitSendReceiveQuota", r.send_receive.to_parameter_text()}}};
            auto &s = append_step(p, {"update", "Mailbox", identity, "Set the quota of mailbox " + identity + " to " +
                                                                         r.send_receive.to_exchange_text(),
                                      "Update " + names, std::move(set)});
            s.changes = std::move(changes);
        }
        if (progress) progress("Planning", "Compared " + identity, static_cast<int>(100 * ++done / targets.size()));
    }
    if (targets.empty())
        p.findings.add("exchange.quota.no_mailbox", severity::info, r.server.empty() ? "Get-Mailbox" : r.server,
                       "There is no user mailbox" + (r.server.empty() ? std::string() : " on " + r.server) + ": nothing to set.");
    return p;
}

}  // namespace mailint::exchange_quota
