// Seeds C1–C9 end to end against the emulator: the Dynamics 365 deployment (its host session),
// Microsoft Graph and Dataverse, applied through the same transports the C ABI uses.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "auth/base64url.h"
#include "blueprint/crm_sss_blueprint.h"
#include "blueprint/crm_sss_request.h"
#include "core/error.h"
#include "dataverse/dataverse_session.h"
#include "exec/executor.h"
#include "graph/emulator_cloud.h"
#include "graph/graph_bulk_session.h"
#include "graph/service_principals.h"
#include "support/crm_deployment_host.h"
#include "support/pfx_factory.h"
#include "support/temp_dir.h"

using namespace mailint;
using nlohmann::json;

namespace {

const std::string kPassword = "Crm-S2S pfx secret 7";
const std::string kOrgId = "5d1b4b8e-3c0a-4a51-9b7e-0f6f2d1e9a10";

std::string base64(const std::vector<unsigned char> &bytes) {
    std::string s = auth::base64url_encode(bytes);
    for (auto &c : s) c = c == '-' ? '+' : c == '_' ? '/' : c;
    while (s.size() % 4) s += '=';
    return s;
}

std::string address(int i) {
    char name[32];
    std::snprintf(name, sizeof name, "user%03d@contoso.onmicrosoft.com", i);
    return name;
}

// The deployment (organization Contoso, nothing configured) and `mailboxes` Dataverse mailboxes
// of users, nothing approved, tested or configured.
void seed(test::emulator_cloud &cloud, int mailboxes) {
    json state = cloud.control_json("GET", "/control/state");
    for (auto &app : state["entra"]["tenants"][test::demo_tenant]["apps"])
        if (app.value("clientId", "") == test::demo_client_id) app["secrets"] = json::array({test::demo_secret_text});
    state["crmDeployment"] = {{"organizations", json::array({{{"Id", kOrgId}, {"UniqueName", "contoso"}, {"FriendlyName", "Contoso"}}})}};
    json &org = state["dataverse"][test::demo_tenant]["contoso"];
    org["systemusers"] = json::array();
    org["mailboxes"] = json::array();
    for (int i = 1; i <= mailboxes; ++i) {
        char user_id[40], mailbox_id[40];
        std::snprintf(user_id, sizeof user_id, "aaaaaaaa-0000-4000-8000-%012d", i);
        std::snprintf(mailbox_id, sizeof mailbox_id, "bbbbbbbb-0000-4000-8000-%012d", i);
        org["systemusers"].push_back({{"systemuserid", user_id}, {"fullname", "User " + std::to_string(i)},
                                      {"internalemailaddress", address(i)}, {"_defaultmailbox_value", mailbox_id}});
        org["mailboxes"].push_back({{"mailboxid", mailbox_id}, {"name", "User " + std::to_string(i)}, {"emailaddress", address(i)},
                                    {"_regardingobjectid_value", user_id}});
    }
    cloud.control_json("POST", "/control/seed", state);
    cloud.control_json("POST", "/control/dataverse/settings", json{{"testEnableDelaySeconds", 0}});
}

struct fixture {
    test::emulator_cloud cloud{test::quick_retry(), test::quick_retry()};
    test::temp_dir dir;
    graph::graph_client graph{cloud.connection->graph(), cloud.connection->settings().environment.graph_base};
    dataverse::dataverse_client crm{cloud.connection->dataverse("contoso"), cloud.connection->settings().environment.dataverse_base("contoso")};
    test::crm_deployment_host host{cloud.http, cloud.emulator.url(), cloud.secrets};
    test::made_pfx certificate;
    std::filesystem::path pfx, cer;

    explicit fixture(int mailboxes) {
        seed(cloud, mailboxes);
        cloud.secrets.set("PrivateKeyPassword", test::bytes_of(kPassword));
        test::pfx_spec spec;
        spec.common_name = "crm.contoso.com";
        spec.dns_names = {"crm.contoso.com"};
        spec.password = kPassword;
        certificate = test::make_pfx(spec);
        pfx = dir / "Personalcertfile.pfx";
        cer = dir / "Personalcertfile.cer";
        test::write_file(pfx, certificate.bytes);
        test::write_file(cer, certificate.certificate_der);
    }

