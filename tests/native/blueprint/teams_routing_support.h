#pragma once
// What the Teams Essentials routing tests share: a request parsed (failing the test on a finding)
// and the emulator's Exchange Online as a client.
#include <catch2/catch.hpp>

#include "blueprint/teams_routing_request.h"
#include "exchange_online/exo_client.h"
#include "graph/emulator_cloud.h"

namespace teams_test {

inline mailint::teams_routing::request parsed(nlohmann::json parameters) {
    mailint::teams_routing::request r;
    auto found = mailint::teams_routing::parse_request(parameters, r);
    INFO(found.to_json().dump());
    REQUIRE_FALSE(found.has_errors());
    return r;
}

inline mailint::exchange_online::exo_client exchange_of(mailint::test::emulator_cloud &cloud) {
    const auto &s = cloud.connection->settings();
    return mailint::exchange_online::exo_client(cloud.connection->exchange(), {s.environment.exchange_base, s.app.tenant, {}});
}

}  // namespace teams_test
