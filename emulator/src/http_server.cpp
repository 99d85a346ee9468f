#include "http_server.h"

#include <cpprest/http_listener.h>
#include <cpprest/producerconsumerstream.h>
#include <cpprest/uri.h>
#include <pplx/threadpool.h>

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
    data.query = request.relative_uri().query();
    data.body = std::move(body);
    for (const auto& [name, value] : request.headers()) {
        std::string lower = name;
        for (auto& c : lower)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        data.headers[lower] = value;
    }
    return data;
}

// The task of a reply fails when the connection goes away while it is sent (always so for
// reply_then_drop). pplx terminates the process when a failed task is destroyed unobserved, so
// every reply's task is observed here; the client is gone, there is no one to tell.
void observe(pplx::task<void> sent)
{
    sent.then([](pplx::task<void> done) {
        try {
            done.get();
        } catch (...) {
        }
    });
}

// cpprest's listener (http_server_asio.cpp, 2.10) gives a handler no way to reach the socket, and
// a request that is never replied to keeps its connection open forever (the response task just
// never completes). It serializes the status line and headers of every reply before it reads the
// body, and the one path that closes a connection without a complete response is a body stream
// that fails while it is being sent (cancel_sending_response_with_error → finish_request_response,
// which shuts the socket down and closes it). So the traffic layer's "connection reset" is: the
// status line and headers of a 502 with a chunked body, then the connection closed before the first
// chunk. A client never receives a complete response: curl reports error 18, .NET "the response
// ended prematurely", cpprest an http_exception while reading the body — the same transport
// failure a reset produces, only after the headers instead of before.
void reply_then_drop(const http_request& request, const http_response_data& data)
{
    http_response response(static_cast<web::http::status_code>(data.status));
    for (const auto& [name, value] : data.headers)
        response.headers().add(name, value);
    concurrency::streams::producer_consumer_buffer<unsigned char> body;
    response.set_body(concurrency::streams::istream(body), "application/json; charset=utf-8");
    observe(request.reply(response));
    // Failed only after reply(): reply() itself throws when the stream already holds an error, and
    // then nothing at all would be sent and the client would hang instead.
    body.close(std::ios_base::out, std::make_exception_ptr(std::runtime_error("connection dropped by the traffic layer")));
}

void reply(const http_request& request, const http_response_data& data)
{
    if (data.drop_connection)
        return reply_then_drop(request, data);
    http_response response(static_cast<web::http::status_code>(data.status));
    for (const auto& [name, value] : data.headers)
        response.headers().add(name, value);
    response.set_body(data.body, "application/json; charset=utf-8");
    observe(request.reply(response));
}

// Handlers run on cpprest's thread pool and block it while the traffic layer holds a request for its
// latency; the same threads also run the listener's socket I/O. cpprest's default pool is 40 threads
// on Linux, so 64 clients under a latency profile would leave none to accept or read the next
// request, and latencies would add up instead of overlapping. 128 threads serve 64 held requests
// with room for the I/O. The pool can only be sized before its first use; if something used it
// first, the default size stays (and initialize_with_threads says so by throwing).
constexpr std::size_t listener_threads = 128;

void size_thread_pool()
{
    try {
        crossplat::threadpool::initialize_with_threads(listener_threads);
    } catch (const std::exception&) {
        // Already in use: it keeps its size.
    }
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
    : impl_((size_thread_pool(), std::make_unique<impl>(url, std::move(handler))))
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
