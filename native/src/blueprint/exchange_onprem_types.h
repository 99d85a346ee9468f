#pragma once
// The on-premises Exchange object types ConfigureExchange.ps1 touches, described for the generic
// planner: list command, identity, managed properties with their comparison kind, and the
// New-/Set-/Enable- commands and parameter names.
#include "model/resource_type.h"

namespace mailint::exchange_onprem {

struct type_catalogue {
    resource_type server;
    resource_type certificate;
    resource_type accepted_domain;
    resource_type email_address_policy;
    resource_type owa_virtual_directory;
    resource_type ecp_virtual_directory;
    resource_type active_sync_virtual_directory;
    resource_type oab_virtual_directory;
    resource_type web_services_virtual_directory;
    resource_type outlook_anywhere;
    resource_type receive_connector;
    resource_type send_connector;
};

// Immutable after first use; shared by every session.
const type_catalogue &types();

}  // namespace mailint::exchange_onprem
