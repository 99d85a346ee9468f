#pragma once
// The DNS records Graph asks an administrator to publish for a domain: the verification pair
// (TXT MS=ms<8 digits>, MX ms<8 digits>.msv1.invalid) and the service records that depend on the
// domain's supportedServices.
#include "util/json.h"

#include <string>

namespace emulator::graph {

// "ms" + 8 digits, derived from tenant and domain so it is the same on every call and every run
// (Entra keeps one code per domain registration).
std::string verification_code(const std::string& tenant_id, const std::string& domain);

json verification_records(const std::string& tenant_id, const std::string& domain);
json service_configuration_records(const std::string& tenant_id, const json& domain);

} // namespace emulator::graph
