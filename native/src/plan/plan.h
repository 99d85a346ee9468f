#pragma once
// A plan is data: the ordered steps that take the current state to the desired one. Apply reads
// only `command` and `depends_on`; everything else is for people (-WhatIf, Test-*).
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"
#include "transport/host_session.h"

namespace mailint {

struct property_change {
    std::string property;
    nlohmann::json from;  // as the service printed it; null when absent
    nlohmann::json to;
};

struct plan_step {
    std::string id;              // "s01"
    std::string action;          // create | update | delete | noop | manual | check
    std::string resource_type;
    std::string identity;
    std::vector<property_change> changes;
    std::vector<std::string> depends_on;  // step ids
    std::string transport = "host-session";
    std::string risk = "low";
    std::vector<std::string> create_only;
    std::vector<std::string> notes;
    std::string description;     // "Create ReceiveConnector 'EX01\Internet'"
    std::string operation;       // the same without the target, for ShouldProcess: "Create",
                                 // "Update ExternalUrl, InternalUrl"
    std::optional<host_command> command;

    nlohmann::json to_json() const;
};

struct read_record {
    std::string transport;
    std::string command;
    size_t count = 0;
};

struct plan {
    std::string scenario;
    std::string plan_id;
    diagnostics findings;            // warnings and notes that do not stop the plan
    std::vector<read_record> reads;
    std::vector<plan_step> steps;

    const plan_step *find(const std::string &step_id) const;
    nlohmann::json to_json() const;
    std::string to_text() const;
};

}  // namespace mailint
