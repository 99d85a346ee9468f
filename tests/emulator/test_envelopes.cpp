// The §1.7 error envelope and its status codes; the request envelope's tolerance and strictness.
#include "support/helpers.h"

#include <catch2/catch.hpp>

using namespace emutest;

namespace {

void check_error_shape(const http_reply& reply)
{
    const json& error = reply.document.at("error");
    CHECK(error.at("message") == "Error executing cmdlet");
    CHECK(error.at("details").at(0).at("code") == "Client");
    const std::string message = error.at("details").at(0).at("message");
    // "<stringId>|<ExceptionClass>|<text>"
    CHECK(std::count(message.begin(), message.end(), '|') >= 2);
    CHECK(message.rfind("Ex", 0) == 0);
    CHECK(error.at("innererror").at("type") == "Microsoft.Exchange.Admin.OData.Core.ODataServiceException");
    CHECK(reply.document.at("@adminapi.warnings") == json::array());
}

} // namespace

TEST_CASE("a missing identity is 404 ManagementObjectNotFoundException", "[envelope]")
{
    auto& emu = fresh_emulator();
    for (const std::string cmdlet : {"Get-AcceptedDomain", "Set-AcceptedDomain", "Get-OwaVirtualDirectory",
                                     "Set-ReceiveConnector", "Set-SendConnector", "Get-ExchangeCertificate"}) {
        INFO(cmdlet);
        const auto reply = emu.invoke(cmdlet, {{"Identity", "does-not-exist"}});
        CHECK(reply.status == 404);
        CHECK(reply.document.at("error").at("code") == "NotFound");
        CHECK(reply.exception_class() == "Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException");
        CHECK(reply.error_text().find("'does-not-exist'") != std::string::npos);
        CHECK(reply.headers.at("x-exceptiontype") == "ManagementObjectNotFoundException");
        check_error_shape(reply);
    }
}

TEST_CASE("an unknown parameter is 400 naming the parameter", "[envelope]")
{
    auto& emu = fresh_emulator();
    const auto reply = emu.invoke("Set-AcceptedDomain", {{"Identity", "corp.contoso.local"}, {"MakeDefualt", true}});
    CHECK(reply.status == 400);
    CHECK(reply.document.at("error").at("code") == "BadRequest");
    CHECK(reply.exception_class() == "System.Management.Automation.ParameterBindingException");
    CHECK(reply.error_text() == "A parameter cannot be found that matches parameter name 'MakeDefualt'.");
    check_error_shape(reply);
}

TEST_CASE("an unknown cmdlet is 403 CommandNotFoundException", "[envelope]")
{
    auto& emu = fresh_emulator();
    const auto reply = emu.invoke("Remove-AcceptedDomain", {{"Identity", "corp.contoso.local"}});
    CHECK(reply.status == 403);
    CHECK(reply.document.at("error").at("code") == "Forbidden");
    CHECK(reply.exception_class() == "System.Management.Automation.CommandNotFoundException");
    CHECK(reply.error_text().find("Remove-AcceptedDomain") != std::string::npos);
    check_error_shape(reply);
}

TEST_CASE("an unknown organization is 404", "[envelope]")
{
    auto& emu = fresh_emulator();
    const auto reply = emu.invoke("Get-AcceptedDomain", json::object(), "Second%20Organization");
    CHECK(reply.status == 404);
    CHECK(reply.exception_class() == "Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException");
}

TEST_CASE("a body that is not the CmdletInput envelope is 400", "[envelope]")
{
    auto& emu = fresh_emulator();
    for (const std::string body : {"not json", "{}", R"j({"CmdletInput":{}})j", R"j({"CmdletInput":{"CmdletName":7}})j",
                                   R"j({"CmdletInput":{"CmdletName":"Get-AcceptedDomain","Parameters":[1]}})j"}) {
        INFO(body);
        const auto reply = emu.post("/exchange-onprem/First%20Organization/InvokeCommand", body);
        CHECK(reply.status == 400);
        check_error_shape(reply);
    }
}

