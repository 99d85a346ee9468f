// exo_client against a scripted service: the wire shape of §1.3-§1.6, the error mapping of §1.7,
// the retries of §1.8 and replication grace.
#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <thread>

#include "../cloud/scripted_http.h"
#include "core/error.h"
#include "exchange_online/exo_client.h"

using namespace mailint;
using namespace mailint::exchange_online;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

const std::string tenant = "11111111-2222-3333-4444-555555555555";
const std::string base = "https://outlook.office365.com";
const std::string invoke_url = base + "/adminapi/beta/" + tenant + "/InvokeCommand";

struct rig {
    test::manual_clock clock;
    test::scripted_http http{&clock};
    test::counting_tokens tokens;
    cloud::service_channel channel;
    exo_client client;

    explicit rig(cloud::retry_policy policy = {}, exo_endpoint endpoint = {base, tenant, ""})
        : channel("Exchange Online", http, tokens, {3, true}, policy, clock), client(channel, endpoint, clock) {}

    std::chrono::milliseconds at(std::size_t i) const {
        return std::chrono::duration_cast<std::chrono::milliseconds>(http.sent().at(i).at - test::manual_clock::start);
    }
};

json page(json value, std::string next = {}, std::vector<std::string> warnings = {}, json errors = nullptr) {
    json p = {{"@odata.context", base + "/adminapi/beta/" + tenant + "/$metadata#Collection(Exchange.GenericHashTable)"},
              {"adminapi.warnings@odata.type", "#Collection(String)"},
              {"@adminapi.warnings", warnings},
              {"value", std::move(value)}};
    if (!next.empty()) p["@odata.nextLink"] = next;
    if (!errors.is_null()) p["@adminapi.errors"] = errors;
    return p;
}

// The §1.7 envelope.
std::string error_body(std::string_view code, std::string_view exception_class, std::string_view text,
                       std::string_view string_id = "Ex6F9304") {
    return json{{"error",
                 {{"code", code},
                  {"message", "Error executing cmdlet"},
                  {"details", json::array({{{"code", "Client"},
                                            {"target", ""},
                                            {"message", std::string(string_id) + "|" + std::string(exception_class) +
                                                            "|" + std::string(text)}}})},
                  {"innererror",
                   {{"message", "Error executing cmdlet"},
                    {"type", "Microsoft.Exchange.Admin.OData.Core.ODataServiceException"},
                    {"internalexception",
                     {{"message", "Exception of type 'Microsoft.Exchange.Management.PSDirectInvoke."
                                  "DirectInvokeCmdletExecutionException' was thrown."}}}}}}},
                {"adminapi.warnings@odata.type", "#Collection(String)"},
                {"@adminapi.warnings", json::array()}}
        .dump();
}

error invoke_error(rig &t, const command &c, const invoke_options &o = {}) {
    try {
        t.client.invoke(c, o);
    } catch (const error &e) {
        return e;
    }
    FAIL("no error");
    throw std::logic_error("unreachable");
}

const command set_mailbox{"Set-Mailbox",
                          {{"Identity", "crm-svc@contoso.com"},
                           {"DeliverToMailboxAndForward", true},
                           {"ForwardingSmtpAddress", "crm-svc@contoso.com.test-google-a.com"}}};

}  // namespace

