#pragma once
// What the planner knows about one kind of object: how to list every instance in one read, how
// instances are identified, which properties it manages and how each is compared, and which
// commands create and update it. Blueprints pick types from a catalogue; the planner is generic.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/value_kind.h"

namespace mailint {

struct property_spec {
    std::string name;              // as the list command prints it: "RemoteIPRanges"
    value_kind kind = value_kind::text;
    std::string set_parameter;     // parameter of the update command; "" = cannot be changed
    std::string create_parameter;  // parameter of the create command; "" = set by a follow-up update
    compare_mode mode = compare_mode::equal;
    bool create_only = false;      // sent at creation, never read back or compared (Usage)
};

struct resource_type {
    std::string name;                          // "ReceiveConnector"
    std::string transport = "host-session";
    std::string list_command;                  // one bulk read: "Get-ReceiveConnector"
    std::string identity_property = "Identity";
    std::string create_command;                // "" = cannot be created by the plan
    std::string update_command;
    std::string update_identity_parameter = "Identity";
    nlohmann::json create_static = nlohmann::json::object();  // always sent on create
    nlohmann::json update_static = nlohmann::json::object();  // always sent on update (-Force)
    std::vector<property_spec> properties;

    const property_spec *find(const std::string &property) const;
};

}  // namespace mailint
