#include "graph/redact_tokens.h"

namespace mailint::graph {

namespace {
bool base64url_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// Length of a JWT starting at `at`, or 0: "eyJ" (base64 of '{"'), then at least one more
// dot-separated base64url segment.
std::size_t jwt_length(std::string_view text, std::size_t at) {
    if (text.compare(at, 3, "eyJ") != 0) return 0;
    std::size_t i = at;
    int segments = 0;
    for (;;) {
        const std::size_t start = i;
        while (i < text.size() && base64url_char(text[i])) ++i;
        if (i == start && segments < 2) return 0;
        ++segments;
        if (i < text.size() && text[i] == '.' && segments < 3) {
            ++i;
            continue;
        }
        break;
    }
    return segments >= 2 ? i - at : 0;
}
}  // namespace

std::string redact_tokens(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const bool boundary = i == 0 || !base64url_char(text[i - 1]);
        if (const auto n = boundary ? jwt_length(text, i) : 0; n > 0) {
            out += "********";
            i += n;
        } else {
            out += text[i++];
        }
    }
    return out;
}

}  // namespace mailint::graph
