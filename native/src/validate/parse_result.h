#pragma once
// The outcome of parsing one piece of user text: the value, or a phrase saying what is wrong with
// it and how to fix it. Parsers never throw on bad input, because bad input is the normal case
// for a validator and every finding must be collected, not just the first.
#include <optional>
#include <string>
#include <utility>

namespace mailint::validate {

template <class T>
struct parse_result {
    std::optional<T> value;
    // Empty on success. Otherwise a phrase written to follow the quoted input, e.g. for
    // "192.168.0.256": "has an octet above 255 ('256'); each part is 0 to 255".
    std::string problem;

    static parse_result ok(T v) { return {std::optional<T>(std::move(v)), {}}; }
    static parse_result fail(std::string why) { return {std::nullopt, std::move(why)}; }

    explicit operator bool() const noexcept { return value.has_value(); }
    const T &operator*() const { return *value; }
    const T *operator->() const { return &*value; }
};

}  // namespace mailint::validate