    json parameters() const {
        return {{"OrganizationName", "Contoso"},
                {"PfxFilePath", pfx.string()},
                {"CerFilePath", cer.string()},
                {"PrivateKeyPassword", {{"$secret", "PrivateKeyPassword"}}},
                {"AllowSelfSignedCertificate", true},
                {"ServiceAccount", "CONTOSO\\CRMAsyncService"},
                {"CrmToolsPath", "/opt/crm/Tools"},
                {"RootDomainName", "contoso.com"},
                {"AllMailboxes", true},
                {"PollIntervalSeconds", 0.1},
                {"TestTimeoutSeconds", 120},
                {"ResultsPath", (dir / "results.csv").string()}};
    }

    plan build(const json &p) {
        crm_sss::request r;
        auto found = crm_sss::parse_request(p, cloud.secrets, r);
        INFO(found.to_json().dump());
        REQUIRE_FALSE(found.has_errors());
        return crm_sss::build_plan(r, host, graph, &crm, nullptr);
    }

    run_outcome apply(const plan &p) {
        transport_set transports(host);
        graph::graph_bulk_session bulk(graph, cloud.secrets, nullptr);
        transports.add("graph", bulk);
        dataverse::dataverse_session rows(crm, nullptr, 16);
        transports.add("dataverse", rows);
        apply_options options;
        options.journal_directory = dir / "journal";
        return apply_plan(p, options, transports, cloud.secrets, nullptr);
    }

    json state() { return cloud.control_json("GET", "/control/state"); }
};

const step_result *result_of(const run_outcome &o, const plan &p, const std::string &type, const std::string &action) {
    for (const auto &s : p.steps)
        if (s.resource_type == type && s.action == action)
            for (const auto &r : o.results)
                if (r.step_id == s.id) return &r;
    return nullptr;
}

std::size_t pending(const plan &p) {
    return static_cast<std::size_t>(std::count_if(p.steps.begin(), p.steps.end(), [](const plan_step &s) { return s.command.has_value(); }));
}

}  // namespace

