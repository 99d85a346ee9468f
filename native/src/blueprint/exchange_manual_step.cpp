#include "blueprint/exchange_manual_step.h"

#include <filesystem>
#include <set>
#include <variant>

#include "core/error.h"
#include "core/random_id.h"
#include "dns/records_request.h"
#include "dns/scenario_records.h"
#include "exchange_online/exo_values.h"
#include "netcheck/port_forward.h"
#include "plan/step_builder.h"
#include "transport/host_read.h"
#include "validate/message_text.h"

namespace mailint::exchange_manual_step {

namespace {

using nlohmann::json;
using exchange_online::text_of;


// The X2 records through the same builder Get-ExchangeDnsRecord uses.
std::optional<dns::scenario_records> public_records(const json &p, diagnostics &d) {
    json records_parameters = {{"DomainName", text_of(p, "DomainName")}, {"PublicIpAddress", text_of(p, "PublicIpAddress")}};
    if (p.contains("HostName")) records_parameters["HostName"] = p["HostName"];
    const json request = {{"schemaVersion", 1}, {"scenario", "exchange-onprem"}, {"parameters", records_parameters}};
    dns::records_request parsed;
    d.append(dns::parse_records_request(request, false, parsed));
    if (d.has_errors() || parsed.domains.empty()) return std::nullopt;
    return dns::records_for(parsed, parsed.domains.front(), nullptr, d);
}

std::optional<netcheck::table_request> router_table(const json &p, diagnostics &d) {
    json table = p;
    table.erase("Stage");
    table.erase("MigratingFromSmallBusinessServer");
    netcheck::table_request r;
    auto found = netcheck::parse_table_request(table, r);
    const bool bad = found.has_errors();
    d.append(found);
    if (bad) return std::nullopt;
    return r;
}

// One record as an administrator types it into a DNS host's form.
std::string describe(const dns::dns_record &r) {
    std::string value = std::visit(
        [](const auto &data) -> std::string {
            using T = std::decay_t<decltype(data)>;
            if constexpr (std::is_same_v<T, dns::a_data>) return data.address.to_string();
            else if constexpr (std::is_same_v<T, dns::mx_data>) return data.exchange + " (preference " + std::to_string(data.preference) + ")";
            else if constexpr (std::is_same_v<T, dns::txt_data>) return "\"" + data.text + "\"";
            else if constexpr (std::is_same_v<T, dns::srv_data>)
                return "priority " + std::to_string(data.priority) + ", weight " + std::to_string(data.weight) + ", port " +
                       std::to_string(data.port) + ", " + data.target;
            else return data.canonical_name;
        },
        r.data);
    return std::string(dns::to_string(r.type())) + " " + r.name + " -> " + value + " (TTL " + std::to_string(r.ttl) + ")";
}

void x2(const request &r, plan &p) {
    diagnostics d;
    const auto records = public_records(r.parameters, d);
    auto &s = append_step(p, {"manual", "PublicDnsRecords", records->zone,
                              "Publish the public DNS records of " + records->zone + " at its DNS host (Exchange at " + records->host_name +
                                  "); Test-MailDnsRecord checks them once they are published",
                              "", std::nullopt});
    for (const auto &record : records->records) s.notes.push_back(describe(record));
    if (r.migrating) s.notes.push_back("migrating from Small Business Server: the records that point at it now point at " + records->host_name);
}

void x6c(const request &r, plan &p) {
    const auto cert = text_of(r.parameters, "CertPath");
    const auto request_file = text_of(r.parameters, "RequestFile");
    std::error_code ec;
    if (std::filesystem::is_regular_file(cert, ec)) {
        append_step(p, {"noop", "IssuedCertificate", cert, "The certificate the request brought back is at " + cert, "", std::nullopt});
        return;
    }
    auto &s = append_step(p, {"manual", "IssuedCertificate", cert,
                              "Send " + (request_file.empty() ? std::string("the certificate request") : request_file) +
                                  " to the certification authority, complete the request with the certificate it issues, then export it "
                                  "with its private key to " + cert,
                              "", std::nullopt});
    s.notes.push_back("Import-ExchangeCertificate -FileData ([System.IO.File]::ReadAllBytes('<issued .cer>')) completes the pending request");
    s.notes.push_back("Export-ExchangeCertificate -Thumbprint <thumbprint> -BinaryEncoded -Password (Read-Host -AsSecureString) writes the .pfx");
    s.notes.push_back("the stages that need the certificate (X5, X9) wait until " + cert + " exists; run again then");
}

void x7(const request &r, plan &p) {
    diagnostics d;
    const auto table = router_table(r.parameters, d);
    auto &s = append_step(p, {"manual", "RouterPortForwards", "router",
                              "Forward these ports on the router; keep both servers' addresses static or outside the DHCP range, and point "
                              "both servers' DNS setting at the Essentials server. Test-ExchangePortForward checks them from outside",
                              "", std::nullopt});
    for (const auto &f : netcheck::port_forward_table(*table))
        s.notes.push_back(std::to_string(f.router_port) + " (" + f.protocol + ") -> " + f.destination + ":" + std::to_string(f.destination_port) +
                          " (" + f.server + (f.note.empty() ? "" : ", " + f.note) + ")");
    if (r.migrating)
        s.notes.push_back("migrating from Small Business Server: follow 'Migrate Server Data to Windows Server Essentials' for the network instead");
}

void x8(const request &r, host_session &host, plan &p) {
    // The integration needs Exchange's management tools where it runs: Get-ExchangeServer is theirs.
    const auto servers = read_objects(host, {"Get-ExchangeServer", json::object()}, p, missing_is::empty);
    if (servers.empty())
        throw error(errc::failed_precondition, "exchange.integration.exchange_missing",
                    "No Exchange server answers in this session: install Exchange with its management tools (X4) and configure it "
                    "(X5) before enabling the integration.");
    std::string names;
    for (const auto &s : servers) names += (names.empty() ? "" : ", ") + text_of(s, "Name") + " (" + text_of(s, "AdminDisplayVersion") + ")";
    if (r.migrating) {
        auto &s = append_step(p, {"manual", "EssentialsIntegration", "Exchange integration",
                                  "Postpone enabling the Exchange integration until the previous Exchange has been uninstalled from the Small "
                                  "Business Server source server, then enable it in the Essentials dashboard",
                                  "", std::nullopt});
        s.notes.push_back("Exchange found: " + names);
        return;
    }
    auto &s = append_step(p, {"manual", "EssentialsIntegration", "Exchange integration",
                              "On the Essentials server, open the dashboard: Home, Connect to my email service, Integrate your Exchange "
                              "server, Configure Exchange Server integration, and follow the wizard",
                              "", std::nullopt});
    s.notes.push_back("Exchange found with its management tools: " + names);
    s.notes.push_back("the wizard adds the mailbox quota page (2 GB by default) to the Add User wizard");
}

void x12(host_session &host, plan &p) {
    const auto mailboxes = read_objects(host, {"Get-Mailbox", {{"ResultSize", "Unlimited"}}}, p, missing_is::empty);
    auto &s = append_step(p, {"manual", "EssentialsIntegration", "Exchange integration",
                              "To disable the integration, open the Essentials dashboard: Home, Connect to my email service, Integrate "
                              "your Exchange server, Disable Exchange Server integration. The dashboard then no longer shows, creates or "
                              "manages Exchange mailboxes",
                              "", std::nullopt});
    s.notes.push_back(std::to_string(mailboxes.size()) +
                      " mailboxes stay in Exchange with their mail; manage them with the Exchange admin center or Exchange Management Shell");
}

}  // namespace

diagnostics parse_request(const json &parameters, request &out) {
    diagnostics d;
    out.stage = text_of(parameters, "Stage");
    static const std::map<std::string, std::set<std::string>> known = {
        {"X2", {"DomainName", "PublicIpAddress", "HostName"}},
        {"X6c", {"RequestFile", "CertPath"}},
        {"X7", {"ExchangeServerIpAddress", "EssentialsServerIpAddress", "IncludePop3", "IncludeImap", "IncludeUnencrypted"}},
        {"X8", {}},
        {"X12", {}},
    };
    const auto stage = known.find(out.stage);
    if (stage == known.end()) {
        d.error("exchange.manual.stage_unknown", "Stage", "Stage " + validate::quote_input(out.stage) + " is not X2, X6c, X7, X8 or X12.");
        return d;
    }
    out.parameters = json::object();
    for (const auto &[name, value] : parameters.items()) {
        if (name == "Stage") continue;
        if (name == "MigratingFromSmallBusinessServer") {
            out.migrating = value.is_boolean() && value.get<bool>();
            continue;
        }
        if (!stage->second.count(name))
            d.error("exchange.manual.parameter.unknown", name, "Unknown parameter '" + name + "' for stage " + out.stage + ".");
        else
            out.parameters[name] = value;
    }
    if (out.stage == "X2") public_records(out.parameters, d);
    if (out.stage == "X7") router_table(out.parameters, d);
    if (out.stage == "X6c" && text_of(out.parameters, "CertPath").empty())
        d.error("exchange.manual.cert_path_missing", "CertPath", "Give CertPath, where the certificate with its private key (.pfx) is to be.");
    return d;
}

plan build_plan(const request &r, host_session &host, const progress_fn &progress) {
    plan p;
    p.scenario = kScenario;
    p.plan_id = random_id();
    if (progress) progress("Planning", "Stage " + r.stage + " (by hand)", 0);
    if (r.stage == "X2") x2(r, p);
    else if (r.stage == "X6c") x6c(r, p);
    else if (r.stage == "X7") x7(r, p);
    else if (r.stage == "X8") x8(r, host, p);
    else x12(host, p);
    return p;
}

}  // namespace mailint::exchange_manual_step
