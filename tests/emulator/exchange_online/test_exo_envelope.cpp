// The InvokeCommand envelopes of Exchange Online (wire-apis.md §1.4, §1.5, §1.7): request shapes
// the module sends, the success and error envelopes, and what the request log keeps.
#include "exchange_online/exo.h"

using namespace emutest;

namespace {

void check_error_shape(const http_reply& reply)
{
    const json& error = reply.document.at("error");
    CHECK(error.at("message") == "Error executing cmdlet");
    CHECK(error.at("details").at(0).at("code") == "Client");
    const std::string message = error.at("details").at(0).at("message");
    CHECK(message.rfind("Ex", 0) == 0);
    CHECK(std::count(message.begin(), message.end(), '|') >= 2);
    CHECK(error.at("innererror").at("type") == "Microsoft.Exchange.Admin.OData.Core.ODataServiceException");
    CHECK(reply.document.at("@adminapi.warnings") == json::array());
}

} // namespace

TEST_CASE("exo envelope: success shape with an absolute @odata.context", "[exo][envelope]")
{
    auto& emu = fresh_emulator();
    const auto reply = exo(emu, demo_token(emu), "Get-OrganizationConfig");
    REQUIRE(reply.status == 200);
    const json& body = reply.document;
    CHECK(body.at("@odata.context") ==
          emu.url() + "/adminapi/beta/" + demo_tenant + "/$metadata#Collection(Exchange.GenericHashTable)");
    CHECK(body.at("adminapi.warnings@odata.type") == "#Collection(String)");
    CHECK(body.at("@adminapi.warnings") == json::array());
    CHECK_FALSE(body.contains("@odata.nextLink"));
    REQUIRE(body.at("value").size() == 1);
    const json& org = body.at("value").at(0);
    CHECK(org.at("Identity") == "contoso.onmicrosoft.com");
    CHECK(org.at("DisplayName") == "Contoso");
    CHECK(org.at("IsDehydrated") == true);
    CHECK(reply.headers.at("odata-version") == "4.0");
}

TEST_CASE("exo envelope: the module's parameter shapes are accepted", "[exo][envelope]")
{
    auto& emu = fresh_emulator();
    const std::string token = demo_token(emu);
    // Lower-case cmdlet name (as in the captured traffic), any-case parameter names, and a sibling
    // "<Param>@odata.type" annotation, which is not a parameter.
    const auto reply = exo_post(emu, token, exo_path(),
                                R"j({"CmdletInput":{"CmdletName":"set-mailbox","Parameters":{"identity":"AdeleV",)j"
                                R"j("EmailAddresses@odata.type":"#Collection(Exchange.GenericHashTable)",)j"
                                R"j("EmailAddresses":{"@odata.type":"#Exchange.GenericHashTable","Add":["smtp:adele@contoso.onmicrosoft.com"]},)j"
                                R"j("deliverToMailboxAndForward":true}}})j");
    REQUIRE(reply.status == 200);
    CHECK(reply.document.at("value") == json::array());
    const json mailbox = tenant_state(emu).at("mailboxes").at(0);
    CHECK(mailbox.at("EmailAddresses") ==
          json::array({"SMTP:AdeleV@contoso.onmicrosoft.com", "smtp:adele@contoso.onmicrosoft.com"}));
    CHECK(mailbox.at("DeliverToMailboxAndForward") == true);

    const json log = exo_log(emu);
    REQUIRE(log.size() == 1);
    CHECK(log.at(0).at("cmdlet") == "Set-Mailbox");
    CHECK(log.at(0).at("write") == true);
    CHECK(log.at(0).at("status") == 200);
    CHECK(log.at(0).at("tenant") == demo_tenant);
    CHECK(log.at(0).at("path") == exo_path());
    CHECK(log.at(0).at("parameters").at("identity") == "AdeleV");
    CHECK(emu.get("/control/counters").document.at("writes") == 1);
}

