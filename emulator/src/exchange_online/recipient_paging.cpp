#include "exchange_online/recipient_paging.h"

#include "exchange/cmdlet_error.h"
#include "util/text.h"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace emulator::exchange_online {

std::optional<std::size_t> result_size(const exchange::bound_parameters& params, std::size_t default_size)
{
    if (!params.has("ResultSize"))
        return default_size;
    const std::string text(trim(params.string("ResultSize").value_or("")));
    if (iequals(text, "Unlimited"))
        return std::nullopt;
    const bool digits = !text.empty() && text.size() <= 10 &&
                        std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    const unsigned long long value = digits ? std::stoull(text) : 0;
    if (!digits || value == 0 || value > std::numeric_limits<std::uint32_t>::max())
        exchange::throw_parameter_binding(
            "Cannot process argument transformation on parameter 'ResultSize'. Cannot convert value \"" + text +
            "\" to type \"Microsoft.Exchange.Data.Unlimited`1[System.UInt32]\". Error: \"The value must be a number "
            "from 1 to 4294967295 or Unlimited.\"");
    return static_cast<std::size_t>(value);
}

json page_recipients(cmdlet_context& context, const std::function<bool(std::size_t)>& matches,
                     const std::function<json(std::size_t)>& project)
{
    page_cursor& cursor = context.page;
    cursor.paged_by_handler = true;
    const auto cap = result_size(context.params);
    const std::size_t allowed =
        cap ? (*cap > cursor.returned_before ? *cap - cursor.returned_before : 0) : std::numeric_limits<std::size_t>::max();
    const std::size_t limit = std::min(cursor.page_size, allowed);
    const std::size_t total = context.recipients.size();

    json page = json::array();
    std::size_t position = std::min(cursor.start, total);
    for (; position < total && page.size() < limit; ++position)
        if (matches(position))
            page.push_back(project(position));
    // The next match decides between a nextLink and the end of the list; starting the next page on
    // it keeps every page a single forward scan however sparse the matches are.
    while (position < total && !matches(position))
        ++position;
    if (position < total) {
        if (page.size() == allowed)
            context.warnings.emplace_back(more_results_warning);
        else
            cursor.next = position;
    }
    return page;
}

} // namespace emulator::exchange_online
