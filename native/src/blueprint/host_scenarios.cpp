#include "blueprint/host_scenarios.h"

#include <algorithm>
#include <array>

#include "blueprint/exchange_certificate_request.h"
#include "blueprint/exchange_features.h"
#include "blueprint/exchange_manual_step.h"
#include "blueprint/exchange_prerequisite.h"
#include "blueprint/exchange_quota.h"
#include "blueprint/exchange_reverse_proxy.h"
#include "blueprint/exchange_setup.h"
#include "blueprint/exchange_split_dns.h"
#include "core/error.h"

namespace mailint::host_scenarios {

namespace {

using nlohmann::json;

struct entry {
    std::string_view name;
    diagnostics (*validate)(const json &, const secret_store &);
    built (*build)(const json &, context &);
};

[[noreturn]] void invalid(const diagnostics &found) {
    const auto *first = found.first_error();
    throw error(errc::invalid_argument, first->id, first->message, {{"schemaVersion", 1}, {"diagnostics", found.to_json()}});
}

// A scenario's parse_request and build_plan, joined: validation first, so bad input is reported
// before a single read is sent. `Build` plans with the whole context and may leave files to write.
template <class Request, auto Parse, auto Build>
entry make_built(std::string_view name) {
    return {name,
            [](const json &p, const secret_store &) {
                Request r;
                return Parse(p, r);
            },
            [](const json &p, context &ctx) {
                Request r;
                auto found = Parse(p, r);
                if (found.has_errors()) invalid(found);
                built out = Build(r, ctx);
                out.value.findings.append(found);
                return out;
            }};
}

// The same for the blueprints that read through the host session only and write no file.
template <class Request, auto Build>
built plan_only(const Request &r, context &ctx) {
    return {Build(r, ctx.host, ctx.progress), {}};
}

template <class Request, auto Parse, auto Build>
entry make(std::string_view name) {
    return make_built<Request, Parse, plan_only<Request, Build>>(name);
}

const std::vector<entry> &entries() {
    static const std::vector<entry> all = {
        make<exchange_quota::request, exchange_quota::parse_request, exchange_quota::build_plan>(exchange_quota::kScenario),
        make<exchange_split_dns::request, exchange_split_dns::parse_request, exchange_split_dns::build_plan>(exchange_split_dns::kScenario),
        make<exchange_features::request, exchange_features::parse_request, exchange_features::build_plan>(exchange_features::kScenario),
        make<exchange_prerequisite::request, exchange_prerequisite::parse_request, exchange_prerequisite::build_plan>(
            exchange_prerequisite::kScenario),
        make<exchange_setup::request, exchange_setup::parse_request, exchange_setup::build_plan>(exchange_setup::kScenario),
        make<exchange_manual_step::request, exchange_manual_step::parse_request, exchange_manual_step::build_plan>(
            exchange_manual_step::kScenario),
        make_built<exchange_certificate_request::request, exchange_certificate_request::parse_request,
                   exchange_certificate_request::build_plan>(exchange_certificate_request::kScenario),
        {exchange_reverse_proxy::kScenario,
         [](const json &p, const secret_store &secrets) {
             exchange_reverse_proxy::request r;
             return exchange_reverse_proxy::parse_request(p, secrets, r);
         },
         [](const json &p, context &ctx) {
             exchange_reverse_proxy::request r;
             auto found = exchange_reverse_proxy::parse_request(p, ctx.secrets, r);
             if (found.has_errors()) invalid(found);
             auto out = exchange_reverse_proxy::build_plan(r, ctx);
             out.value.findings.append(found);
             return out;
         }},
    };
    return all;
}

const entry &find(std::string_view scenario) {
    for (const auto &e : entries())
        if (e.name == scenario) return e;
    throw error(errc::internal, "request.scenario.unknown", "No on-premises scenario '" + std::string(scenario) + "'.");
}

}  // namespace

bool knows(std::string_view scenario) {
    const auto &all = entries();
    return std::any_of(all.begin(), all.end(), [&](const entry &e) { return e.name == scenario; });
}

std::vector<std::string_view> names() {
    std::vector<std::string_view> out;
    for (const auto &e : entries()) out.push_back(e.name);
    return out;
}

diagnostics validate(std::string_view scenario, const json &parameters, const secret_store &secrets) {
    return find(scenario).validate(parameters, secrets);
}

built build(std::string_view scenario, const json &parameters, context &ctx) { return find(scenario).build(parameters, ctx); }

}  // namespace mailint::host_scenarios