TEST_CASE("exo_client: the request of §1.4, headers and body", "[exchange_online]") {
    rig t;
    t.http.answer_json(200, page(json::array()));
    const auto r = t.client.invoke(set_mailbox);
    CHECK(r.pages == 1);
    CHECK(r.objects.empty());
    REQUIRE(t.http.count() == 1);
    const auto sent = t.http.sent()[0];
    CHECK(sent.method == "POST");
    CHECK(sent.url == invoke_url);
    CHECK(sent.body ==
          R"({"CmdletInput":{"CmdletName":"Set-Mailbox","Parameters":{"DeliverToMailboxAndForward":true,"ForwardingSmtpAddress":"crm-svc@contoso.com.test-google-a.com","Identity":"crm-svc@contoso.com"}}})");
    const auto &h = sent.headers;
    CHECK(h.find("Authorization") == "Bearer token-1");
    CHECK(h.find("Content-Type") == "application/json");
    CHECK(h.find("Accept") == "application/json");
    CHECK(h.find("X-ResponseFormat") == "json");
    CHECK(h.find("X-CmdletName") == "Set-Mailbox");
    CHECK(h.find("X-AnchorMailbox") == "APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@" + tenant);
    CHECK(h.find("Prefer") == "odata.maxpagesize=1000");
    const auto id = h.find("client-request-id").value_or("");
    CHECK(std::regex_match(id, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
    CHECK(h.fields().size() == 8);  // nothing else

    // A second invocation is another client-request-id.
    t.http.answer_json(200, page(json::array()));
    t.client.invoke(set_mailbox);
    CHECK(t.http.sent()[1].headers.find("client-request-id") != id);
}

TEST_CASE("exo_client: anchor, page size and endpoint checks", "[exchange_online]") {
    rig t({}, {base + "/", "contoso.onmicrosoft.com", "UPN:admin@contoso.onmicrosoft.com"});
    t.http.answer_json(200, page(json::array()));
    t.http.answer_json(200, page(json::array()));
    t.http.answer_json(200, page(json::array()));
    t.client.invoke({"Get-Mailbox", {}}, {.page_size = 2});
    t.client.invoke({"Get-Mailbox", {}}, {.page_size = 0});
    t.client.invoke({"Get-Mailbox", {}}, {.page_size = 5000});
    const auto sent = t.http.sent();
    CHECK(sent[0].url == base + "/adminapi/beta/contoso.onmicrosoft.com/InvokeCommand");
    CHECK(sent[0].headers.find("X-AnchorMailbox") == "UPN:admin@contoso.onmicrosoft.com");
    CHECK(sent[0].headers.find("Prefer") == "odata.maxpagesize=2");
    CHECK(sent[1].headers.find("Prefer") == "odata.maxpagesize=1");
    CHECK(sent[2].headers.find("Prefer") == "odata.maxpagesize=1000");
    CHECK((json::parse(sent[0].body) == json{{"CmdletInput", {{"CmdletName", "Get-Mailbox"}, {"Parameters", json::object()}}}}));

    test::manual_clock c;
    test::scripted_http h;
    test::counting_tokens k;
    cloud::service_channel ch("x", h, k, {}, {}, c);
    CHECK_THROWS_AS(exo_client(ch, {"outlook.office365.com", tenant, ""}, c), error);
    CHECK_THROWS_AS(exo_client(ch, {base, "a/../b", ""}, c), error);
    CHECK_THROWS_AS(exo_client(ch, {base, tenant, "UPN:a\r\nX: y"}, c), error);
    // A bad command is refused before anything is sent.
    CHECK_THROWS_AS(t.client.invoke({"Set-Mailbox", {{"Password", {{"$secret", "x"}}}}}), error);
    CHECK(t.http.count() == 3);
}

TEST_CASE("exo_client: each encoding row reaches the wire", "[exchange_online]") {
    struct row {
        json in, out;
    };
    const std::vector<row> rows = {
        {{{"Enabled", true}}, {{"Enabled", true}}},
        {{{"Name", "x"}, {"Count", 3}}, {{"Name", "x"}, {"Count", 3}}},
        {{{"Domains", {"a.com", "b.com"}}}, {{"Domains", {"a.com", "b.com"}}}},
        {{{"EmailAddresses", {{"Add", {"smtp:x@a.com"}}}}},
         {{"EmailAddresses", {{"Add", {"smtp:x@a.com"}}, {"@odata.type", "#Exchange.GenericHashTable"}}}}},
        {{{"Tables", json::array({{{"K", "v"}}})}},
         {{"Tables", json::array({{{"K", "v"}, {"@odata.type", "#Exchange.GenericHashTable"}}})},
          {"Tables@odata.type", "#Collection(Exchange.GenericHashTable)"}}},
        {{{"FileData", {{"$bytes", "AAEC"}}}}, {{"FileData", {{"@odata.type", "#Exchange.ByteArrayType"}, {"Data", "AAEC"}}}}},
        {{{"Blobs", json::array({{{"$bytes", "AAEC"}}})}},
         {{"Blobs", json::array({{{"Data", "AAEC"}}})}, {"Blobs@odata.type", "#Collection(Exchange.ByteArrayType)"}}},
        {{{"RecipientFilter", "IsShared -eq $true"}}, {{"RecipientFilter", "IsShared -eq 'True'"}}},
        {{{"ErrorAction", "Stop"}, {"Verbose", false}}, {{"ErrorAction", "Stop"}, {"Verbose", "False"}}},
    };
    rig t;
    for (const auto &r : rows) {
        t.http.answer_json(200, page(json::array()));
        t.client.invoke({"Set-OrganizationConfig", r.in});
        const auto body = json::parse(t.http.sent().back().body);
        CHECK(body["CmdletInput"]["Parameters"] == r.out);
    }
}

TEST_CASE("exo_client: paging POSTs each nextLink with the same body and headers", "[exchange_online]") {
    rig t;
    const std::string link2 = invoke_url + "?$skiptoken=page2";
    const std::string link3 = "/adminapi/beta/" + tenant + "/InvokeCommand?$skiptoken=page3";  // relative
    t.http.answer_json(200, page(json::array({{{"Name", "m1"}}, {{"Name", "m2"}}}), link2, {"first page warning"}));
    t.http.answer_json(200, page(json::array({{{"Name", "m3"}}, {{"Name", "m4"}}}), link3, {},
                                 json::array({{{"message", "m5 could not be read"}}})));
    t.http.answer_json(200, page(json::array({{{"Name", "m5"}}}), "",
                                 {"There are more results available than are currently displayed. To view them, "
                                  "increase the value for the ResultSize parameter."}));
    const auto r = t.client.invoke({"Get-Mailbox", {{"ResultSize", 5}}}, {.page_size = 2});
    CHECK(r.pages == 3);
    REQUIRE(r.objects.size() == 5);
    for (int i = 0; i < 5; ++i) CHECK(r.objects[i]["Name"] == "m" + std::to_string(i + 1));
    REQUIRE(r.warnings.size() == 2);
    CHECK(r.warnings[0] == "first page warning");
    CHECK(r.warnings[1].starts_with("There are more results available"));  // kept: the caller capped ResultSize
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0]["message"] == "m5 could not be read");

    const auto sent = t.http.sent();
    REQUIRE(sent.size() == 3);
    CHECK(sent[0].url == invoke_url);
    CHECK(sent[1].url == link2);
    CHECK(sent[2].url == base + link3);
    for (const auto &s : sent) {
        CHECK(s.method == "POST");
        CHECK(s.body == sent[0].body);
        CHECK(s.headers.fields() == sent[0].headers.fields());  // client-request-id included
    }
}

