#pragma once
// Maps requests to the control endpoints and to the Exchange on-premises personality.
#include "http_types.h"
#include "store.h"

namespace emulator {

class router {
public:
    explicit router(store& s) : store_(s) {}
    http_response_data handle(const http_request_data& request);

private:
    http_response_data control(const http_request_data& request);
    http_response_data exchange_onprem(const http_request_data& request);

    store& store_;
};

} // namespace emulator
