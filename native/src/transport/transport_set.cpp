#include "transport/transport_set.h"

#include "core/error.h"

namespace mailint {

host_session &transport_set::at(const std::string &transport) const {
    auto it = sessions_.find(transport);
    if (it == sessions_.end())
        throw error(errc::failed_precondition, "plan.transport.unavailable",
                    "This plan needs the " + transport + " transport, which this run was not given: connect with "
                    "Connect-MailIntegration first.",
                    {{"transport", transport}});
    return *it->second;
}

}  // namespace mailint