TEST_CASE("cmdlet and parameter names are case-insensitive", "[envelope]")
{
    auto& emu = fresh_emulator();
    const auto reply = emu.invoke("get-accepteddomain", {{"identity", "CORP.contoso.local"}});
    REQUIRE(reply.status == 200);
    CHECK(value_of(reply).at(0).at("Name") == "corp.contoso.local");
    // The same parameter twice, in two spellings, is refused as PowerShell refuses it.
    CHECK(emu.invoke("Get-AcceptedDomain", {{"Identity", "a"}, {"IDENTITY", "b"}}).status == 400);
}

TEST_CASE("missing mandatory parameters are 400 naming them", "[envelope]")
{
    auto& emu = fresh_emulator();
    const auto reply = emu.invoke("New-AcceptedDomain", {{"Name", "x"}});
    CHECK(reply.status == 400);
    CHECK(reply.exception_class() == "System.Management.Automation.ParameterBindingException");
    CHECK(reply.error_text() == "Cannot process command because of one or more missing mandatory parameters: DomainName.");
}

TEST_CASE("values of the wrong type are 400", "[envelope]")
{
    auto& emu = fresh_emulator();
    // Booleans accept only booleans and numbers, as PowerShell's binder.
    const auto text_bool = emu.invoke("Set-AcceptedDomain", {{"Identity", "corp.contoso.local"}, {"MakeDefault", "yes"}});
    CHECK(text_bool.status == 400);
    CHECK(text_bool.error_text().find("'MakeDefault'") != std::string::npos);
    CHECK(emu.invoke("Set-AcceptedDomain", {{"Identity", "corp.contoso.local"}, {"MakeDefault", 1}}).status == 200);
    // A SecureString must come as #Exchange.SecureStringType; the message never repeats the value.
    const auto plain_password = emu.invoke("Import-ExchangeCertificate",
                                           {{"FileData", byte_array({1, 2, 3})}, {"Password", "hunter2-plain"}});
    CHECK(plain_password.status == 400);
    CHECK(plain_password.body.find("hunter2-plain") == std::string::npos);
    CHECK(emu.invoke("Import-ExchangeCertificate", {{"FileData", "AAAA"}}).status == 400);
}

TEST_CASE("common parameters are accepted; -WhatIf changes nothing", "[envelope]")
{
    auto& emu = fresh_emulator();
    const auto reply = emu.invoke("New-AcceptedDomain", {{"Name", "contoso"},
                                                        {"DomainName", "contoso.com"},
                                                        {"ErrorAction", "Stop"},
                                                        {"Confirm", false},
                                                        {"WhatIf", true}});
    CHECK(reply.status == 200);
    CHECK(value_of(reply).at(0).at("DomainName") == "contoso.com");
    CHECK(org_state(emu).at("acceptedDomains").size() == 1);
}

TEST_CASE("a failed write leaves the state as it was", "[envelope]")
{
    auto& emu = fresh_emulator();
    const json before = org_state(emu);
    // InternalUrl is valid, ExternalUrl is not: nothing may change.
    const auto reply = emu.invoke("Set-OwaVirtualDirectory", {{"Identity", "EX01\\owa (Default Web Site)"},
                                                             {"InternalUrl", "https://mail.contoso.com/owa"},
                                                             {"ExternalUrl", "mail.contoso.com/owa"}});
    CHECK(reply.status == 400);
    CHECK(reply.error_text().find("'ExternalUrl'") != std::string::npos);
    CHECK(org_state(emu) == before);
}

TEST_CASE("unknown routes are 404 and InvokeCommand takes only POST", "[envelope]")
{
    auto& emu = fresh_emulator();
    CHECK(emu.get("/nowhere").status == 404);
    CHECK(emu.get("/exchange-onprem/First%20Organization/InvokeCommand").status == 405);
    CHECK(emu.get("/control/nothing").status == 404);
}
