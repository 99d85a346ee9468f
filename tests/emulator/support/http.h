#pragma once
// A small blocking HTTP client over cpprest, so that only support/http.cpp compiles its headers.
#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace emutest {

using json = nlohmann::ordered_json;

struct http_reply {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers;  // names lower-cased
    json document;                               // the body parsed, or null when it is not JSON

    // details[0].message of an error envelope, split: "<stringId>|<class>|<text>".
    std::string exception_class() const;
    std::string error_text() const;
};

// POST bodies go as `content_type` (JSON unless told otherwise); `headers` are added as given.
http_reply http_request(const std::string& base_url, const std::string& method, const std::string& path,
                        const std::string& body = {}, const std::string& content_type = "application/json",
                        const std::map<std::string, std::string>& headers = {});

// application/x-www-form-urlencoded, every name and value percent-encoded.
std::string form_urlencode(const std::map<std::string, std::string>& fields);

} // namespace emutest