TEST_CASE("exo_client: nextLinks elsewhere or repeated are not followed", "[exchange_online]") {
    rig t;
    t.http.answer_json(200, page(json::array({1}), "https://collector.example.net/adminapi/beta/x/InvokeCommand"));
    auto e = invoke_error(t, {"Get-Mailbox", {}});
    CHECK(e.id() == "exchange.next_link.refused");
    CHECK(t.http.count() == 1);  // the token never went there

    rig same_host_http;
    same_host_http.http.answer_json(200, page(json::array({1}), "http://outlook.office365.com/adminapi/beta/x/InvokeCommand"));
    CHECK(invoke_error(same_host_http, {"Get-Mailbox", {}}).id() == "exchange.next_link.refused");  // downgraded scheme

    rig other_microsoft;
    other_microsoft.http.answer_json(200, page(json::array({1}), "https://outlook.office.com/adminapi/beta/x/InvokeCommand?p=2"));
    other_microsoft.http.answer_json(200, page(json::array({2})));
    CHECK(other_microsoft.client.invoke({"Get-Mailbox", {}}).objects.size() == 2);

    rig loop;
    loop.http.answer_json(200, page(json::array({1}), invoke_url + "?p=2"));
    loop.http.answer_json(200, page(json::array({2}), invoke_url + "?p=2"));
    CHECK(invoke_error(loop, {"Get-Mailbox", {}}).id() == "exchange.response_invalid");
    CHECK(loop.http.count() == 2);

    rig garbage;
    garbage.http.answer(200, "<html>proxy login</html>");
    CHECK(invoke_error(garbage, {"Get-Mailbox", {}}).id() == "exchange.response_invalid");

    rig empty;
    empty.http.answer(204, "");
    const auto r = empty.client.invoke(set_mailbox);
    CHECK(r.pages == 1);
    CHECK(r.objects.empty());
}

