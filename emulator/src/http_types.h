#pragma once
// The plain request/response pair between the cpprest listener and everything else, so that only
// http_server.cpp pays for cpprest's headers.
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace emulator {

struct http_request_data {
    std::string method;                 // "GET", "POST" …
    std::vector<std::string> segments;  // path segments, percent-decoded
    std::string path;                   // the decoded path, for the request log
    std::string query;                  // the raw query string after '?', still percent-encoded
    std::string body;
    std::map<std::string, std::string> headers;  // names lower-cased (Authorization, Host)
};

struct http_response_data {
    int status = 200;
    std::string body;  // JSON text
    std::vector<std::pair<std::string, std::string>> headers;
    // The traffic layer's "connection reset": the server sends the status line and headers, then
    // closes the connection without a body (http_server.cpp says why nothing earlier is possible).
    bool drop_connection = false;
};

} // namespace emulator
