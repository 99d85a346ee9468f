#pragma once
// Get-Mailbox and Get-CASMailbox list recipients a page at a time in their stable order (the order
// of the tenant's mailboxes array), and honour ResultSize as Exchange does: a number caps the total
// over all pages, "Unlimited" means all, and without it a list stops at 1000 with a warning.
#include "exchange/parameters.h"
#include "exchange_online/cmdlet_registry.h"
#include "util/json.h"

#include <cstddef>
#include <functional>
#include <optional>
#include <string_view>

namespace emulator::exchange_online {

inline constexpr std::string_view more_results_warning =
    "There are more results available than are currently displayed. To view them, increase the value for the "
    "ResultSize parameter.";

// The cap on the total; nullopt for Unlimited. 400 for anything but a positive number or Unlimited.
std::optional<std::size_t> result_size(const exchange::bound_parameters& params, std::size_t default_size = 1000);

// The page of recipients (by position) that `matches`, each as `project` prints it. Sets the
// cursor's next position when more pages follow, or the ResultSize warning when the cap stops
// the list short.
json page_recipients(cmdlet_context& context, const std::function<bool(std::size_t)>& matches,
                     const std::function<json(std::size_t)>& project);

} // namespace emulator::exchange_online