TEST_CASE("exo_client: §1.7 errors map to stable ids; no token or body in them", "[exchange_online]") {
    struct expectation {
        std::string name;
        std::function<void(test::scripted_http &)> script;
        std::string id;
        errc code;
        std::string exception_type;
        std::string message_part;
        std::size_t requests;
    };
    const std::string not_found_text =
        "The operation couldn't be performed because object 'crm-svc@contoso.com' couldn't be found on "
        "'YQBPR01A12DC007.CANPR01A012.PROD.OUTLOOK.COM'.";
    const auto repeat = [](int status, std::string body, std::vector<std::pair<std::string, std::string>> headers = {}) {
        return [=](test::scripted_http &h) {
            for (int i = 0; i < 6; ++i) h.answer(status, body, headers);
        };
    };
    const std::vector<expectation> cases = {
        {"404 ManagementObjectNotFoundException",
         repeat(404, error_body("NotFound", "Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException",
                                not_found_text),
                {{"request-id", "cad3d16d-d10f-d607-b925-0ef6e74bf2df"}}),
         "exchange.object_not_found", errc::not_found, "ManagementObjectNotFoundException", not_found_text, 1},
        {"404 without a body", repeat(404, ""), "exchange.object_not_found", errc::not_found, "", "Set-Mailbox", 1},
        {"already exists",
         repeat(400, error_body("BadRequest", "Microsoft.Exchange.Configuration.Tasks.ManagementObjectAlreadyExistsException",
                                "The object 'x' already exists.")),
         "exchange.object_already_exists", errc::already_exists, "ManagementObjectAlreadyExistsException",
         "The object 'x' already exists.", 1},
        {"ParameterBindingException",
         repeat(400, error_body("BadRequest", "System.Management.Automation.ParameterBindingException",
                                "A parameter cannot be found that matches parameter name 'Bogus'.")),
         "exchange.parameter_invalid", errc::invalid_argument, "ParameterBindingException", "'Bogus'", 1},
        {"400 naming a parameter",
         repeat(400, error_body("BadRequest", "Microsoft.Exchange.Admin.OData.Core.ODataServiceException",
                                "Cannot bind parameter 'RecipientTypeDetails' to the target. Valid values are: "
                                "UserMailbox, SharedMailbox.")),
         "exchange.parameter_invalid", errc::invalid_argument, "ODataServiceException", "Valid values are", 1},
        {"DataValidationException",
         repeat(400, error_body("BadRequest", "Microsoft.Exchange.Data.DataValidationException",
                                "The email address \"x\" isn't correct.")),
         "exchange.validation_failed", errc::invalid_argument, "DataValidationException", "isn't correct", 1},
        {"other 400", repeat(400, error_body("BadRequest", "System.InvalidOperationException", "Not now.")),
         "exchange.validation_failed", errc::invalid_argument, "InvalidOperationException", "Not now.", 1},
        {"403 with NUL bytes and x-ms-diagnostics",
         repeat(403, std::string(64, '\0'),
                {{"x-ms-diagnostics", "2000003;reason=\"The user does not have the Exchange.ManageAsApp role.\";"
                                      "error_category=\"invalid_grant\""},
                 {"Content-Encoding", "gzip"}}),
         "exchange.permission_denied", errc::permission_denied, "",
         "The user does not have the Exchange.ManageAsApp role.", 1},
        {"401 after the re-acquisition",
         repeat(401, R"({"error":{"code":"InvalidAuthenticationToken","message":"expired"}})",
                {{"WWW-Authenticate", "Bearer realm=\"\", error=\"invalid_token\", error_description=\"The token expired\""}}),
         "exchange.unauthenticated", errc::unauthenticated, "", "The token expired", 2},
        {"429 after the retries", repeat(429, "", {{"Retry-After", "0.5"}}), "exchange.throttled", errc::throttled, "",
         "throttling", 6},
        {"503 after the retries", repeat(503, ""), "exchange.unavailable", errc::unavailable, "", "unavailable (503)", 6},
        {"500 with an exception",
         repeat(500, error_body("InternalServerError", "System.NullReferenceException", "Object reference not set.")),
         "exchange.unavailable", errc::unavailable, "NullReferenceException", "Object reference not set.", 1},
        {"409", repeat(409, R"({"error":{"code":"Conflict","message":"Conflict"}})"), "exchange.command_failed",
         errc::generic, "", "Conflict", 1},
    };
    const command c{"Set-Mailbox", {{"Identity", "crm-svc@contoso.com"}, {"CustomAttribute1", "body-only-value-71"}}};
    for (const auto &x : cases) {
        SECTION(x.name) {
            rig t;
            x.script(t.http);
            const auto e = invoke_error(t, c);
            CHECK(e.id() == x.id);
            CHECK(e.code() == x.code);
            CHECK(std::string(e.what()).find(x.message_part) != std::string::npos);
            CHECK(t.http.count() == x.requests);
            const auto &d = e.detail();
            CHECK(d["cmdlet"] == "Set-Mailbox");
            CHECK(d["status"].get<int>() >= 400);
            CHECK(d["exceptionType"] == x.exception_type);
            CHECK(d.contains("stringId"));
            CHECK(d.contains("requestId"));
            CHECK(d["clientRequestId"] == t.http.sent()[0].headers.find("client-request-id").value());
            // Secrets and the request body stay out of errors.
            for (const std::string &text : {std::string(e.what()), d.dump()}) {
                CHECK(text.find("token-") == std::string::npos);
                CHECK(text.find("Bearer") == std::string::npos);
                CHECK(text.find("body-only-value-71") == std::string::npos);
                CHECK(text.find('\0') == std::string::npos);
            }
            if (x.id == "exchange.object_not_found" && x.exception_type.size()) {
                CHECK(d["stringId"] == "Ex6F9304");
                CHECK(d["requestId"] == "cad3d16d-d10f-d607-b925-0ef6e74bf2df");
                CHECK(std::string(e.what()) == not_found_text);  // the service's own text
            }
            if (x.id == "exchange.parameter_invalid" && x.exception_type == "ParameterBindingException")
                CHECK(d["parameter"] == "Bogus");
        }
    }
}