TEST_CASE("crm sss: from nothing to 200 enabled mailboxes, an existing key kept, re-run without a write", "[crm][emulator]") {
    fixture f(200);
    // An earlier certificate on the Dynamics principal (another deployment's): it must survive.
    test::pfx_spec other;
    other.common_name = "crm-old.contoso.com";
    other.dns_names = {"crm-old.contoso.com"};
    const auto old = test::make_pfx(other);
    auto principal = graph::find_service_principal(f.graph, crm_sss::kDynamicsAppId);
    REQUIRE(principal);
    graph::add_key_credential(f.graph, *principal, {base64(old.certificate_der), "CN=crm-old.contoso.com", {}, {}});
    std::string old_key_id;
    const json before = f.state();  // held: the loop below ranges over a member of it
    for (const auto &sp : before["graph"][test::demo_tenant]["servicePrincipals"])
        if (sp["appId"] == crm_sss::kDynamicsAppId) old_key_id = sp["keyCredentials"].at(0)["keyId"];
    REQUIRE_FALSE(old_key_id.empty());
    f.cloud.control_json("POST", "/control/counters/reset");

    const plan p = f.build(f.parameters());
    CHECK(p.findings.to_json().dump().find("crm.sss.retirement") != std::string::npos);
    CHECK(pending(p) == 11);  // certificate, key, name, 3 settings, profile, defaults, configure, approve, test
    CHECK(f.cloud.writes_logged() == 0);  // planning only reads
    const auto outcome = f.apply(p);
    for (const auto &r : outcome.results) {
        INFO(r.step_id << " " << r.status << " " << r.error_id << " " << r.message);
        CHECK((r.status == "succeeded" || r.status == "unchanged"));
    }
    CHECK(p.to_json().dump().find(kPassword) == std::string::npos);
    for (const auto &body : f.host.bodies) CHECK(body.find(kPassword) == std::string::npos);

    const json s = f.state();
    // C3: the deployment uses the certificate; the async service reads its key.
    const json &deployment = s["crmDeployment"];
    REQUIRE(deployment["certificates"].size() == 1);
    CHECK(deployment["certificates"][0]["CertificateType"] == "S2STokenIssuer");
    CHECK(deployment["certificates"][0]["Data"] == base64(f.certificate.certificate_der));
    CHECK(deployment["certificateStore"][0]["PrivateKeyReaders"] == json::array({"CONTOSO\\CRMAsyncService"}));
    // C4: Entra ID and the deployment's settings.
    for (const auto &sp : s["graph"][test::demo_tenant]["servicePrincipals"]) {
        if (sp["appId"] != crm_sss::kDynamicsAppId) continue;
        REQUIRE(sp["keyCredentials"].size() == 2);
        CHECK(sp["keyCredentials"][0]["keyId"] == old_key_id);
        CHECK(sp["keyCredentials"][0]["key"] == base64(old.certificate_der));
        CHECK(sp["keyCredentials"][1]["key"] == base64(f.certificate.certificate_der));
        CHECK(sp["keyCredentials"][1]["usage"] == "Verify");
        CHECK(sp["keyCredentials"][1]["type"] == "AsymmetricX509Cert");
        const auto names = sp["servicePrincipalNames"].dump();
        CHECK(names.find("\"00000007-0000-0000-c000-000000000000\"") != std::string::npos);
        CHECK(names.find("\"00000007-0000-0000-c000-000000000000/*.contoso.com\"") != std::string::npos);
        CHECK(names.find("https://*.crm.dynamics.com") != std::string::npos);  // the names it had are kept
    }
    CHECK(deployment["serverSettings"]["S2SDefaultAuthorizationServerPrincipalId"] == "00000001-0000-0000-c000-000000000000");
    CHECK(deployment["serverSettings"]["S2SDefaultAuthorizationServerMetadataUrl"] == "https://accounts.accesscontrol.windows.net/metadata/json/1");
    CHECK(deployment["organizations"][0]["S2STenantId"] == test::demo_tenant);
    // C5: the profile as the document fills it.
    const json &org = s["dataverse"][test::demo_tenant]["contoso"];
    REQUIRE(org["emailserverprofiles"].size() == 1);
    const json &profile = org["emailserverprofiles"][0];
    CHECK(profile["name"] == "Exchange Online (Hybrid)");
    CHECK(profile["servertype"] == 3);
    CHECK(profile["usedefaulttenantid"] == true);
    CHECK(profile["useautodiscover"] == true);
    CHECK(profile["incomingcredentialretrieval"] == 2);
    CHECK(profile["outgoingcredentialretrieval"] == 2);
    CHECK(profile["moveundeliveredemails"] == false);
    // C6.
    const json &row = org["organizations"][0];
    CHECK(row["_defaultemailserverprofileid_value"] == profile["emailserverprofileid"]);
    CHECK(row["emailconnectionchannel"] == 0);
    CHECK(row["defaultemailsettings"].get<std::string>().find("<ACTDeliveryMethod>1</ACTDeliveryMethod>") != std::string::npos);
    CHECK(row["requireapprovalforuseremail"] == true);
    CHECK(row["requireapprovalforqueueemail"] == true);
    // C7–C9: every mailbox configured, approved and enabled, each reported.
    std::size_t enabled = 0;
    for (const auto &m : org["mailboxes"]) {
        CHECK(m["_emailserverprofile_value"] == profile["emailserverprofileid"]);
        CHECK(m["incomingemaildeliverymethod"] == 2);
        CHECK(m["outgoingemaildeliverymethod"] == 2);
        CHECK(m["actdeliverymethod"] == 1);
        CHECK(m["emailrouteraccessapproval"] == 1);
        if (m["mailboxstatus"] == 1 && m["incomingemailstatus"] == 1 && m["outgoingemailstatus"] == 1 && m["actstatus"] == 1) ++enabled;
    }
    CHECK(enabled == 200);
    const auto *tested = result_of(outcome, p, "CrmMailbox", "check");
    REQUIRE(tested);
    REQUIRE(tested->output.size() == 200);
    for (const auto &o : tested->output) {
        CHECK(o["Status"] == "Success");
        CHECK(o["IncomingEmailStatus"] == "Success");
        CHECK(o["OutgoingEmailStatus"] == "Success");
        CHECK(o["AppointmentsContactsTasksStatus"] == "Success");
    }
    const json counters = f.cloud.control_json("GET", "/control/counters");
    // 200 configured + 200 approved + 200 scheduled, one row each, no second write of any.
    CHECK(counters["byService"]["dataverse"]["writes"] == 602);

    // Converged: the same request reads and writes nothing.
    f.cloud.control_json("POST", "/control/counters/reset");
    const plan again = f.build(f.parameters());
    CHECK(pending(again) == 0);
    CHECK(f.apply(again).results.size() == again.steps.size());
    CHECK(f.cloud.writes_logged() == 0);
}

