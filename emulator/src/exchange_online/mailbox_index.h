#pragma once
// Finds a mailbox by any of the names Exchange resolves a MailboxIdParameter by, in O(1), so that
// Set-Mailbox on each of 100,000 mailboxes is not quadratic. The index lives beside the state
// document (not in it) and holds positions into the tenant's "mailboxes" array, which only grows;
// a hit is checked against the mailbox it points at, so a document replaced behind the index's
// back is noticed and the index rebuilt instead of answering wrongly.
#include "util/json.h"

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace emulator::exchange_online {

class mailbox_index {
public:
    static constexpr std::size_t ambiguous = std::numeric_limits<std::size_t>::max();

    // The position of the mailbox `identity` names (or `ambiguous`), nullopt when none does.
    std::optional<std::size_t> find(const json& mailboxes, std::string_view identity);
    // Keeps the index current after mailboxes[position] was appended or changed from `before`.
    void update(const json& mailboxes, std::size_t position, const json* before);
    void clear();

private:
    void rebuild(const json& mailboxes);
    void add_keys(std::size_t position, const json& mailbox);

    std::unordered_map<std::string, std::size_t> positions_;  // lower-case key → position
    std::size_t indexed_ = 0;                                 // mailboxes the index covers
    bool built_ = false;
};

// Name, Alias, UserPrincipalName, PrimarySmtpAddress, every SMTP proxy address, ExchangeGuid and
// ExternalDirectoryObjectId, lower-cased.
std::vector<std::string> identity_keys(const json& mailbox);

} // namespace emulator::exchange_online