TEST_CASE("exo envelope: an unknown parameter is 400 naming it", "[exo][envelope]")
{
    auto& emu = fresh_emulator();
    const auto reply = exo(emu, demo_token(emu), "Set-Mailbox", {{"Identity", "AdeleV"}, {"ForwardingSmtpAdress", "a@b.com"}});
    CHECK(reply.status == 400);
    CHECK(reply.document.at("error").at("code") == "BadRequest");
    CHECK(reply.exception_class() == "System.Management.Automation.ParameterBindingException");
    CHECK(reply.error_text() == "A parameter cannot be found that matches parameter name 'ForwardingSmtpAdress'.");
    CHECK(reply.headers.at("x-exceptiontype") == "ParameterBindingException");
    check_error_shape(reply);
}

TEST_CASE("exo envelope: a bad enum value is 400 listing the valid ones", "[exo][envelope]")
{
    auto& emu = fresh_emulator();
    const auto reply = exo(emu, demo_token(emu), "New-TransportRule",
                           {{"Name", "Bad mode"}, {"Mode", "Enforcing"}, {"DeleteMessage", true}});
    CHECK(reply.status == 400);
    CHECK(reply.exception_class() == "System.Management.Automation.ParameterBindingException");
    CHECK(reply.error_text().find("Cannot convert value \"Enforcing\"") != std::string::npos);
    CHECK(reply.error_text().find("Audit, AuditAndNotify, Enforce") != std::string::npos);
    check_error_shape(reply);
    // A failed New-* leaves nothing behind.
    CHECK(tenant_state(emu).at("transportRules") == json::array());
}

TEST_CASE("exo envelope: a missing object is 404 and a bad body 400", "[exo][envelope]")
{
    auto& emu = fresh_emulator();
    const std::string token = demo_token(emu);
    for (const std::string cmdlet : {"Get-Mailbox", "Set-CASMailbox", "Set-TransportRule", "Remove-OutboundConnector",
                                     "Set-AcceptedDomain", "Set-DkimSigningConfig", "Get-HostedOutboundSpamFilterPolicy"}) {
        INFO(cmdlet);
        const auto reply = exo(emu, token, cmdlet, {{"Identity", "does-not-exist"}});
        CHECK(reply.status == 404);
        CHECK(reply.document.at("error").at("code") == "NotFound");
        CHECK(reply.exception_class() == "Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException");
        CHECK(reply.error_text() == "The operation couldn't be performed because object 'does-not-exist' couldn't be "
                                    "found on 'EMUPR01A001DC001.EMUPR01A001.PROD.OUTLOOK.COM'.");
        check_error_shape(reply);
    }
    for (const std::string body : {"not json", "{}", R"({"CmdletInput":{"CmdletName":""}})",
                                   R"({"CmdletInput":{"CmdletName":"Get-Mailbox","Parameters":[1]}})"}) {
        INFO(body);
        const auto reply = exo_post(emu, token, exo_path(), body);
        CHECK(reply.status == 400);
        check_error_shape(reply);
    }
    const auto missing = exo(emu, token, "Set-Mailbox", {{"DeliverToMailboxAndForward", true}});
    CHECK(missing.status == 400);
    CHECK(missing.error_text() == "Cannot process command because of one or more missing mandatory parameters: Identity.");
}

TEST_CASE("exo envelope: -WhatIf validates and changes nothing", "[exo][envelope]")
{
    auto& emu = fresh_emulator();
    const std::string token = demo_token(emu);
    CHECK(exo(emu, token, "New-TransportRule", {{"Name", "Dry run"}, {"DeleteMessage", true}, {"WhatIf", true}}).status == 200);
    CHECK(exo(emu, token, "Set-CASMailbox", {{"Identity", "LeeG"}, {"OWAEnabled", false}, {"WhatIf", true}}).status == 200);
    CHECK(tenant_state(emu).at("transportRules") == json::array());
    CHECK(tenant_state(emu).at("casMailboxes").at(3).at("OWAEnabled") == true);
    CHECK(exo(emu, token, "Set-CASMailbox", {{"Identity", "LeeG"}, {"OWAEnabled", "no"}}).status == 400);
}
