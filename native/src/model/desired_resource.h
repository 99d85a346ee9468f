#pragma once
// One thing a blueprint wants to be true: "the receive connector EX01\WSE Internet Receive
// Connector exists with these settings", or "every OWA virtual directory has these URLs".
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/resource_type.h"

namespace mailint {

enum class resource_scope {
    single,         // one instance, found by `match`
    each_existing,  // every instance the list returns that fits `match` (may be empty: all)
};

enum class absent_policy {
    create,  // create it
    fail,    // a precondition: the plan cannot be built without it
};

struct desired_resource {
    std::string id;                 // blueprint-local: "receive-connector-internet"
    const resource_type *type = nullptr;
    std::string label;              // what people and the update command call it
    resource_scope scope = resource_scope::single;
    nlohmann::json match = nlohmann::json::object();       // key property -> value (text_ci)
    nlohmann::json properties = nlohmann::json::object();  // managed property -> desired value
    nlohmann::json create_parameters = nlohmann::json::object();  // only at creation (Name, Server,
                                                                  // secret and file references)
    absent_policy when_absent = absent_policy::create;
    std::string absent_error_id;    // with absent_policy::fail
    std::string absent_target;
    std::string absent_message;
    std::vector<std::string> depends_on;  // ids of other desired resources
    std::string risk = "low";
    std::vector<std::string> notes;
};

}  // namespace mailint
