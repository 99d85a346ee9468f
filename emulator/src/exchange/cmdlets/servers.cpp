// Get-ExchangeServer.
#include "exchange/cmdlet_registry.h"
#include "exchange/org_model.h"

namespace emulator::exchange {
namespace {

json get_exchange_server(cmdlet_context& context)
{
    return select(context.org, collection(context.org, "servers"), context, {"Name", "Fqdn"});
}

} // namespace

std::vector<cmdlet_spec> server_cmdlets()
{
    return {{"Get-ExchangeServer", {{"Identity", param_kind::string}}, get_exchange_server}};
}

} // namespace emulator::exchange
