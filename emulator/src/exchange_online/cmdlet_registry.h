#pragma once
// The cmdlets of the Exchange Online personality: each family file (cmdlets/*.cpp) contributes its
// specs, found by case-insensitive name. The parameter binder, value parsers and error envelope
// are the on-premises personality's (emulator/src/exchange/).
#include "exchange/cmdlet_registry.h"
#include "exchange/parameters.h"
#include "exchange_online/recipients.h"
#include "exchange_online/replication.h"
#include "util/json.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace emulator::exchange_online {

// Where a Get-* page starts and what it may return. Collections that fit in memory are listed
// whole and sliced by the dispatcher; the mailbox listings page themselves (paged_by_handler) so
// that a page of 100,000 mailboxes costs a page, not the whole list.
struct page_cursor {
    std::size_t start = 0;            // position of the first object of this page
    std::size_t page_size = 1000;     // Prefer: odata.maxpagesize
    std::size_t returned_before = 0;  // objects the earlier pages returned
    std::optional<std::size_t> next;  // out: where the next page starts, when there is one
    bool paged_by_handler = false;    // out
};

// A change to one mailbox, applied when the cmdlet has succeeded (and is not -WhatIf).
struct recipient_change {
    std::size_t position;
    json mailbox;
    json cas_mailbox;
};

// An object a New-* made, hidden from reads until the replication delay has passed.
struct created_object {
    std::string kind;
    std::string name;
};

struct cmdlet_context {
    std::string_view tenant_id;
    json& tenant;                     // a working copy of the tenant's configuration (everything but
                                      // the recipients); committed only when the cmdlet succeeds
    recipient_directory& recipients;  // live; read here, changed through `recipient_changes`
    const exchange::bound_parameters& params;
    std::vector<std::string>& warnings;
    page_cursor& page;
    const replication& replicated;
    const json& state;  // the whole emulator state, read-only (public DNS: graph/public_dns.h)
    std::vector<recipient_change> recipient_changes;
    std::vector<created_object> created;

    // Has the object of that kind and name reached the domain controller that serves reads?
    bool is_visible(std::string_view kind, std::string_view name) const
    {
        return replicated.visible(tenant_id, kind, name);
    }
};

using cmdlet_spec = exchange::basic_cmdlet_spec<cmdlet_context>;

const cmdlet_spec* find_cmdlet(std::string_view name);

std::vector<cmdlet_spec> mailbox_cmdlets();
std::vector<cmdlet_spec> cas_mailbox_cmdlets();
std::vector<cmdlet_spec> transport_rule_cmdlets();
std::vector<cmdlet_spec> outbound_connector_cmdlets();
std::vector<cmdlet_spec> outbound_spam_filter_cmdlets();
std::vector<cmdlet_spec> organization_config_cmdlets();
std::vector<cmdlet_spec> accepted_domain_cmdlets();
std::vector<cmdlet_spec> dkim_signing_cmdlets();
std::vector<cmdlet_spec> hybrid_relationship_cmdlets();
std::vector<cmdlet_spec> mobile_device_cmdlets();
std::vector<cmdlet_spec> distribution_group_cmdlets();

} // namespace emulator::exchange_online
