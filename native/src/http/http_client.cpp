#include "http/http_client.h"

#include <algorithm>

#include <openssl/crypto.h>

namespace mailint::http {

namespace {

void cleanse(std::string &s) {
    if (!s.empty()) OPENSSL_cleanse(s.data(), s.size());
    s.clear();
}

}  // namespace

bool equals_ignore_case(std::string_view a, std::string_view b) {
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return lower(x) == lower(y); });
}

void header_map::set(std::string name, std::string value) {
    remove(name);
    fields_.emplace_back(std::move(name), std::move(value));
}

void header_map::add(std::string name, std::string value) { fields_.emplace_back(std::move(name), std::move(value)); }

void header_map::remove(std::string_view name) {
    for (auto it = fields_.begin(); it != fields_.end();) {
        if (equals_ignore_case(it->first, name)) {
            cleanse(it->second);
            it = fields_.erase(it);
        } else {
            ++it;
        }
    }
}

std::optional<std::string> header_map::find(std::string_view name) const {
    for (const auto &[n, v] : fields_)
        if (equals_ignore_case(n, name)) return v;
    return std::nullopt;
}

void header_map::wipe() {
    for (auto &f : fields_) cleanse(f.second);
    fields_.clear();
}

request::~request() {
    headers.wipe();
    cleanse(body);
}

}  // namespace mailint::http
