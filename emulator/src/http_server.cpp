#include "http_server.h"

#include <cpprest/http_listener.h>
#include <cpprest/uri.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <stdexcept>
#include <string_view>

namespace emulator {
namespace {

using web::http::http_request;
using web::http::http_response;
using web::http::experimental::listener::http_listener;

http_request_data to_request_data(const http_request& request, std::string body)
{
    http_request_data data;
    data.method = request.method();
    // Split before decoding so that an encoded '/' inside an organization name stays in its segment.
    const auto raw_path = request.relative_uri().path();
    for (const auto& segment : web::uri::split_path(raw_path))
        data.segments.push_back(web::uri::decode(segment));
    data.path = web::uri::decode(raw_path);
    data.body = std::move(body);
    for (const auto& [name, value] : request.headers()) {
        std::string lower = name;
        for (auto& c : lower)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        data.headers[lower] = value;
    }
    return data;
}

void reply(const http_request& request, const http_response_data& data)
{
    http_response response(static_cast<web::http::status_code>(data.status));
    for (const auto& [name, value] : data.headers)
        response.headers().add(name, value);
    response.set_body(data.body, "application/json; charset=utf-8");
    request.reply(response);
}

http_response_data plain_error(int status, std::string_view code, std::string_view message)
{
    return {status, std::string(R"({"error":{"code":")") + std::string(code) + R"(","message":")" +
                        std::string(message) + R"("}})",
            {}};
}

} // namespace

struct http_server::impl {
    http_listener listener;
    request_handler handler;

    impl(const std::string& url, request_handler h) : listener(web::uri(url)), handler(std::move(h)) {}
};

http_server::http_server(std::string url, request_handler handler)
    : impl_(std::make_unique<impl>(url, std::move(handler)))
{
    auto* state = impl_.get();
    impl_->listener.support([state](http_request request) {
        request.extract_utf8string(true).then([state, request](pplx::task<std::string> body_task) {
            http_response_data response;
            try {
                response = state->handler(to_request_data(request, body_task.get()));
            } catch (const web::uri_exception&) {
                response = plain_error(400, "BadRequest", "The request path is not a valid URI.");
            } catch (const std::exception& error) {
                std::fprintf(stderr, "mailint-emulator: %s\n", error.what());
                response = plain_error(500, "InternalServerError", "The emulator failed; see its standard error.");
            }
            try {
                reply(request, response);
            } catch (...) {
                // The client went away; nothing to tell it.
            }
        });
    });
}

http_server::~http_server()
{
    try {
        close();
    } catch (...) {
    }
}

void http_server::open() { impl_->listener.open().wait(); }

void http_server::close() { impl_->listener.close().wait(); }

int pick_free_loopback_port()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        throw std::runtime_error("socket() failed");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
    ::close(fd);
    if (!ok)
        throw std::runtime_error("could not find a free port on 127.0.0.1");
    return ntohs(address.sin_port);
}

} // namespace emulator
