// The Graph sections of the state document: shown by GET /control/state, normalized by
// /control/seed (a state read back seeds the same state), and the DNS control endpoint.
#include "graph/graph_support.h"

#include <catch2/catch.hpp>

using namespace emutest;

TEST_CASE("the Graph and DNS sections round-trip through /control/seed", "[graph][state]")
{
    auto& emu = fresh_emulator();
    const std::string token = graph_token(emu);
    REQUIRE(call(emu, "POST", "/v1.0/domains", token, {{"id", "state.example"}}).status == 201);
    REQUIRE(emu.post("/control/dns/records", json{{"name", "state.example"}, {"type", "TXT"}, {"value", "hello"}}.dump()).status == 201);
    const json state = emu.get("/control/state").document;
    const json& directory = state.at("graph").at(demo_tenant);
    CHECK(directory.at("domains").size() == 2);
    CHECK(directory.at("users").size() == 3);
    CHECK(directory.at("servicePrincipals").size() == 2);
    CHECK(state.at("dns").at("state.example") == json::parse(R"([{"type":"TXT","value":"hello"}])"));

    REQUIRE(emu.post("/control/seed", state.dump()).status == 200);
    CHECK(emu.get("/control/state").document == state);
    CHECK(call(emu, "GET", "/v1.0/domains/state.example", token).status == 200);

    // A seed without a graph section gives every Entra tenant its initial domain and nothing else.
    json bare = state;
    bare.erase("graph");
    bare.erase("dns");
    REQUIRE(emu.post("/control/seed", bare.dump()).status == 200);
    const json reseeded = emu.get("/control/state").document;
    CHECK(reseeded.at("graph").at(demo_tenant).at("users") == json::array());
    CHECK(reseeded.at("graph").at(demo_tenant).at("domains").at(0).at("id") == "contoso.onmicrosoft.com");
    CHECK(reseeded.at("dns") == json::object());

    CHECK(emu.post("/control/seed", R"({"graph":{"t":{"users":{}}}})").status == 400);
    CHECK(emu.post("/control/dns/records", R"({"name":"x.example","type":"BOGUS","value":"v"})").status == 400);
    CHECK(emu.post("/control/graph/unknown-tenant/skus", R"({"skuId":"x"})").status == 404);
}
