#include "exchange_online/mailbox_index.h"

#include "util/text.h"

#include <algorithm>

namespace emulator::exchange_online {
namespace {

void add_string(std::vector<std::string>& keys, const json& mailbox, const char* property)
{
    const auto it = mailbox.find(property);
    if (it != mailbox.end() && it->is_string() && !it->get_ref<const std::string&>().empty())
        keys.push_back(to_lower(it->get_ref<const std::string&>()));
}

} // namespace

std::vector<std::string> identity_keys(const json& mailbox)
{
    std::vector<std::string> keys;
    for (const char* property : {"Name", "Alias", "UserPrincipalName", "PrimarySmtpAddress", "ExchangeGuid",
                                 "ExternalDirectoryObjectId"})
        add_string(keys, mailbox, property);
    const auto addresses = mailbox.find("EmailAddresses");
    if (addresses != mailbox.end() && addresses->is_array())
        for (const auto& address : *addresses)
            if (address.is_string() && istarts_with(address.get_ref<const std::string&>(), "smtp:"))
                keys.push_back(to_lower(std::string_view(address.get_ref<const std::string&>()).substr(5)));
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    return keys;
}

void mailbox_index::clear()
{
    positions_.clear();
    indexed_ = 0;
    built_ = false;
}

void mailbox_index::add_keys(std::size_t position, const json& mailbox)
{
    for (auto& key : identity_keys(mailbox)) {
        const auto [it, inserted] = positions_.try_emplace(std::move(key), position);
        if (!inserted && it->second != position)
            it->second = ambiguous;
    }
}

void mailbox_index::rebuild(const json& mailboxes)
{
    positions_.clear();
    for (std::size_t i = 0; i < mailboxes.size(); ++i)
        add_keys(i, mailboxes[i]);
    indexed_ = mailboxes.size();
    built_ = true;
}

std::optional<std::size_t> mailbox_index::find(const json& mailboxes, std::string_view identity)
{
    const std::string key = to_lower(trim(identity));
    if (!built_ || indexed_ != mailboxes.size())
        rebuild(mailboxes);
    auto it = positions_.find(key);
    if (it == positions_.end())
        return std::nullopt;
    if (it->second == ambiguous)
        return ambiguous;
    if (it->second < mailboxes.size()) {
        const auto keys = identity_keys(mailboxes[it->second]);
        if (std::binary_search(keys.begin(), keys.end(), key))
            return it->second;
    }
    // The document changed under the index: start again from what it holds now.
    rebuild(mailboxes);
    it = positions_.find(key);
    return it == positions_.end() ? std::nullopt : std::optional<std::size_t>(it->second);
}

void mailbox_index::update(const json& mailboxes, std::size_t position, const json* before)
{
    if (!built_ || (before == nullptr && indexed_ + 1 != mailboxes.size())) {
        rebuild(mailboxes);
        return;
    }
    if (before)
        for (const auto& key : identity_keys(*before)) {
            const auto it = positions_.find(key);
            if (it != positions_.end() && it->second == position)
                positions_.erase(it);
        }
    else
        ++indexed_;
    add_keys(position, mailboxes[position]);
}

} // namespace emulator::exchange_online
