#include "auth/form_body.h"

namespace mailint::auth {

namespace {
void append_escaped(std::string &out, std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    for (unsigned char c : s) {
        bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                          c == '.' || c == '_' || c == '~';
        if (unreserved) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
}
}  // namespace

std::string form_encode(const std::vector<std::pair<std::string_view, std::string_view>> &fields) {
    std::string out;
    for (const auto &[name, value] : fields) {
        if (!out.empty()) out += '&';
        append_escaped(out, name);
        out += '=';
        append_escaped(out, value);
    }
    return out;
}

}  // namespace mailint::auth
