#pragma once
// The Graph v1.0 endpoints the emulator serves: method, path pattern, the app roles (or delegated
// scopes) that may call it, and its handler.
#include "graph/call.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace emulator::graph {

struct route {
    std::string_view method;
    std::vector<std::string_view> pattern;  // "{}" matches one segment, which becomes a parameter
    const std::vector<std::string>* roles;  // any one of them suffices
    handler run;
};

struct route_match {
    const route* found = nullptr;   // nullptr: no endpoint
    bool wrong_method = false;      // the path exists, the method does not
    std::vector<std::string> params;
};

// `segments` are the path after /v1.0. A key segment "servicePrincipals(appId='…')" is read as
// the two segments "servicePrincipals", "appId='…'" (and "domains('x')" as "domains", "x").
route_match find_route(std::string_view method, const std::vector<std::string>& segments);

} // namespace emulator::graph
