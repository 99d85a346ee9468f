#pragma once
// A create or update body applied to a row as Dataverse checks it: every property must be a
// column of the table (or a lookup's <name>@odata.bind), of the column's type, a picklist value
// among the column's options, an integer in range, text within the column's length, and no
// system-maintained column. Lookups bind to a row that must exist.
#include "dataverse/schema.h"
#include "util/json.h"

#include <optional>
#include <string>
#include <string_view>

namespace emulator::dataverse {

struct write_problem {
    int status;
    std::string_view code;
    std::string message;
};

// Applies `body` to `row` in place (the caller passes a copy and keeps it only on success). `org`
// is the organization the binds resolve in. The key column may be in the body only with the row's
// own id.
std::optional<write_problem> apply_body(const table& t, json& row, const json& body, const json& org);

// Whether the entity set named in a bind ("/emailserverprofiles(<id>)", also absolute) matches
// one of the lookup's targets; the target set and id.
struct bind_target {
    std::string set;
    std::string id;
};
std::optional<bind_target> parse_bind(std::string_view reference);

} // namespace emulator::dataverse
