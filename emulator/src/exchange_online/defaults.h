#pragma once
// The objects a tenant has before anyone configures it, as Exchange Online prints them; used by
// the built-in seed, by normalization of seed documents, when an Entra tenant is first used, and
// by New-DkimSigningConfig.
#include "util/json.h"

#include <string>
#include <string_view>

namespace emulator::exchange_online {

// IsDehydrated true: a new tenant shares the service's configuration until
// Enable-OrganizationCustomization.
json make_organization_config(std::string_view tenant_id, std::string_view initial_domain, std::string_view display_name);

json make_accepted_domain(std::string_view domain, bool is_default, bool is_initial);

// The built-in policy "Default" with AutoForwardingMode Automatic (which means Off).
json make_default_outbound_spam_policy();

// Selector CNAMEs "selector1-<domain, dots as dashes>._domainkey.<initial domain>".
json make_dkim_signing_config(std::string_view domain, std::string_view initial_domain, bool enabled, int key_size);

} // namespace emulator::exchange_online
