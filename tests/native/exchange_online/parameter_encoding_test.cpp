// §1.4's encoding table, row by row.
#include <catch2/catch.hpp>

#include "core/error.h"
#include "exchange_online/parameter_encoding.h"

using namespace mailint;
using namespace mailint::exchange_online;
using nlohmann::json;

namespace {

std::string refused_id(const json &parameters) {
    try {
        encode_parameters(parameters);
    } catch (const error &e) {
        CHECK(e.code() == errc::invalid_argument);
        return e.id();
    }
    return "accepted";
}

}  // namespace

TEST_CASE("encoding: switches, strings, numbers, booleans, null and arrays go as they are", "[exchange_online]") {
    const json in = {{"Identity", "crm-svc@contoso.com"},
                     {"DeliverToMailboxAndForward", true},
                     {"Force", false},
                     {"IssueWarningQuota", 1024},
                     {"Ratio", 0.5},
                     {"ForwardingAddress", nullptr},
                     {"RecipientTypeDetails", {"UserMailbox", "SharedMailbox"}},
                     {"Empty", json::array()}};
    CHECK(encode_parameters(in) == in);
    CHECK(encode_parameters(json()) == json::object());
}

TEST_CASE("encoding: a hashtable gets #Exchange.GenericHashTable, recursively", "[exchange_online]") {
    const json in = {{"Identity", "a@contoso.com"},
                     {"GrantSendOnBehalfTo", {{"Add", {"b@contoso.com"}}, {"Remove", {"c@contoso.com"}}}},
                     {"Nested", {{"Outer", {{"Inner", 1}}}}}};
    const json expected = {
        {"Identity", "a@contoso.com"},
        {"GrantSendOnBehalfTo",
         {{"Add", {"b@contoso.com"}}, {"Remove", {"c@contoso.com"}}, {"@odata.type", "#Exchange.GenericHashTable"}}},
        {"Nested",
         {{"Outer", {{"Inner", 1}, {"@odata.type", "#Exchange.GenericHashTable"}}},
          {"@odata.type", "#Exchange.GenericHashTable"}}}};
    CHECK(encode_parameters(in) == expected);
    // The example of §1.4, byte for byte.
    CHECK(cmdlet_input("Set-Mailbox", {{"Identity", "a@contoso.com"}, {"GrantSendOnBehalfTo", {{"Add", {"b@contoso.com"}}}}})
              .dump() ==
          R"({"CmdletInput":{"CmdletName":"Set-Mailbox","Parameters":{"GrantSendOnBehalfTo":{"@odata.type":"#Exchange.GenericHashTable","Add":["b@contoso.com"]},"Identity":"a@contoso.com"}}})");
}

TEST_CASE("encoding: a hashtable[] gets the sibling collection annotation", "[exchange_online]") {
    const json in = {{"Rules", json::array({{{"Name", "r1"}}, {{"Name", "r2"}, {"Opts", {{"X", true}}}}})}};
    const json expected = {
        {"Rules",
         json::array({{{"Name", "r1"}, {"@odata.type", "#Exchange.GenericHashTable"}},
                      {{"Name", "r2"},
                       {"Opts", {{"X", true}, {"@odata.type", "#Exchange.GenericHashTable"}}},
                       {"@odata.type", "#Exchange.GenericHashTable"}}})},
        {"Rules@odata.type", "#Collection(Exchange.GenericHashTable)"}};
    CHECK(encode_parameters(in) == expected);

    // Inside a hashtable the same rule applies to its keys.
    const json nested = encode_parameters({{"Settings", {{"Items", json::array({{{"A", 1}}})}}}});
    CHECK(nested["Settings"]["Items@odata.type"] == "#Collection(Exchange.GenericHashTable)");
    CHECK(nested["Settings"]["@odata.type"] == "#Exchange.GenericHashTable");
}

TEST_CASE("encoding: byte[] and byte[][]", "[exchange_online]") {
    CHECK((encode_parameters({{"FileData", {{"$bytes", "AQID"}}}}) ==
           json{{"FileData", {{"@odata.type", "#Exchange.ByteArrayType"}, {"Data", "AQID"}}}}));
    CHECK((encode_parameters({{"FileData", {{"$bytes", ""}}}}) ==
           json{{"FileData", {{"@odata.type", "#Exchange.ByteArrayType"}, {"Data", ""}}}}));
    CHECK((encode_parameters({{"Certificates", json::array({{{"$bytes", "AQID"}}, {{"$bytes", "BA=="}}})}}) ==
           json{{"Certificates", json::array({{{"Data", "AQID"}}, {{"Data", "BA=="}}})},
                {"Certificates@odata.type", "#Collection(Exchange.ByteArrayType)"}}));
    CHECK(refused_id({{"FileData", {{"$bytes", "not base64!"}}}}) == "exchange.parameter.unsupported");
    CHECK(refused_id({{"FileData", {{"$bytes", "AQI"}}}}) == "exchange.parameter.unsupported");  // bad length
    CHECK(refused_id({{"FileData", {{"$bytes", 5}}}}) == "exchange.parameter.unsupported");
}

TEST_CASE("encoding: filters get $true/$false as quoted literals", "[exchange_online]") {
    const json out = encode_parameters({{"Filter", "HiddenFromAddressListsEnabled -eq $true -and Foo -ne $FALSE"},
                                        {"RecipientFilter", "$trueName -eq 'x'"},
                                        {"Identity", "$true"}});
    CHECK(out["Filter"] == "HiddenFromAddressListsEnabled -eq 'True' -and Foo -ne 'False'");
    CHECK(out["RecipientFilter"] == "$trueName -eq 'x'");  // another variable: left alone
    CHECK(out["Identity"] == "$true");                     // not a filter parameter
}

TEST_CASE("encoding: common parameters are strings; Remove-* gets Confirm:false", "[exchange_online]") {
    const json out = encode_parameters({{"Verbose", true}, {"ErrorAction", "Stop"}, {"OutBuffer", 5}, {"WhatIf", true}});
    CHECK(out["Verbose"] == "True");
    CHECK(out["ErrorAction"] == "Stop");
    CHECK(out["OutBuffer"] == "5");
    CHECK(out["WhatIf"] == true);  // not a common parameter: a switch

    CHECK(cmdlet_input("Remove-MailContact", {{"Identity", "x"}})["CmdletInput"]["Parameters"]["Confirm"] == false);
    CHECK((cmdlet_input("Remove-MailContact", {{"Identity", "x"}, {"confirm", true}})["CmdletInput"]["Parameters"] ==
           json{{"Identity", "x"}, {"confirm", true}}));
    CHECK_FALSE(cmdlet_input("Set-Mailbox", {{"Identity", "x"}})["CmdletInput"]["Parameters"].contains("Confirm"));
}

TEST_CASE("encoding: what it cannot express is refused, naming the parameter, not the value", "[exchange_online]") {
    try {
        encode_parameters({{"Password", {{"$secret", "Pa55w.rd-value"}}}});
        FAIL("a SecureString was accepted");
    } catch (const error &e) {
        CHECK(e.id() == "exchange.parameter.unsupported");
        CHECK(std::string(e.what()).find("Password") != std::string::npos);
        CHECK(std::string(e.what()).find("Pa55w.rd-value") == std::string::npos);
        CHECK(e.detail().dump().find("Pa55w.rd-value") == std::string::npos);
    }
    CHECK(refused_id({{"Settings", {{"Inner", {{"$secret", "x"}}}}}}) == "exchange.parameter.unsupported");
    CHECK(refused_id({{"Mixed", json::array({"a", {{"k", 1}}})}}) == "exchange.parameter.unsupported");
    CHECK(refused_id({{"Jagged", json::array({json::array({1, 2})})}}) == "exchange.parameter.unsupported");
    CHECK(refused_id({{"BytesAndTables", json::array({{{"$bytes", "AQID"}}, {{"k", 1}}})}}) ==
          "exchange.parameter.unsupported");
    CHECK(refused_id({{"Settings", {{"x@odata.type", "#Evil"}}}}) == "exchange.parameter.unsupported");
    CHECK(refused_id({{"Verbose", json::array({1})}}) == "exchange.parameter.unsupported");
    CHECK(refused_id({{"Bad-Name", 1}}) == "exchange.parameter.name_invalid");
    CHECK(refused_id({{"Identity@odata.type", "#x"}}) == "exchange.parameter.name_invalid");
    CHECK(refused_id({{"Identity", "a"}, {"identity", "b"}}) == "exchange.parameter.name_invalid");
    CHECK(refused_id(json::array()) == "exchange.parameters.invalid");
    CHECK_THROWS_AS(cmdlet_input("Set-Mailbox\r\nX-Evil: 1", json::object()), error);
    CHECK_THROWS_AS(cmdlet_input("Mailbox", json::object()), error);
    CHECK_NOTHROW(check_cmdlet_name("Get-EXOMailbox"));
}
