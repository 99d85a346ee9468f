#pragma once
#include <nlohmann/json.hpp>

#include "model/value_kind.h"

namespace mailint {

// The canonical form of a value for comparison: strings lower-cased where the kind is
// case-insensitive, lists sorted, ranges normalised. Values that cannot be parsed keep their
// text form, so they compare unequal to anything valid rather than being silently dropped.
nlohmann::json canonical_value(value_kind kind, const nlohmann::json &value);

// True when current satisfies desired under the kind and mode. null, "" and [] are one value
// ("not set") for every kind.
bool values_match(value_kind kind, compare_mode mode, const nlohmann::json &current,
                  const nlohmann::json &desired);

}  // namespace mailint
