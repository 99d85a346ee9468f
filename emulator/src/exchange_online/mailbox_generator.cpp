#include "exchange_online/mailbox_generator.h"

#include "exchange/cmdlet_error.h"
#include "exchange/org_model.h"
#include "exchange_online/mailbox_factory.h"
#include "exchange_online/recipients.h"
#include "exchange_online/tenant_model.h"
#include "util/text.h"

#include <algorithm>
#include <stdexcept>

namespace emulator::exchange_online {
namespace {

constexpr long long most_at_once = 1'000'000;

std::string default_domain(json& tenant)
{
    for (const auto& domain : exchange::collection(tenant, "acceptedDomains"))
        if (domain.value("Default", false))
            return domain.value("DomainName", "");
    return initial_domain(tenant);
}

bool taken(recipient_directory& recipients, const std::string& key)
{
    try {
        return recipients.find(key).has_value();
    } catch (const exchange::cmdlet_error&) {
        return true;  // several recipients already answer to it
    }
}

bool valid_prefix(std::string_view prefix)
{
    return !prefix.empty() && prefix.size() <= 48 && std::all_of(prefix.begin(), prefix.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
               c == '.';
    });
}

} // namespace

json generate_mailboxes(json& tenant, mailbox_index& index, std::string_view tenant_id, const json& request)
{
    if (!request.is_object())
        throw std::invalid_argument("the body must be a JSON object");
    for (const auto& [key, value] : request.items())
        if (key != "count" && key != "prefix" && key != "domain")
            throw std::invalid_argument("unknown member: " + key);
    const json count_value = request.value("count", json());
    if (!count_value.is_number_integer() || count_value.get<long long>() < 1 || count_value.get<long long>() > most_at_once)
        throw std::invalid_argument("count must be a whole number from 1 to " + std::to_string(most_at_once));
    const std::string prefix = request.value("prefix", std::string("user"));
    if (!valid_prefix(prefix))
        throw std::invalid_argument("prefix must be 1 to 48 letters, digits, '-', '_' or '.'");
    const std::string domain = request.value("domain", default_domain(tenant));
    if (!is_accepted_domain(tenant, domain))
        throw std::invalid_argument("'" + domain + "' is not an accepted domain of the tenant");

    recipient_directory recipients(exchange::collection(tenant, "mailboxes"), exchange::collection(tenant, "casMailboxes"),
                                   index);
    const long long count = count_value.get<long long>();
    std::string first;
    std::string last;
    long long number = 1;
    for (long long made = 0; made < count; ++number) {
        std::string name = prefix + std::to_string(number);
        // Each name must be free as a name and as an address; the index answers in O(1).
        if (taken(recipients, name) || taken(recipients, name + "@" + domain))
            continue;
        json mailbox = make_mailbox(tenant_id, name, name, domain, "UserMailbox");
        json cas = make_cas_mailbox(mailbox);
        recipients.append(std::move(mailbox), std::move(cas));
        if (first.empty())
            first = name;
        last = std::move(name);
        ++made;
    }
    return json{{"created", count}, {"first", first}, {"last", last}, {"total", recipients.size()}};
}

} // namespace emulator::exchange_online
