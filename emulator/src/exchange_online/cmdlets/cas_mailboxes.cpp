// Get-CASMailbox and Set-CASMailbox: the client protocols of each mailbox (seeds T8 turns Outlook on
// the web off).
#include "exchange/cmdlet_error.h"
#include "exchange/org_model.h"
#include "exchange_online/cmdlet_registry.h"
#include "exchange_online/recipient_paging.h"
#include "exchange_online/tenant_model.h"

namespace emulator::exchange_online {
namespace {

using exchange::param_kind;

constexpr std::string_view protocols[] = {"ActiveSyncEnabled", "OWAEnabled",  "PopEnabled",
                                          "ImapEnabled",       "MAPIEnabled", "EwsEnabled"};

json get_cas_mailbox(cmdlet_context& context)
{
    if (const auto identity = context.params.string("Identity")) {
        result_size(context.params);
        return json::array({context.recipients.cas_mailbox(context.recipients.require(*identity))});
    }
    return page_recipients(context, [](std::size_t) { return true; },
                           [&](std::size_t position) { return context.recipients.cas_mailbox(position); });
}

json set_cas_mailbox(cmdlet_context& context)
{
    const std::string identity = *context.params.string("Identity");
    const std::size_t position = context.recipients.require(identity);
    json cas = context.recipients.cas_mailbox(position);
    bool changed = false;
    for (const auto protocol : protocols)
        if (const auto value = context.params.boolean(protocol))
            changed |= exchange::assign(cas, protocol, *value);
    warn_unchanged(context, changed, cas.value("Identity", identity));
    if (changed)
        context.recipient_changes.push_back({position, context.recipients.mailbox(position), std::move(cas)});
    return json::array();
}

} // namespace

std::vector<cmdlet_spec> cas_mailbox_cmdlets()
{
    std::vector<exchange::param_spec> set_params = {{"Identity", param_kind::string, true}};
    for (const auto protocol : protocols)
        set_params.push_back({protocol, param_kind::boolean});
    return {
        {"Get-CASMailbox", {{"Identity", param_kind::string}, {"ResultSize", param_kind::scalar}}, get_cas_mailbox},
        {"Set-CASMailbox", std::move(set_params), set_cas_mailbox},
    };
}

} // namespace emulator::exchange_online
