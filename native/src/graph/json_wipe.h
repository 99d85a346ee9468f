#pragma once
// Request documents that carried a password (a user create) are overwritten before they are
// freed, as http::request bodies are: heap pages outlive the objects that used them.
#include <nlohmann/json.hpp>

namespace mailint::graph {

// Overwrites every string in `document` (keys are left; they are property names) and makes it null.
void wipe_json(nlohmann::json &document);

}  // namespace mailint::graph