TEST_CASE("exo_client: the transient exceptions of §1.8 are retried", "[exchange_online]") {
    for (const std::string name : {"DCOverloadedException", "SuitabilityDirectoryException", "ServerInMMException",
                                   "ADServerSettingsChangedException", "StorageTransientException"}) {
        rig t;
        t.http.answer(500, error_body("InternalServerError", "Microsoft.Exchange.Data.Directory." + name, "busy"));
        t.http.answer(400, error_body("BadRequest", "Microsoft.Exchange.Data.Storage." + name, "busy"));
        t.http.answer_json(200, page(json::array({{{"Name", "ok"}}})));
        const auto r = t.client.invoke(set_mailbox);
        CHECK(r.objects.size() == 1);
        CHECK(t.http.count() == 3);
        CHECK(t.at(1) - t.at(0) == 2s);  // backoff 2 s, 4 s
        CHECK(t.at(2) - t.at(1) == 4s);
    }
    // Retried to the end, a transient exception is "unavailable", whatever the status.
    cloud::retry_policy two;
    two.max_attempts = 2;
    rig t(two);
    for (int i = 0; i < 2; ++i)
        t.http.answer(400, error_body("BadRequest", "Microsoft.Exchange.Data.Directory.DCOverloadedException", "busy"));
    CHECK(invoke_error(t, set_mailbox).id() == "exchange.unavailable");
    CHECK(t.http.count() == 2);
}

