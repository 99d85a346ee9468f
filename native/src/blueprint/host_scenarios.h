#pragma once
// The on-premises scenarios beyond ConfigureExchange.ps1 (seed X1, X3, X4, X6, X8–X12): each reads
// and changes the administrator's own servers only, through the host session (Windows features,
// DNS Server, Active Directory, Exchange cmdlets in the caller's runspace) and the process
// transport (setup.com, ARRConfig), so each plans without a Microsoft 365 connection.
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"
#include "plan/plan.h"
#include "plan/planner.h"
#include "secret/secret_store.h"
#include "transport/host_session.h"

namespace mailint::host_scenarios {

// What a blueprint may read while planning. `http_get` answers "" when the URL answers HTTP
// 2xx/3xx, else the reason (X9's /owa check); `allow_untrusted` accepts a certificate no CA
// vouches for (never for Microsoft's hosts).
struct context {
    host_session &host;
    const secret_store &secrets;
    const progress_fn &progress;
    std::function<std::string(const std::string &url, bool allow_untrusted)> http_get;
};

// A small state file the apply writes once the step it belongs to has succeeded (what was
// configured, so that the next run can tell it is still so).
struct saved_record {
    std::string step_id;
    std::filesystem::path path;
    std::string body;
    // The body is the step's text output instead (the request New-ExchangeCertificate returns).
    bool body_from_output = false;
    // A file of the module's own (mode 0600 in a 0700 folder); false for a file the
    // administrator named, whose folder is left as it is.
    bool private_folder = true;
};

struct built {
    plan value;
    std::vector<saved_record> on_success;
};

bool knows(std::string_view scenario);
std::vector<std::string_view> names();

// Every finding of the parameters, nothing read.
diagnostics validate(std::string_view scenario, const nlohmann::json &parameters, const secret_store &secrets);

// Throws mailint::error(invalid_argument) with every diagnostic in the detail when validation
// finds an error (nothing is read then), and the blueprint's own errors.
built build(std::string_view scenario, const nlohmann::json &parameters, context &ctx);

}  // namespace mailint::host_scenarios
