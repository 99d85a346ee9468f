#pragma once
// A tenant's mailboxes and their CAS mailboxes: two arrays of the state document kept in step
// (casMailboxes[i] belongs to mailboxes[i]), reached through the identity index. Mailboxes are
// only appended and changed in place, never reordered, so a position is a stable paging cursor.
#include "exchange_online/mailbox_index.h"
#include "util/json.h"

#include <cstddef>
#include <optional>
#include <string_view>

namespace emulator::exchange_online {

class recipient_directory {
public:
    recipient_directory(json& mailboxes, json& cas_mailboxes, mailbox_index& index)
        : mailboxes_(mailboxes), cas_(cas_mailboxes), index_(index)
    {
    }

    std::size_t size() const { return mailboxes_.size(); }
    const json& mailbox(std::size_t position) const { return mailboxes_[position]; }
    const json& cas_mailbox(std::size_t position) const { return cas_[position]; }

    // nullopt when no mailbox has that name, alias, address, UPN or GUID; 400
    // ManagementObjectAmbiguousException when several do.
    std::optional<std::size_t> find(std::string_view identity);
    // As find, 404 ManagementObjectNotFoundException when absent.
    std::size_t require(std::string_view identity);

    void replace(std::size_t position, json mailbox, json cas_mailbox);
    void append(json mailbox, json cas_mailbox);

private:
    json& mailboxes_;
    json& cas_;
    mailbox_index& index_;
};

} // namespace emulator::exchange_online
