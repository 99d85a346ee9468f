#include "support/http.h"

#include <cpprest/http_client.h>

#include <algorithm>

namespace emutest {

std::string http_reply::exception_class() const
{
    const std::string message = document.at("error").at("details").at(0).at("message").get<std::string>();
    const auto first = message.find('|');
    const auto second = message.find('|', first + 1);
    return message.substr(first + 1, second - first - 1);
}

std::string http_reply::error_text() const
{
    const std::string message = document.at("error").at("details").at(0).at("message").get<std::string>();
    return message.substr(message.find('|', message.find('|') + 1) + 1);
}

std::string form_urlencode(const std::map<std::string, std::string>& fields)
{
    std::string out;
    for (const auto& [name, value] : fields) {
        if (!out.empty())
            out += '&';
        out += web::uri::encode_data_string(name) + "=" + web::uri::encode_data_string(value);
    }
    return out;
}

http_reply http_request(const std::string& base_url, const std::string& method, const std::string& path,
                        const std::string& body, const std::string& content_type,
                        const std::map<std::string, std::string>& headers)
{
    web::http::client::http_client_config config;
    config.set_timeout(std::chrono::seconds(30));
    web::http::client::http_client client(base_url, config);
    web::http::http_request request(method);
    request.set_request_uri(path);
    // PATCH and PUT carry bodies too (Graph, Dataverse); a GET or DELETE sends one only when given.
    if (method == "POST" || method == "PATCH" || method == "PUT" || !body.empty())
        request.set_body(body, content_type);
    for (const auto& [name, value] : headers)
        request.headers().add(name, value);
    const auto response = client.request(request).get();
    http_reply reply;
    reply.status = response.status_code();
    reply.body = response.extract_utf8string(true).get();
    for (const auto& [name, value] : response.headers()) {
        std::string lower = name;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        reply.headers[lower] = value;
    }
    reply.document = json::parse(reply.body, nullptr, false);
    if (reply.document.is_discarded())
        reply.document = nullptr;
    return reply;
}

} // namespace emutest