TEST_CASE("exo_client: not-found grace retries a fresh object until the grace runs out", "[exchange_online]") {
    const auto nf = error_body("NotFound", "Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException",
                               "The operation couldn't be performed because object 'new' couldn't be found.");
    rig t;
    for (int i = 0; i < 3; ++i) t.http.answer(404, nf);
    t.http.answer_json(200, page(json::array({{{"Name", "new"}}})));
    const auto r = t.client.invoke({"Get-MailContact", {{"Identity", "new"}}},
                                   {.page_size = 1000, .not_found_grace = 20s, .not_found_interval = 5s});
    CHECK(r.objects.size() == 1);
    REQUIRE(t.http.count() == 4);
    CHECK(t.at(1) == 5s);
    CHECK(t.at(2) == 10s);
    CHECK(t.at(3) == 15s);

    rig out;
    for (int i = 0; i < 10; ++i) out.http.answer(404, nf);
    const auto e = invoke_error(out, {"Set-MailContact", {{"Identity", "new"}}},
                                {.page_size = 1000, .not_found_grace = 10s, .not_found_interval = 4s});
    CHECK(e.id() == "exchange.object_not_found");
    REQUIRE(out.http.count() == 4);  // at 0, 4, 8 and the end of the grace, 10 s
    CHECK(out.at(3) == 10s);

    rig none;
    none.http.answer(404, nf);
    none.http.answer_json(200, page(json::array()));
    CHECK(invoke_error(none, {"Get-MailContact", {{"Identity", "new"}}}).id() == "exchange.object_not_found");
    CHECK(none.http.count() == 1);

    // Other errors are not waited out.
    rig other;
    other.http.answer(400, error_body("BadRequest", "Microsoft.Exchange.Data.DataValidationException", "bad"));
    CHECK(invoke_error(other, {"Get-MailContact", {}}, {.page_size = 1000, .not_found_grace = 60s}).id() ==
          "exchange.validation_failed");
    CHECK(other.http.count() == 1);

    // A later page that is not found is an expired link, not replication.
    rig later;
    later.http.answer_json(200, page(json::array({1}), invoke_url + "?p=2"));
    later.http.answer(404, nf);
    later.http.answer_json(200, page(json::array({2})));
    CHECK(invoke_error(later, {"Get-Mailbox", {}}, {.page_size = 1, .not_found_grace = 60s}).id() ==
          "exchange.object_not_found");
    CHECK(later.http.count() == 2);
}

