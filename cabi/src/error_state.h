#pragma once
// The thread-local last error behind mailint_error_last(), and the firewall every entry point
// runs its body in: no C++ exception may cross into C or .NET.
#include <new>
#include <string>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "mailint.h"

namespace mailint::cabi {

void clear_error();
int set_error(errc code, const std::string &id, const std::string &message,
              const nlohmann::json &detail = nlohmann::json::object());

template <typename F>
int guard(F &&body) noexcept {
    try {
        clear_error();
        return body();
    } catch (const mailint::error &e) {
        return set_error(e.code(), e.id(), e.what(), e.detail());
    } catch (const nlohmann::json::exception &e) {
        return set_error(errc::invalid_argument, "request.json.malformed",
                         std::string("The document is not valid JSON or has a member of the wrong type: ") + e.what());
    } catch (const std::bad_alloc &) {
        return set_error(errc::internal, "core.out_of_memory", "Out of memory.");
    } catch (const std::exception &e) {
        return set_error(errc::internal, "core.internal", std::string("Internal error: ") + e.what());
    } catch (...) {
        return set_error(errc::internal, "core.internal", "Internal error.");
    }
}

// Parses (ptr, len) as a JSON document; len 0 with a NUL-terminated ptr is accepted too.
nlohmann::json parse_document(const char *ptr, size_t len);

// Moves text into a library-allocated mailint_buf.
void fill_buf(mailint_buf *out, const std::string &text);

}  // namespace mailint::cabi
