#include "exchange_online/recipients.h"

#include "exchange/cmdlet_error.h"
#include "exchange_online/tenant_model.h"

namespace emulator::exchange_online {

std::optional<std::size_t> recipient_directory::find(std::string_view identity)
{
    const auto position = index_.find(mailboxes_, identity);
    if (position && *position == mailbox_index::ambiguous)
        throw exchange::cmdlet_error(400, exchange::exception_class::ambiguous,
                                     "The operation couldn't be performed because '" + std::string(identity) +
                                         "' matches multiple entries.");
    return position;
}

std::size_t recipient_directory::require(std::string_view identity)
{
    if (const auto position = find(identity))
        return *position;
    exchange::throw_not_found(identity, lookup_host);
}

void recipient_directory::replace(std::size_t position, json mailbox, json cas_mailbox)
{
    const json before = std::move(mailboxes_[position]);
    mailboxes_[position] = std::move(mailbox);
    cas_[position] = std::move(cas_mailbox);
    index_.update(mailboxes_, position, &before);
}

void recipient_directory::append(json mailbox, json cas_mailbox)
{
    mailboxes_.push_back(std::move(mailbox));
    cas_.push_back(std::move(cas_mailbox));
    index_.update(mailboxes_, mailboxes_.size() - 1, nullptr);
}

} // namespace emulator::exchange_online