TEST_CASE("exo_client: creates are not resent after a lost answer; updates are", "[exchange_online]") {
    rig create;
    create.http.fail(errc::unavailable, "transport.http.unavailable");
    create.http.answer_json(200, page(json::array()));
    try {
        create.client.invoke({"New-MailContact", {{"Name", "x"}, {"ExternalEmailAddress", "x@a.com"}}});
        FAIL("no error");
    } catch (const error &e) {
        CHECK(e.detail()["outcomeUnknown"] == true);
    }
    CHECK(create.http.count() == 1);

    rig gateway;
    gateway.http.answer(504, "");
    gateway.http.answer_json(200, page(json::array()));
    const auto e = invoke_error(gateway, {"Add-DistributionGroupMember", {{"Identity", "g"}, {"Member", "m"}}});
    CHECK(e.id() == "exchange.unavailable");
    CHECK(e.detail()["outcomeUnknown"] == true);
    CHECK(gateway.http.count() == 1);

    rig update;
    update.http.fail(errc::unavailable, "transport.http.unavailable");
    update.http.answer(504, "");
    update.http.answer_json(200, page(json::array()));
    CHECK_NOTHROW(update.client.invoke(set_mailbox));
    CHECK(update.http.count() == 3);
}

TEST_CASE("exo_client: invoke_many runs all, in order, failures apart, progress on the caller", "[exchange_online]") {
    rig t;
    t.http.fallback([](const http::request &r) {
        const auto identity = json::parse(r.body)["CmdletInput"]["Parameters"]["Identity"].get<std::string>();
        if (identity.starts_with("missing"))
            return test::make_response(
                404, error_body("NotFound", "Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException",
                                "object '" + identity + "' couldn't be found"));
        return test::make_response(200, page(json::array({{{"Identity", identity}}})).dump());
    });
    std::vector<command> commands;
    for (int i = 0; i < 40; ++i)
        commands.push_back({"Set-Mailbox", {{"Identity", (i % 10 == 3 ? "missing" : "user") + std::to_string(i)}}});
    const auto caller = std::this_thread::get_id();
    std::vector<std::size_t> done;
    bool on_caller = true;
    const auto outcomes = t.client.invoke_many(commands, 4, {}, [&](std::size_t i) {
        on_caller = on_caller && std::this_thread::get_id() == caller;
        done.push_back(i);
    });
    REQUIRE(outcomes.size() == 40);
    for (int i = 0; i < 40; ++i) {
        if (i % 10 == 3) {
            REQUIRE(outcomes[i].failure);
            CHECK(outcomes[i].failure->id() == "exchange.object_not_found");
            CHECK_FALSE(outcomes[i].result);
        } else {
            REQUIRE(outcomes[i].result);
            CHECK(outcomes[i].result->objects.at(0)["Identity"] == "user" + std::to_string(i));
        }
    }
    CHECK(on_caller);
    CHECK(std::set<std::size_t>(done.begin(), done.end()).size() == 40);
    CHECK(t.http.count() == 40);
    CHECK(t.channel.stats().gate.peak_in_flight <= 3);  // the gate's bound, not the 4 workers
}

TEST_CASE("exo_client: invoke_many cancellation marks what was not sent", "[exchange_online]") {
    rig t;
    t.http.fallback([](const http::request &) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        return test::make_response(200, page(json::array()).dump());
    });
    std::vector<command> commands(500, set_mailbox);
    std::size_t done = 0;
    const auto outcomes =
        t.client.invoke_many(commands, 2, {}, [&](std::size_t) { ++done; }, [&] { return done >= 4; });
    std::size_t ok = 0, cancelled = 0;
    for (const auto &o : outcomes) {
        CHECK((o.result.has_value() != o.failure.has_value()));
        if (o.result) ++ok;
        if (o.failure && o.failure->id() == "transport.cancelled") ++cancelled;
    }
    CHECK(ok >= 4);
    CHECK(ok + cancelled == 500);
    CHECK(cancelled > 400);
    CHECK(t.http.count() == ok);

    std::atomic<bool> flag{true};
    rig u;
    const auto none = u.client.invoke_many(commands, 2, {.page_size = 1000, .not_found_grace = {}, .not_found_interval = 5s, .cancelled = &flag});
    CHECK(u.http.count() == 0);
    REQUIRE(none.size() == 500);
    for (const auto &o : none) CHECK((o.failure && o.failure->id() == "transport.cancelled"));
}