TEST_CASE("crm sss: 'authentication failed' without the S2S certificate, reported per mailbox with its id, fixed by the certificate steps",
          "[crm][emulator]") {
    fixture f(5);
    json p = f.parameters();
    p["Step"] = json::array({"Profile", "Defaults", "Mailboxes"});
    const plan first = f.build(p);
    const auto outcome = f.apply(first);
    const auto *tested = result_of(outcome, first, "CrmMailbox", "check");
    REQUIRE(tested);
    CHECK(tested->status == "failed");
    CHECK(tested->error_id == "crm.mailbox.authentication_failed");
    REQUIRE(tested->output.size() == 5);
    for (const auto &o : tested->output) {
        CHECK(o["Status"] == "Failure");
        CHECK(o["ErrorId"] == "crm.mailbox.authentication_failed");
        CHECK(o["Error"].get<std::string>().rfind("Authentication failed.", 0) == 0);
    }
    std::ifstream results(f.dir / "results.csv");
    std::stringstream text;
    text << results.rdbuf();
    CHECK(text.str().find("Set-CrmServerSideSync -Step Certificate,Authentication") != std::string::npos);

    // The fix the error names: the certificate steps, then the same mailboxes pass.
    const plan fixed = f.build(f.parameters());
    const auto second = f.apply(fixed);
    const auto *retested = result_of(second, fixed, "CrmMailbox", "check");
    REQUIRE(retested);
    CHECK(retested->status == "succeeded");
    for (const auto &o : retested->output) CHECK(o["Status"] == "Success");
}

TEST_CASE("crm sss: a missing or invalid certificate is refused before anything is read, with ids naming the parameter", "[crm]") {
    test::temp_dir dir;
    secret_store secrets;
    secrets.set("PrivateKeyPassword", test::bytes_of(kPassword));
    test::pfx_spec spec;
    spec.common_name = "crm.contoso.com";
    spec.password = kPassword;
    const auto good = test::write_pfx(dir.path(), "good.pfx", spec);
    test::pfx_spec other = spec;
    other.common_name = "other.contoso.com";
    const auto other_pfx = test::make_pfx(other);
    test::write_file(dir / "other.cer", other_pfx.certificate_der);
    test::pfx_spec expired = spec;
    expired.not_before = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) - std::chrono::hours(48);
    expired.not_after = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) - std::chrono::hours(24);
    const auto old = test::write_pfx(dir.path(), "expired.pfx", expired);
    test::pfx_spec issued = spec;
    issued.self_signed = false;
    const auto untrusted = test::write_pfx(dir.path(), "issued.pfx", issued);

    const auto findings = [&](json changes) {
        json p = {{"OrganizationName", "Contoso"}, {"PfxFilePath", good.string()}, {"PrivateKeyPassword", {{"$secret", "PrivateKeyPassword"}}},
                  {"AllowSelfSignedCertificate", true}, {"ServiceAccount", "CONTOSO\\svc"}, {"AllMailboxes", true}};
        for (auto &[k, v] : changes.items()) {
            if (v.is_null()) p.erase(k);
            else p[k] = v;
        }
        crm_sss::request r;
        const auto d = crm_sss::parse_request(p, secrets, r);
        CHECK(d.to_json().dump().find(kPassword) == std::string::npos);
        std::vector<std::pair<std::string, std::string>> ids;
        for (const auto &i : d.items())
            if (i.level == severity::error) ids.emplace_back(i.id, i.target);
        return ids;
    };
    using ids = std::vector<std::pair<std::string, std::string>>;
    CHECK(findings(json::object()).empty());
    CHECK(findings({{"PfxFilePath", (dir / "missing.pfx").string()}}) == ids{{"validation.certificate.not_found", "PfxFilePath"}});
    secrets.set("Wrong", test::bytes_of("not the password"));
    CHECK(findings({{"PrivateKeyPassword", {{"$secret", "Wrong"}}}}) == ids{{"validation.certificate.bad_password", "PrivateKeyPassword"}});
    // The password itself in the document: refused (and so the file cannot be opened either).
    CHECK(findings({{"PrivateKeyPassword", kPassword}}).front() == std::pair<std::string, std::string>{"request.secret.inline", "PrivateKeyPassword"});
    CHECK(findings({{"CerFilePath", (dir / "other.cer").string()}}) == ids{{"validation.certificate.cer_mismatch", "CerFilePath"}});
    CHECK(findings({{"AllowSelfSignedCertificate", nullptr}}) == ids{{"crm.certificate.self_signed", "PfxFilePath"}});
    CHECK(findings({{"PfxFilePath", old.string()}}) == ids{{"validation.certificate.expired", "PfxFilePath"}});
    CHECK(findings({{"PfxFilePath", untrusted.string()}}) == ids{{"crm.certificate.untrusted", "PfxFilePath"}});
    CHECK(findings({{"ServiceAccount", nullptr}}) == ids{{"crm.service_account.missing", "ServiceAccount"}});
    CHECK(findings({{"AllMailboxes", nullptr}}) == ids{{"crm.mailbox.selection_missing", "Mailbox"}});
    CHECK(findings({{"Step", {"Certificate", "Everything"}}}) == ids{{"crm.step.unknown", "Step"}});
    CHECK(findings({{"MinPollingIntervalInMinutes", 2000}}) == ids{{"crm.parameter.out_of_range", "MinPollingIntervalInMinutes"}});
    CHECK(findings({{"ProcessEmailsReceivedAfter", "yesterday"}}) == ids{{"crm.profile.date_malformed", "ProcessEmailsReceivedAfter"}});
    // Only the Dataverse steps: no certificate is needed.
    CHECK(findings({{"Step", {"Profile", "Mailboxes"}}, {"PfxFilePath", nullptr}, {"PrivateKeyPassword", nullptr}}).empty());
}

