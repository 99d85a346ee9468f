#pragma once
// Maps requests to the control endpoints, the Exchange on-premises personality and the Entra ID
// personality.
#include "dataverse/service.h"
#include "entra/token_service.h"
#include "exchange/invoke_command.h"
#include "exchange_online/service.h"
#include "graph/service.h"
#include "http_types.h"
#include "store.h"

#include <functional>

namespace emulator {

class router {
public:
    router(store& s, entra::token_service& entra)
        : store_(s), entra_(entra), graph_(s, entra.key()), exchange_online_(s, entra.key()),
          dataverse_(s, entra.key())
    {
    }
    http_response_data handle(const http_request_data& request);

private:
    http_response_data control(const http_request_data& request);
    http_response_data exchange_onprem(const http_request_data& request);
    http_response_data crm_deployment(const http_request_data& request);
    http_response_data invoke_cmdlet(const http_request_data& request,
                                     const std::function<exchange::invoke_outcome(json& state)>& run);

    store& store_;
    entra::token_service& entra_;
    graph::service graph_;
    exchange_online::service exchange_online_;
    dataverse::service dataverse_;
};

} // namespace emulator
