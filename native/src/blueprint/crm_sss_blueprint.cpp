#include "blueprint/crm_sss_blueprint.h"

#include <algorithm>
#include <map>
#include <regex>

#include "auth/base64url.h"
#include "core/error.h"
#include "exchange_online/exo_values.h"
#include "core/random_id.h"
#include "dataverse/dataverse_session.h"
#include "graph/graph_bulk_session.h"
#include "graph/iso_time.h"
#include "graph/odata_query.h"
#include "graph/organization.h"
#include "graph/service_principals.h"
#include "plan/step_builder.h"
#include "transport/host_error.h"

namespace mailint::crm_sss {

namespace {

using nlohmann::json;
using exchange_online::lower, exchange_online::text_of;

// Graph's keyCredentials and Get-CrmCertificate's Data: the standard alphabet, padded.
std::string base64(std::span<const unsigned char> bytes) {
    std::string s = auth::base64url_encode(bytes);
    for (auto &c : s) c = c == '-' ? '+' : c == '_' ? '/' : c;
    while (s.size() % 4) s += '=';
    return s;
}

// A version 4 GUID: the key of a row the plan creates, known before the create so later steps can
// bind to it.
std::string new_guid() {
    std::string h = random_id();
    h[12] = '4';
    h[16] = "89ab"[std::stoi(h.substr(16, 1), nullptr, 16) & 3];
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

std::string default_email_settings() {
    return "<EmailSettings><IncomingEmailDeliveryMethod>2</IncomingEmailDeliveryMethod><OutgoingEmailDeliveryMethod>2"
           "</OutgoingEmailDeliveryMethod><ACTDeliveryMethod>1</ACTDeliveryMethod></EmailSettings>";
}

// The three delivery methods of a defaultemailsettings XML, whatever its spacing or order.
std::map<std::string, std::string> email_settings_values(const std::string &xml) {
    std::map<std::string, std::string> out;
    static const std::regex element("<(IncomingEmailDeliveryMethod|OutgoingEmailDeliveryMethod|ACTDeliveryMethod)>\\s*([0-9]+)\\s*</");
    for (auto it = std::sregex_iterator(xml.begin(), xml.end(), element); it != std::sregex_iterator(); ++it)
        out[(*it)[1]] = (*it)[2];
    return out;
}

bool same_value(const json &have, const json &want) {
    if (want.is_string() && have.is_string()) {
        const auto a = want.get<std::string>(), b = have.get<std::string>();
        // Dataverse prints dates with whole seconds and "Z"; compare instants, not spellings.
        auto ta = graph::parse_iso_time(a), tb = graph::parse_iso_time(b);
        if (ta && tb) return *ta == *tb;
        return a == b;
    }
    if (want.is_boolean() && have.is_number()) return have.get<int>() == (want.get<bool>() ? 1 : 0);
    return have == want;
}

class builder {
public:
    explicit builder(const progress_fn &progress) : progress_(progress) {
        p_.scenario = kScenario;
        p_.plan_id = random_id();
    }

    void say(const std::string &what, int percent) {
        if (progress_) progress_("Planning", what, percent);
    }
    void read(const std::string &transport, const std::string &command, std::size_t count = 1) {
        p_.reads.push_back({transport, command, count});
    }

    // A step in the document's order: it depends on the write step before it.
    plan_step &add(std::string action, std::string type, std::string identity, std::string description, std::string operation,
                   std::string transport, std::optional<host_command> command) {
        const bool writes = command.has_value();
        std::vector<std::string> after;
        if (writes) after.push_back(last_write_);
        auto &s = append_step(p_, {std::move(action), std::move(type), std::move(identity), std::move(description), std::move(operation),
                                   std::move(command), std::move(transport), std::move(after)});
        if (writes) last_write_ = s.id;
        return s;
    }
    void noop(std::string type, std::string identity, std::string description) {
        add("noop", std::move(type), std::move(identity), std::move(description), "", "host-session", std::nullopt);
    }

    plan take() { return std::move(p_); }
    plan &value() { return p_; }

private:
    const progress_fn &progress_;
    plan p_;
    std::string last_write_;
};

host_result run(host_session &host, builder &b, const std::string &name, json parameters) {
    host_command c{name, std::move(parameters)};
    auto result = host.invoke(c);
    b.read("host-session", name, result.objects.size());
    if (result.failure) throw host_error(c, *result.failure);
    return result;
}

// Get-CrmAdvancedSetting's value, "" when unset.
std::string crm_setting(host_session &host, builder &b, const std::string &entity, const std::string &setting,
                        const std::string &org_id) {
    json parameters = {{"ConfigurationEntityName", entity}, {"Setting", setting}};
    if (!org_id.empty()) parameters["ID"] = org_id;
    auto result = run(host, b, "Get-CrmAdvancedSetting", parameters);
    if (result.objects.empty()) return {};
    const auto &v = result.objects.front();
    auto value = v.find("Value");
    return value != v.end() && value->is_string() ? value->get<std::string>() : std::string();
}

std::string tools_script(const request &r) {
    const char sep = r.tools_path.find('\\') == std::string::npos && r.tools_path.find('/') != std::string::npos ? '/' : '\\';
    std::string path = r.tools_path;
    if (!path.empty() && path.back() != sep) path += sep;
    return path + "CertificateReconfiguration.ps1";
}

void plan_deployment_certificate(const request &r, host_session &host, builder &b, const std::string &cert_b64) {
    auto certificates = run(host, b, "Get-CrmCertificate", json::object());
    std::string current;
    for (const auto &c : certificates.objects)
        if (lower(text_of(c, "CertificateType")) == "s2stokenissuer") current = text_of(c, "Data");
    if (current == cert_b64) {
        b.noop("CrmCertificate", "S2STokenIssuer", "The certificate '" + r.certificate->subject + "' is the deployment's S2S token issuer");
        return;
    }
    auto &s = b.add("update", "CrmCertificate", "S2STokenIssuer",
                    "Install '" + r.certificate->subject + "' as the deployment's S2S token issuer (CertificateReconfiguration.ps1)",
                    "Run CertificateReconfiguration.ps1 -certificateType S2STokenIssuer -updateCrm", "host-session",
                    host_command{tools_script(r),
                                 {{"certificateFile", r.pfx_path},
                                  {"password", plain_text_secret(r.password_secret)},
                                  {"updateCrm", true},
                                  {"certificateType", "S2STokenIssuer"},
                                  {"serviceAccount", r.service_account},
                                  {"storeFindType", "FindBySubjectDistinguishedName"}}});
    s.changes.push_back({"Thumbprint", current.empty() ? json(nullptr) : json("(another certificate)"), r.certificate->thumbprint});
    s.notes.push_back("grants " + r.service_account + " read access to the private key");
}

void plan_entra(const request &r, graph::graph_client &graph, builder &b, const std::string &cert_b64, std::string &tenant_id) {
    const auto organization = graph::get_organization(graph);
    b.read("graph", "GET /organization");
    tenant_id = lower(organization.tenant_id);
    auto principal = graph::find_service_principal(graph, kDynamicsAppId);
    b.read("graph", "GET /servicePrincipals?$filter=appId eq '" + std::string(kDynamicsAppId) + "'");
    if (!principal)
        throw error(errc::failed_precondition, "crm.service_principal.missing",
                    "The tenant has no service principal for Microsoft Dynamics CRM (" + std::string(kDynamicsAppId) +
                        "): a Global Administrator creates it with New-MgServicePrincipal -AppId " + kDynamicsAppId + ", then run this again.");
    // Listings omit the keys' material: one read of the principal says whether ours is there.
    bool present = false;
    std::size_t kept = 0;
    const auto now = std::chrono::system_clock::now();
    if (auto one = graph.get("/v1.0/servicePrincipals/" + principal->id, graph::query().select({"id", "keyCredentials"}))) {
        b.read("graph", "GET /servicePrincipals/{id}?$select=keyCredentials");
        for (const auto &k : graph::parse_service_principal(*one).key_credentials) {
            auto end = graph::parse_iso_time(k.end_date_time);
            if (end && *end < now) continue;
            ++kept;
            if (k.key && *k.key == cert_b64) present = true;
        }
    }
    if (present) {
        b.noop("ServicePrincipalKey", "Microsoft Dynamics CRM", "The certificate is a key credential of the Dynamics CRM service principal");
    } else {
        auto &s = b.add("update", "ServicePrincipalKey", "Microsoft Dynamics CRM",
                        "Add the certificate '" + r.certificate->subject + "' to the Dynamics CRM service principal's keys",
                        "Add keyCredential (AsymmetricX509Cert, Verify)", "graph",
                        host_command{graph::kServicePrincipalCommand,
                                     {{"AppId", kDynamicsAppId},
                                      {"AddKeyCredential",
                                       {{"key", cert_b64},
                                        {"displayName", r.certificate->subject},
                                        {"startDateTime", graph::format_iso_time(r.certificate->not_before)},
                                        {"endDateTime", graph::format_iso_time(r.certificate->not_after)}}}}});
        s.changes.push_back({"keyCredentials", static_cast<int>(kept), static_cast<int>(kept + 1)});
        s.notes.push_back(std::to_string(kept) + " existing key(s) kept; expired ones are dropped");
    }
    std::vector<std::string> names = {kDynamicsAppId};
    if (!r.root_domain.empty()) names.push_back(std::string(kDynamicsAppId) + "/*." + r.root_domain);
    json missing = json::array();
    for (const auto &n : names)
        if (std::none_of(principal->service_principal_names.begin(), principal->service_principal_names.end(),
                         [&](const std::string &have) { return lower(have) == lower(n); }))
            missing.push_back(n);
    if (missing.empty()) {
        b.noop("ServicePrincipal", "Microsoft Dynamics CRM", "The Dynamics CRM service principal has its names");
    } else {
        auto &s = b.add("update", "ServicePrincipal", "Microsoft Dynamics CRM", "Add the Dynamics CRM service principal names",
                        "Add servicePrincipalNames", "graph",
                        host_command{graph::kServicePrincipalCommand, {{"AppId", kDynamicsAppId}, {"AddServicePrincipalNames", missing}}});
        s.changes.push_back({"servicePrincipalNames", nullptr, missing});
    }
}

void plan_deployment_settings(const request &r, host_session &host, builder &b, const std::string &org_id,
                              const std::string &tenant_id) {
    const std::pair<const char *, std::string> server[] = {{"S2SDefaultAuthorizationServerPrincipalId", kAcsPrincipalId},
                                                           {"S2SDefaultAuthorizationServerMetadataUrl", r.metadata_url}};
    for (const auto &[setting, want] : server) {
        const auto have = crm_setting(host, b, "ServerSettings", setting, "");
        if (lower(have) == lower(want)) {
            b.noop("CrmSetting", std::string("ServerSettings.") + setting, std::string("ServerSettings ") + setting + " is set");
            continue;
        }
        auto &s = b.add("update", "CrmSetting", std::string("ServerSettings.") + setting, std::string("Set ServerSettings ") + setting,
                        std::string("Update ") + setting, "host-session",
                        host_command{"Set-CrmAdvancedSetting", {{"ConfigurationEntityName", "ServerSettings"}, {"Setting", setting}, {"Value", want}}});
        s.changes.push_back({setting, have.empty() ? json(nullptr) : json(have), want});
    }
    const auto have = crm_setting(host, b, "Organization", "S2STenantId", org_id);
    if (lower(have) == tenant_id) {
        b.noop("CrmSetting", r.organization + ".S2STenantId", "The organization's S2STenantId is the tenant's id");
        return;
    }
    auto &s = b.add("update", "CrmSetting", r.organization + ".S2STenantId", "Set the organization's Exchange Online tenant id",
                    "Update S2STenantId", "host-session",
                    host_command{"Set-CrmAdvancedSetting",
                                 {{"ID", org_id}, {"ConfigurationEntityName", "Organization"}, {"Setting", "S2STenantId"}, {"Value", tenant_id}}});
    s.changes.push_back({"S2STenantId", have.empty() ? json(nullptr) : json(have), tenant_id});
}

json wanted_profile(const request &r) {
    json w = {{"name", r.profile_name},
              {"servertype", 3},
              {"usedefaulttenantid", r.exchange_tenant_id.empty()},
              {"useautodiscover", r.autodiscover},
              {"incomingcredentialretrieval", 2},
              {"outgoingcredentialretrieval", 2},
              {"moveundeliveredemails", r.move_undelivered}};
    if (!r.exchange_tenant_id.empty()) w["exchangeonlinetenantid"] = r.exchange_tenant_id;
    if (!r.autodiscover) {
        w["incomingserverlocation"] = r.incoming_location;
        w["outgoingserverlocation"] = r.outgoing_location;
    }
    if (!r.profile_description.empty()) w["description"] = r.profile_description;
    if (!r.process_emails_after.empty()) w["processemailsreceivedafter"] = r.process_emails_after;
    if (r.min_polling_minutes) w["minpollingintervalinminutes"] = *r.min_polling_minutes;
    return w;
}

// C5: the profile's id (made up here when it is to be created).
std::string plan_profile(const request &r, dataverse::dataverse_client &crm, builder &b) {
    const json wanted = wanted_profile(r);
    dataverse::retrieve_options q;
    q.filter = graph::filter_eq("name", r.profile_name);
    for (const auto &[k, v] : wanted.items()) q.select.push_back(k);
    q.select.push_back("emailserverprofileid");
    auto found = crm.retrieve_multiple("emailserverprofiles", q);
    b.read("dataverse", "GET emailserverprofiles?$filter=name eq '…'", found.rows.size());
    if (found.rows.empty()) {
        if (!r.runs(kStepProfile))
            throw error(errc::failed_precondition, "crm.profile.missing",
                        "There is no email server profile '" + r.profile_name + "': add Profile to -Step (or leave -Step out).");
        const std::string id = new_guid();
        json row = wanted;
        row["emailserverprofileid"] = id;
        auto &s = b.add("create", "EmailServerProfile", r.profile_name, "Create the email server profile '" + r.profile_name + "' (Exchange Online (Hybrid))",
                        "Create", "dataverse",
                        host_command{dataverse::kCreateCommand, {{"EntitySet", "emailserverprofiles"}, {"Row", row}}});
        for (const auto &[k, v] : wanted.items()) s.changes.push_back({k, nullptr, v});
        s.notes.push_back("Test Connection is the profile's button in Dynamics 365; Test & Enable (C9) tests the same connection per mailbox");
        return id;
    }
    const json &have = found.rows.front();
    const std::string id = text_of(have, "emailserverprofileid");
    if (!r.runs(kStepProfile)) return id;
    json changes = json::object();
    std::vector<property_change> listed;
    for (const auto &[k, v] : wanted.items()) {
        const json current = have.contains(k) ? have.at(k) : json(nullptr);
        if (!same_value(current, v)) {
            changes[k] = v;
            listed.push_back({k, current, v});
        }
    }
    if (changes.empty()) {
        b.noop("EmailServerProfile", r.profile_name, "The email server profile '" + r.profile_name + "' is as wanted");
        return id;
    }
    std::string names;
    for (const auto &c : listed) names += (names.empty() ? "" : ", ") + c.property;
    auto &s = b.add("update", "EmailServerProfile", r.profile_name, "Update the email server profile '" + r.profile_name + "'",
                    "Update " + names, "dataverse",
                    host_command{dataverse::kUpdateCommand, {{"EntitySet", "emailserverprofiles"}, {"Id", id}, {"Changes", changes}}});
    s.changes = std::move(listed);
    return id;
}

// C6: the organization's defaults.
void plan_defaults(const request &r, dataverse::dataverse_client &crm, builder &b, const std::string &profile_id) {
    dataverse::retrieve_options q;
    q.select = {"organizationid", "_defaultemailserverprofileid_value", "defaultemailsettings", "emailconnectionchannel",
                "requireapprovalforuseremail", "requireapprovalforqueueemail"};
    auto rows = crm.retrieve_multiple("organizations", q).rows;
    b.read("dataverse", "GET organizations", rows.size());
    if (rows.empty()) throw error(errc::failed_precondition, "crm.organization.row_missing", "Dataverse shows no organization row.");
    const json &org = rows.front();
    json changes = json::object();
    std::vector<property_change> listed;
    if (lower(text_of(org, "_defaultemailserverprofileid_value")) != lower(profile_id)) {
        dataverse::bind_lookup(changes, "defaultemailserverprofileid", "emailserverprofiles", profile_id);
        listed.push_back({"defaultemailserverprofileid", org.value("_defaultemailserverprofileid_value", json(nullptr)), r.profile_name});
    }
    if (email_settings_values(text_of(org, "defaultemailsettings")) != email_settings_values(default_email_settings())) {
        changes["defaultemailsettings"] = default_email_settings();
        listed.push_back({"defaultemailsettings", org.value("defaultemailsettings", json(nullptr)),
                          "incoming and outgoing email, appointments, contacts and tasks by server-side synchronization"});
    }
    if (org.value("emailconnectionchannel", json(nullptr)) != json(0)) {
        changes["emailconnectionchannel"] = 0;
        listed.push_back({"emailconnectionchannel", org.value("emailconnectionchannel", json(nullptr)), 0});
    }
    for (const char *flag : {"requireapprovalforuseremail", "requireapprovalforqueueemail"})
        if (org.value(flag, json(nullptr)) != json(r.require_approval)) {
            changes[flag] = r.require_approval;
            listed.push_back({flag, org.value(flag, json(nullptr)), r.require_approval});
        }
    if (changes.empty()) {
        b.noop("Organization", r.organization, "The organization processes email by server-side synchronization with the profile");
        return;
    }
    std::string names;
    for (const auto &c : listed) names += (names.empty() ? "" : ", ") + c.property;
    auto &s = b.add("update", "Organization", r.organization, "Make server-side synchronization the organization's default",
                    "Update " + names, "dataverse",
                    host_command{dataverse::kUpdateCommand,
                                 {{"EntitySet", "organizations"}, {"Id", text_of(org, "organizationid")}, {"Changes", changes}}});
    s.changes = std::move(listed);
}

int whole(const json &o, const char *name) {
    auto it = o.find(name);
    return it != o.end() && it->is_number_integer() ? it->get<int>() : -1;
}

// C7–C9.
void plan_mailboxes(const request &r, dataverse::dataverse_client &crm, builder &b, const std::string &profile_id) {
    dataverse::retrieve_options q;
    q.select = {"mailboxid", "emailaddress", "name", "_emailserverprofile_value", "incomingemaildeliverymethod",
                "outgoingemaildeliverymethod", "actdeliverymethod", "emailrouteraccessapproval",
                "testemailconfigurationscheduled", "mailboxstatus"};
    q.filter = "statecode eq 0";
    auto listing = crm.retrieve_multiple("mailboxes", q);
    b.read("dataverse", "GET mailboxes?$filter=statecode eq 0", listing.rows.size());
    std::vector<const json *> chosen;
    if (r.all_mailboxes) {
        for (const auto &m : listing.rows)
            if (!text_of(m, "emailaddress").empty()) chosen.push_back(&m);
    } else {
        std::map<std::string, const json *> by_address;
        for (const auto &m : listing.rows) by_address[lower(text_of(m, "emailaddress"))] = &m;
        std::string missing;
        for (const auto &a : r.mailboxes) {
            auto it = by_address.find(a);
            if (it == by_address.end()) missing += (missing.empty() ? "" : ", ") + a;
            else chosen.push_back(it->second);
        }
        if (!missing.empty())
            throw error(errc::failed_precondition, "crm.mailbox.not_found",
                        "Dynamics 365 has no active mailbox for " + missing + ": check the addresses (Settings > Email "
                        "Configuration > Mailboxes), then run this again.");
    }
    json configure = json::array(), approve = json::array(), test = json::array();
    for (const json *m : chosen) {
        const std::string id = text_of(*m, "mailboxid"), who = lower(text_of(*m, "emailaddress"));
        bool changed = false;
        if (lower(text_of(*m, "_emailserverprofile_value")) != lower(profile_id) || whole(*m, "incomingemaildeliverymethod") != 2 ||
            whole(*m, "outgoingemaildeliverymethod") != 2 || whole(*m, "actdeliverymethod") != 1) {
            json changes = {{"incomingemaildeliverymethod", 2}, {"outgoingemaildeliverymethod", 2}, {"actdeliverymethod", 1}};
            dataverse::bind_lookup(changes, "emailserverprofile", "emailserverprofiles", profile_id);
            configure.push_back({{"Id", id}, {"Target", who}, {"Changes", changes}});
            changed = true;
        }
        if (whole(*m, "emailrouteraccessapproval") != 1) {
            approve.push_back({{"Id", id}, {"Target", who}, {"Changes", {{"emailrouteraccessapproval", 1}}}});
            changed = true;
        }
        if (changed || whole(*m, "mailboxstatus") != 1 || m->value("testemailconfigurationscheduled", false) == true)
            test.push_back({{"Id", id}, {"Target", who}});
    }
    const std::string count = std::to_string(chosen.size());
    if (configure.empty()) {
        b.noop("CrmMailbox", count + " mailboxes", "The mailboxes use the profile and server-side synchronization");
    } else {
        const auto n = std::to_string(configure.size());
        auto &s = b.add("update", "CrmMailbox", n + " mailboxes", "Set the profile and server-side synchronization on " + n + " mailboxes",
                        "Update emailserverprofile, delivery methods on " + n + " mailboxes", "dataverse",
                        host_command{dataverse::kUpdateManyCommand,
                                     {{"EntitySet", "mailboxes"}, {"$batch", configure}, {"ResultsPath", r.results_path}}});
        s.changes = {{"emailserverprofile", nullptr, r.profile_name},
                     {"incomingemaildeliverymethod", nullptr, 2},
                     {"outgoingemaildeliverymethod", nullptr, 2},
                     {"actdeliverymethod", nullptr, 1}};
    }
    if (approve.empty()) {
        b.noop("CrmMailbox", count + " mailboxes", "The mailboxes' email addresses are approved");
    } else {
        const auto n = std::to_string(approve.size());
        auto &s = b.add("update", "CrmMailbox", n + " mailboxes", "Approve the email address of " + n + " mailboxes",
                        "Update emailrouteraccessapproval on " + n + " mailboxes", "dataverse",
                        host_command{dataverse::kUpdateManyCommand,
                                     {{"EntitySet", "mailboxes"}, {"$batch", approve}, {"ResultsPath", r.results_path}}});
        s.changes = {{"emailrouteraccessapproval", nullptr, 1}};
        s.notes.push_back("the mailbox owners (users and queues) are approved with them");
    }
    if (!r.test_enable) {
        if (!test.empty())
            b.value().findings.add("crm.mailbox.untested", severity::info, "TestAndEnable",
                                   std::to_string(test.size()) + " mailboxes are not tested and enabled (TestAndEnable false).");
        return;
    }
    if (test.empty()) {
        b.noop("CrmMailbox", count + " mailboxes", "The mailboxes passed Test & Enable");
    } else {
        const auto n = std::to_string(test.size());
        auto &s = b.add("check", "CrmMailbox", n + " mailboxes", "Test & enable " + n + " mailboxes", "Test and enable " + n + " mailboxes",
                        "dataverse",
                        host_command{dataverse::kTestMailboxesCommand,
                                     {{"ProfileId", profile_id},
                                      {"$batch", test},
                                      {"TimeoutSeconds", r.test_timeout_seconds},
                                      {"PollSeconds", r.poll_seconds},
                                      {"ResultsPath", r.results_path}}});
        s.changes = {{"testemailconfigurationscheduled", nullptr, true}};
        s.notes.push_back("asynchronous in Dynamics 365: polled until every test has run (at most " +
                          std::to_string(r.test_timeout_seconds) + " s)");
    }
}

}  // namespace

json plain_text_secret(const std::string &name) { return {{"$secret", name}, {"asPlainText", true}}; }

plan build_plan(const request &r, host_session &deployment, graph::graph_client &graph, dataverse::dataverse_client *crm,
                const progress_fn &progress, const reachability_fn &reachable) {
    builder b(progress);
    b.value().findings.add("crm.sss.retirement", severity::warning, "OrganizationName", retirement_notice());
    if (!r.ifd_url.empty() && reachable) {
        b.say("Checking the Internet-facing deployment", 0);
        const auto why = reachable(r.ifd_url);
        b.read("http", "GET " + r.ifd_url);
        if (!why.empty())
            throw error(errc::failed_precondition, "crm.ifd.unreachable",
                        "The Internet-facing deployment " + r.ifd_url + " does not answer (" + why +
                            "): configure IFD first (C2), Exchange Online must reach it.");
    }
    const bool s2s = r.runs(kStepCertificate) || r.runs(kStepAuthentication);
    std::string cert_b64, org_id, tenant_id;
    if (s2s) {
        if (!r.certificate) throw error(errc::internal, "crm.certificate.unread", "The certificate was not read.");
        cert_b64 = base64(r.certificate->der);
        b.say("Reading the Dynamics 365 deployment", 5);
        auto orgs = run(deployment, b, "Get-CrmOrganization", {{"Name", r.organization}});
        if (orgs.objects.empty())
            throw error(errc::failed_precondition, "crm.organization.not_found",
                        "The deployment has no organization '" + r.organization + "' (Get-CrmOrganization).");
        org_id = text_of(orgs.objects.front(), "Id");
    }
    if (r.runs(kStepCertificate)) plan_deployment_certificate(r, deployment, b, cert_b64);
    if (r.runs(kStepAuthentication)) {
        b.say("Reading the tenant and the Dynamics CRM service principal", 20);
        plan_entra(r, graph, b, cert_b64, tenant_id);
        plan_deployment_settings(r, deployment, b, org_id, tenant_id);
    }
    if (r.needs_dataverse()) {
        if (!crm) throw error(errc::internal, "crm.dataverse.missing", "The Dataverse transport is missing.");
        b.say("Reading the email server profile", 40);
        const auto profile_id = plan_profile(r, *crm, b);
        if (r.runs(kStepDefaults)) {
            b.say("Reading the organization's email settings", 50);
            plan_defaults(r, *crm, b, profile_id);
        }
        if (r.runs(kStepMailboxes)) {
            b.say("Reading the mailboxes", 60);
            plan_mailboxes(r, *crm, b, profile_id);
        }
    }
    b.say("Done", 100);
    return b.take();
}

}  // namespace mailint::crm_sss
