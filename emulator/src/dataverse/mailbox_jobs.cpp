#include "dataverse/mailbox_jobs.h"

#include "dataverse/org_state.h"
#include "util/text.h"
#include "util/utc_time.h"

#include <cmath>
#include <string>

namespace emulator::dataverse {
namespace {

const json* find_profile(const json& org, const json& id)
{
    if (!id.is_string())
        return nullptr;
    for (const auto& profile : org["emailserverprofiles"])
        if (profile["emailserverprofileid"] == id)
            return &profile;
    return nullptr;
}

int number(const json& row, const char* column)
{
    const auto found = row.find(column);
    return found != row.end() && found->is_number_integer() ? found->get<int>() : 0;
}

std::string text(const json& row, const char* column)
{
    const auto found = row.find(column);
    return found != row.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// Why the test fails, or "" when it passes.
std::string failure_reason(const json& org, const json& mailbox, const json& injected,
                           const std::optional<std::string>& s2s_failure)
{
    const std::string name = text(mailbox, "name");
    const std::string address = text(mailbox, "emailaddress");
    if (const auto found = injected.find(to_lower(address)); found != injected.end() && found->is_string())
        return found->get<std::string>();
    if (number(mailbox, "emailrouteraccessapproval") != 1)
        return "Email cannot be received or sent for the mailbox " + name + " because the email address of the mailbox " +
               address + " is not approved. Approve the email address, and then enable the mailbox.";
    const auto profile_id = mailbox.find("_emailserverprofile_value");
    const json* profile = profile_id == mailbox.end() ? nullptr : find_profile(org, *profile_id);
    if (!profile)
        return "The mailbox " + name + " has no email server profile; server-side synchronization cannot connect it.";
    if (number(*profile, "statecode") != 0)
        return "The email server profile " + text(*profile, "name") + " of the mailbox " +
               name + " is inactive.";
    if (s2s_failure && !s2s_failure->empty() && number(*profile, "servertype") == 3)
        return *s2s_failure;
    if (number(mailbox, "incomingemaildeliverymethod") != 2 && number(mailbox, "outgoingemaildeliverymethod") != 2 &&
        number(mailbox, "actdeliverymethod") != 1)
        return "The mailbox " + name +
               " uses server-side synchronization for none of incoming email, outgoing email or appointments, contacts "
               "and tasks.";
    return {};
}

} // namespace

void schedule_test_enable(json& mailbox, const json& body, double now, double delay_seconds)
{
    if (!body.contains("testemailconfigurationscheduled") || mailbox["testemailconfigurationscheduled"] != true)
        return;
    if (!body.contains("postponetestemailconfigurationuntil") || body["postponetestemailconfigurationuntil"].is_null())
        // Rounded up: the column holds whole seconds, and rounding down could make the job due
        // before the delay has passed.
        mailbox["postponetestemailconfigurationuntil"] = iso_utc(std::ceil(now + delay_seconds));
}

void run_due_jobs(json& org, double now, const json& injected, const std::optional<std::string>& s2s_failure)
{
    for (auto& mailbox : org["mailboxes"]) {
        if (mailbox["testemailconfigurationscheduled"] != true)
            continue;
        const json& due_text = mailbox["postponetestemailconfigurationuntil"];
        const auto due = due_text.is_string() ? parse_iso_utc(due_text.get<std::string>()) : std::optional<double>(now);
        if (due && *due > now)
            continue;
        const std::string reason = failure_reason(org, mailbox, injected, s2s_failure);
        if (reason.empty()) {
            mailbox["incomingemailstatus"] = number(mailbox, "incomingemaildeliverymethod") == 2 ? 1 : 0;
            mailbox["outgoingemailstatus"] = number(mailbox, "outgoingemaildeliverymethod") == 2 ? 1 : 0;
            mailbox["actstatus"] = number(mailbox, "actdeliverymethod") == 1 ? 1 : 0;
            mailbox["mailboxstatus"] = 1;
            mailbox["lastsyncerror"] = nullptr;
        } else {
            for (const char* status : {"incomingemailstatus", "outgoingemailstatus", "actstatus", "mailboxstatus"})
                mailbox[status] = 2;
            mailbox["lastsyncerror"] = reason;
        }
        mailbox["testemailconfigurationscheduled"] = false;
        mailbox["testmailboxaccesscompletedon"] = iso_utc(due ? *due : now);
        mailbox["modifiedon"] = iso_utc(now);
        mailbox["versionnumber"] = next_version(org);
    }
}

} // namespace emulator::dataverse
