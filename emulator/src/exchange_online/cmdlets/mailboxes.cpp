// Get-Mailbox and Set-Mailbox: the forwarding settings (seeds T6) and proxy addresses.
#include "exchange/cmdlet_error.h"
#include "exchange/org_model.h"
#include "exchange/values.h"
#include "exchange_online/cmdlet_registry.h"
#include "exchange_online/recipient_paging.h"
#include "exchange_online/tenant_model.h"
#include "util/text.h"

#include <algorithm>
#include <array>
#include <set>

namespace emulator::exchange_online {
namespace {

using exchange::param_kind;

constexpr std::array<std::string_view, 10> recipient_types = {
    "UserMailbox",   "SharedMailbox", "RoomMailbox",      "EquipmentMailbox", "LinkedMailbox",
    "TeamMailbox",   "GroupMailbox",  "DiscoveryMailbox", "SchedulingMailbox", "LegacyMailbox"};
constexpr std::string_view recipient_type_name = "Microsoft.Exchange.Data.Directory.Recipient.RecipientTypeDetails";

// One proxy address: its prefix as given ("SMTP" primary, "smtp" secondary, "X500" …) and the rest.
struct proxy_address {
    std::string prefix;
    std::string address;
    bool is_smtp() const { return iequals(prefix, "smtp"); }
    bool is_primary() const { return prefix == "SMTP"; }
    std::string text() const { return prefix + ":" + address; }
};

proxy_address parse_proxy(json& tenant, std::string_view text)
{
    const std::string_view value = trim(text);
    const auto colon = value.find(':');
    // Without a prefix an address is an SMTP one (Exchange's ProxyAddress parsing).
    proxy_address proxy{colon == std::string_view::npos ? "smtp" : std::string(value.substr(0, colon)),
                        std::string(colon == std::string_view::npos ? value : value.substr(colon + 1))};
    if (proxy.prefix.empty() || proxy.address.empty())
        exchange::throw_invalid_argument("EmailAddresses", "\"" + std::string(text) + "\" isn't a valid proxy address.");
    if (proxy.is_smtp()) {
        proxy.address = exchange::parse_smtp_address("EmailAddresses", proxy.address);
        const std::string domain = proxy.address.substr(proxy.address.find('@') + 1);
        if (!is_accepted_domain(tenant, domain))
            exchange::throw_data_validation("The email address \"" + proxy.address + "\" isn't correct: the domain '" +
                                            domain + "' isn't an accepted domain for your organization.");
        if (proxy.prefix != "SMTP")
            proxy.prefix = "smtp";
    }
    return proxy;
}

std::vector<proxy_address> current_proxies(const json& mailbox)
{
    std::vector<proxy_address> proxies;
    for (const auto& entry : exchange::string_list(mailbox.value("EmailAddresses", json::array()))) {
        const auto colon = entry.find(':');
        if (colon != std::string::npos)
            proxies.push_back({entry.substr(0, colon), entry.substr(colon + 1)});
    }
    return proxies;
}

auto same_address(const proxy_address& a)
{
    return [&a](const proxy_address& b) { return iequals(a.prefix, b.prefix) && iequals(a.address, b.address); };
}

// -EmailAddresses: a list replaces the addresses; {Add, Remove} edits them. The primary is the
// address given as "SMTP:", else (for a list) the first SMTP address, as Set-Mailbox documents.
std::vector<proxy_address> edit_proxies(json& tenant, const json& current_mailbox, const json& given)
{
    std::vector<proxy_address> result;
    const auto parse_all = [&](const json& list) {
        std::vector<proxy_address> parsed;
        for (const auto& item : list)
            parsed.push_back(parse_proxy(tenant, item.get<std::string>()));
        return parsed;
    };
    const auto make_primary = [&](const proxy_address& wanted) {
        for (auto& proxy : result)
            if (proxy.is_smtp())
                proxy.prefix = iequals(proxy.address, wanted.address) ? "SMTP" : "smtp";
    };
    if (given.is_array()) {
        for (const auto& proxy : parse_all(given))
            if (std::none_of(result.begin(), result.end(), same_address(proxy)))
                result.push_back(proxy);
        const auto primaries = std::count_if(result.begin(), result.end(), [](const auto& p) { return p.is_primary(); });
        if (primaries > 1)
            exchange::throw_data_validation("Only one primary SMTP address (\"SMTP:\") can be given.");
        if (primaries == 0) {
            const auto first = std::find_if(result.begin(), result.end(), [](const auto& p) { return p.is_smtp(); });
            if (first == result.end())
                exchange::throw_data_validation("The mailbox must have a primary SMTP address.");
            first->prefix = "SMTP";
        }
        return result;
    }
    result = current_proxies(current_mailbox);
    if (const auto remove = given.find("Remove"); remove != given.end())
        for (const auto& proxy : parse_all(*remove)) {
            const auto it = std::find_if(result.begin(), result.end(), same_address(proxy));
            if (it == result.end())
                continue;
            if (it->is_primary())
                exchange::throw_data_validation("The primary SMTP address \"" + it->address +
                                                "\" can't be removed. Make another address primary first.");
            result.erase(it);
        }
    if (const auto add = given.find("Add"); add != given.end())
        for (const auto& proxy : parse_all(*add)) {
            if (std::none_of(result.begin(), result.end(), same_address(proxy)))
                result.push_back({proxy.is_smtp() ? "smtp" : proxy.prefix, proxy.address});
            if (proxy.is_primary())
                make_primary(proxy);
        }
    return result;
}

// A proxy address belongs to one recipient only.
void require_unused(cmdlet_context& context, std::size_t owner, const std::vector<proxy_address>& proxies)
{
    for (const auto& proxy : proxies) {
        if (!proxy.is_smtp())
            continue;
        const auto other = context.recipients.find(proxy.address);
        if (other && *other != owner)
            exchange::throw_data_validation("The proxy address \"" + proxy.text() +
                                            "\" is already being used by the proxy addresses or LegacyExchangeDN of \"" +
                                            context.recipients.mailbox(*other).value("Name", "") +
                                            "\". Please choose another proxy address.");
    }
}

json get_mailbox(cmdlet_context& context)
{
    std::set<std::string> types;
    if (context.params.has("RecipientTypeDetails"))
        for (const auto& type : context.params.list("RecipientTypeDetails"))
            for (const auto& item : split(type, ','))
                if (!trim(item).empty())
                    types.insert(exchange::parse_enum("RecipientTypeDetails", item, recipient_type_name, recipient_types));
    const auto matches = [&](std::size_t position) {
        return types.empty() || types.contains(context.recipients.mailbox(position).value("RecipientTypeDetails", ""));
    };
    if (const auto identity = context.params.string("Identity")) {
        result_size(context.params);  // validated even when one object is asked for, as the binder does
        const std::size_t position = context.recipients.require(*identity);
        if (!matches(position))
            exchange::throw_not_found(*identity, lookup_host);
        return json::array({context.recipients.mailbox(position)});
    }
    return page_recipients(context, matches, [&](std::size_t position) { return context.recipients.mailbox(position); });
}

json set_mailbox(cmdlet_context& context)
{
    const auto& params = context.params;
    const std::string identity = *params.string("Identity");
    const std::size_t position = context.recipients.require(identity);
    json mailbox = context.recipients.mailbox(position);
    json cas = context.recipients.cas_mailbox(position);
    bool changed = false;

    if (params.has("ForwardingSmtpAddress")) {
        // Exchange keeps the forwarding address as a ProxyAddress and prints it "smtp:addr".
        const auto address = params.string("ForwardingSmtpAddress");
        changed |= exchange::assign(mailbox, "ForwardingSmtpAddress",
                                    address && !trim(*address).empty()
                                        ? json("smtp:" + exchange::parse_smtp_address("ForwardingSmtpAddress", *address))
                                        : json(nullptr));
    }
    if (const auto deliver = params.boolean("DeliverToMailboxAndForward"))
        changed |= exchange::assign(mailbox, "DeliverToMailboxAndForward", *deliver);
    if (params.has("ForwardingAddress")) {
        const auto target = params.string("ForwardingAddress");
        json value = nullptr;
        if (target && !trim(*target).empty())
            value = context.recipients.mailbox(context.recipients.require(*target)).value("Name", *target);
        changed |= exchange::assign(mailbox, "ForwardingAddress", std::move(value));
    }
    if (params.has("EmailAddresses")) {
        const auto& given = params.raw("EmailAddresses");
        if (given.is_null())
            exchange::throw_invalid_argument("EmailAddresses", "The argument is null or empty.");
        const auto proxies = edit_proxies(context.tenant, mailbox, given);
        require_unused(context, position, proxies);
        json addresses = json::array();
        std::string primary;
        for (const auto& proxy : proxies) {
            addresses.push_back(proxy.text());
            if (proxy.is_primary())
                primary = proxy.address;
        }
        changed |= exchange::assign(mailbox, "EmailAddresses", std::move(addresses));
        changed |= exchange::assign(mailbox, "PrimarySmtpAddress", primary);
        exchange::assign(cas, "PrimarySmtpAddress", primary);
    }
    warn_unchanged(context, changed, mailbox.value("Identity", identity));
    if (changed)
        context.recipient_changes.push_back({position, std::move(mailbox), std::move(cas)});
    return json::array();
}

} // namespace

std::vector<cmdlet_spec> mailbox_cmdlets()
{
    return {
        {"Get-Mailbox",
         {{"Identity", param_kind::string}, {"ResultSize", param_kind::scalar}, {"RecipientTypeDetails", param_kind::string_list}},
         get_mailbox},
        {"Set-Mailbox",
         {{"Identity", param_kind::string, true},
          {"ForwardingSmtpAddress", param_kind::string},
          {"DeliverToMailboxAndForward", param_kind::boolean},
          {"ForwardingAddress", param_kind::string},
          {"EmailAddresses", param_kind::string_list}},
         set_mailbox},
    };
}

} // namespace emulator::exchange_online
