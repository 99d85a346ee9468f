#pragma once
// One read through the host session, recorded in the plan's reads. A failed read is an error,
// never "absent" (ARCHITECTURE §2.4), except the "not found" a Get- answers for an object that is
// not there, which the caller may ask to read as nothing.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "plan/plan.h"
#include "transport/host_session.h"

namespace mailint {

enum class missing_is { error, empty };

// Throws the host's error (host_error) for a failed read, and for "not found" unless `missing`
// is empty.
std::vector<nlohmann::json> read_objects(host_session &host, const host_command &command, plan &p,
                                         missing_is missing = missing_is::error);

}  // namespace mailint
