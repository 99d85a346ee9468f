#pragma once
// The entry from a request document to a scenario's blueprint. Later scenarios (Microsoft 365
// domains, Teams Essentials routing, Dynamics 365 server-side sync) register here.
#include <nlohmann/json.hpp>

#include "core/diagnostic.h"
#include "plan/planner.h"
#include "secret/secret_store.h"

namespace mailint {

// Every finding of the request's validation, without reading anything. Throws mailint::error
// for a document that is not a request at all (wrong schemaVersion, unknown scenario).
diagnostics validate_request(const nlohmann::json &request, const secret_store &secrets);

// The desired state; throws mailint::error(invalid_argument) with every diagnostic in the detail
// when validation finds an error.
planner_input prepare_request(const nlohmann::json &request, const secret_store &secrets);

// The request's scenario ("exchange-onprem", "m365-domain"), after checking the envelope; throws
// request.scenario.unknown for one this library does not know.
std::string scenario_name(const nlohmann::json &request);

// Checks schemaVersion and returns the "parameters" object.
const nlohmann::json &request_parameters(const nlohmann::json &request);

}  // namespace mailint