TEST_CASE("crm sss: mailboxes whose test fails are reported one by one and the others are enabled", "[crm][emulator]") {
    fixture f(30);
    const plan p = f.build(f.parameters());
    f.cloud.control_json("POST", "/control/dataverse/settings",
                         json{{"testEnableFailures",
                               {{address(4), "The mailbox cannot be reached: the Exchange Online mailbox does not exist."},
                                {address(17), "Email cannot be received for the mailbox: access was denied (401)."},
                                {address(29), "The mailbox's server is busy; try again later."}}}});
    const auto outcome = f.apply(p);
    const auto *tested = result_of(outcome, p, "CrmMailbox", "check");
    REQUIRE(tested);
    CHECK(tested->status == "failed");
    CHECK(tested->message.find("3 of 30 mailboxes did not pass Test & Enable") != std::string::npos);
    CHECK(tested->message.find("27 are enabled") != std::string::npos);
    std::size_t ok = 0;
    for (const auto &o : tested->output) {
        const std::string who = o["Mailbox"];
        if (who == address(4) || who == address(17) || who == address(29)) {
            CHECK(o["Status"] == "Failure");
            CHECK(o["ErrorId"] == "crm.mailbox.test_failed");
            CHECK_FALSE(o["Error"].get<std::string>().empty());
        } else {
            CHECK(o["Status"] == "Success");
            ++ok;
        }
    }
    CHECK(ok == 27);
    std::ifstream results(f.dir / "results.csv");
    std::string line;
    std::size_t lines = 0;
    while (std::getline(results, line)) ++lines;
    CHECK(lines == 4);  // header + 3
    // The next run tests the three again, and only them.
    f.cloud.control_json("POST", "/control/dataverse/settings", json{{"testEnableFailures", json::object()}});
    const plan again = f.build(f.parameters());
    REQUIRE(pending(again) == 1);
    const auto second = f.apply(again);
    const auto *retested = result_of(second, again, "CrmMailbox", "check");
    REQUIRE(retested);
    CHECK(retested->output.size() == 3);
    CHECK(retested->status == "succeeded");
}
