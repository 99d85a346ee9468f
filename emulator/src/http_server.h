#pragma once
#include "http_types.h"

#include <functional>
#include <memory>
#include <string>

namespace emulator {

using request_handler = std::function<http_response_data(const http_request_data&)>;

// An HTTP/1.1 listener on one loopback URL. Requests are served concurrently on cpprest's thread
// pool; the handler must be thread-safe.
class http_server {
public:
    http_server(std::string url, request_handler handler);
    ~http_server();
    http_server(const http_server&) = delete;
    http_server& operator=(const http_server&) = delete;

    void open();
    void close();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

// Asks the kernel for a free port on 127.0.0.1. The port is released before the listener binds
// it, which leaves a short race that a test machine tolerates.
int pick_free_loopback_port();

} // namespace emulator
