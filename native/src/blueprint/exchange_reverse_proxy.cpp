#include "blueprint/exchange_reverse_proxy.h"

#include <cstdlib>
#include <set>

#include "core/random_id.h"
#include "exchange_online/exo_values.h"
#include "exec/state_file.h"
#include "plan/step_builder.h"
#include "transport/host_read.h"
#include "transport/windows_command_line.h"
#include "validate/domain_name.h"
#include "validate/message_text.h"
#include "validate/pfx_certificate.h"

namespace mailint::exchange_reverse_proxy {

namespace {

using nlohmann::json;
using exchange_online::lower;
using exchange_online::text_of;


std::filesystem::path record_path(const request &r) { return state_root(r.state_directory) / "reverse-proxy.json"; }

json record_of(const request &r) {
    return {{"schemaVersion", 1}, {"certificateThumbprint", r.thumbprint}, {"hostNames", r.host_names}, {"targetServer", r.target_server}};
}

}  // namespace

std::string default_arrconfig_path() {
    std::vector<std::filesystem::path> candidates;
    if (const char *pf = std::getenv("ProgramFiles")) candidates.push_back(std::filesystem::path(pf) / "Windows Server" / "Bin" / "ARRConfig.exe");
    if (const char *windir = std::getenv("windir")) candidates.push_back(std::filesystem::path(windir) / "System32" / "Essentials" / "ARRConfig.exe");
    std::error_code ec;
    for (const auto &c : candidates)
        if (std::filesystem::is_regular_file(c, ec)) return c.string();
    return {};
}

diagnostics parse_request(const json &parameters, const secret_store &secrets, request &out) {
    diagnostics d;
    static const std::set<std::string> known = {"CertPath", "CertPassword", "HostName", "TargetServer", "ArrConfigPath",
                                                "VerifyUri", "AllowUntrustedCertificate", "StateDirectory"};
    for (const auto &[name, value] : parameters.items())
        if (!known.count(name)) d.error("reverse_proxy.parameter.unknown", name, "Unknown parameter '" + name + "'.");
    if (auto it = parameters.find("HostName"); it != parameters.end() && it->is_array())
        for (const auto &v : *it)
            if (v.is_string())
                if (auto h = validate::validate_any_level_domain(v.get<std::string>(), "HostName", d)) out.host_names.push_back(*h);
    if (out.host_names.empty() && !d.has_errors())
        d.error("reverse_proxy.host_missing", "HostName", "Give -HostName, Exchange's names on the Internet (for example mail.contoso.com).");
    out.target_server = text_of(parameters, "TargetServer");
    // A computer name (EX01) or its full name (EX01.corp.contoso.local): every label a DNS label.
    std::optional<std::string> target_problem;
    for (std::size_t start = 0; !out.target_server.empty() && start <= out.target_server.size() && !target_problem;) {
        const auto dot = out.target_server.find('.', start);
        const auto label = out.target_server.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        target_problem = label.empty() ? std::optional<std::string>("has an empty label") : validate::dns_label_problem(label);
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    if (target_problem)
        d.error("reverse_proxy.target_invalid", "TargetServer",
                "TargetServer " + validate::quote_input(out.target_server) + " " + *target_problem +
                    "; give the Exchange server's name, e.g. EX01 or EX01.corp.contoso.local.");

    out.cert_path = text_of(parameters, "CertPath");
    std::span<const unsigned char> password;
    if (auto pw = parameters.find("CertPassword"); pw != parameters.end() && !pw->is_null()) {
        const auto ref = pw->is_object() ? pw->find("$secret") : pw->end();
        if (ref == pw->end() || !ref->is_string()) {
            d.error("request.secret.inline", "CertPassword", "CertPassword must be a reference {\"$secret\":name}, never the password itself.");
        } else if (const auto *secret = secrets.find(ref->get<std::string>())) {
            out.password_secret = ref->get<std::string>();
            password = secret->bytes();
        } else {
            d.error("request.secret.missing", "CertPassword", "The secret '" + ref->get<std::string>() + "' was not handed over before the request.");
        }
    }
    if (out.cert_path.empty()) {
        d.error("validation.certificate.not_found", "CertPath", "Give -CertPath, the Exchange certificate's .pfx file with its private key.");
    } else if (out.password_secret.empty()) {
        d.error("reverse_proxy.password_missing", "CertPassword", "ARRConfig asks for the certificate's password: give -CertPassword.");
    } else {
        validate::certificate_requirements needs;
        if (const auto cert = validate::validate_pfx_certificate(out.cert_path, password, needs, d)) {
            out.thumbprint = cert->thumbprint;
            // The document's rule: the names must be in the certificate, or browsers refuse it.
            for (const auto &h : out.host_names)
                if (!cert->covers(h))
                    d.error("reverse_proxy.host_not_in_certificate", "HostName",
                            "The certificate " + cert->subject + " does not cover " + h + " (it names " +
                                [&] {
                                    std::string n;
                                    for (const auto &x : cert->dns_names) n += (n.empty() ? "" : ", ") + x;
                                    return n.empty() ? std::string("no host") : n;
                                }() +
                                "): give only names it covers, or use a certificate that has them.");
        }
    }
    out.arrconfig_path = text_of(parameters, "ArrConfigPath");
    if (out.arrconfig_path.empty()) out.arrconfig_path = default_arrconfig_path();
    std::error_code ec;
    if (out.arrconfig_path.empty() || !std::filesystem::is_regular_file(out.arrconfig_path, ec))
        d.error("reverse_proxy.arrconfig_missing", "ArrConfigPath",
                (out.arrconfig_path.empty() ? std::string("ARRConfig.exe is not on this computer")
                                            : "There is no file " + validate::quote_input(out.arrconfig_path)) +
                    ": run this on the Windows Server Essentials server (ARRConfig is in %ProgramFiles%\\Windows Server\\Bin or "
                    "%windir%\\System32\\Essentials), after installing Application Request Routing with URL Rewrite.");
    out.verify_uri = text_of(parameters, "VerifyUri");
    if (out.verify_uri.empty() && !out.host_names.empty()) out.verify_uri = "https://" + out.host_names.front() + "/owa";
    if (auto it = parameters.find("AllowUntrustedCertificate"); it != parameters.end() && it->is_boolean()) out.allow_untrusted = it->get<bool>();
    out.state_directory = text_of(parameters, "StateDirectory");
    return d;
}

host_scenarios::built build_plan(const request &r, host_scenarios::context &ctx) {
    host_scenarios::built out;
    plan &p = out.value;
    p.scenario = kScenario;
    p.plan_id = random_id();
    if (ctx.progress) ctx.progress("Planning", "Reading the reverse proxy", 0);
    const auto saved = read_state_file(record_path(r), "reverse_proxy.record", "the reverse proxy record");
    const json wanted = record_of(r);
    json previous = saved ? json::parse(*saved, nullptr, false) : json();
    const bool same = previous.is_object() && previous.value("certificateThumbprint", "") == r.thumbprint &&
                      previous.value("hostNames", json::array()) == wanted["hostNames"] &&
                      previous.value("targetServer", "") == r.target_server;
    const std::string owa = ctx.http_get ? ctx.http_get(r.verify_uri, r.allow_untrusted) : std::string("not checked");
    p.reads.push_back({"http", "GET " + r.verify_uri, owa.empty() ? 1u : 0u});

    std::string names;
    for (const auto &h : r.host_names) names += (names.empty() ? "" : ",") + h;
    std::string arr_step;
    if (same && owa.empty()) {
        append_step(p, {"noop", "ReverseProxy", names, "ARR forwards " + names + " to Exchange and " + r.verify_uri + " answers", "", std::nullopt});
    } else {
        std::vector<std::string> args = {"config", "-cert", r.cert_path, "-hostnames", names};
        if (!r.target_server.empty()) {
            args.push_back("-targetserver");
            args.push_back(r.target_server);
        }
        const auto line = windows_command_line(r.arrconfig_path, args);
        auto &s = append_step(p, {"create", "ReverseProxy", names, "Configure ARR for " + names + ": " + line + " (the password on its input)",
                                  "Run " + line,
                                  host_command{r.arrconfig_path, {{"ArgumentList", args}, {"StandardInput", {{"$secret", r.password_secret}}}}},
                                  "process"});
        if (same) s.notes.push_back(r.verify_uri + " does not answer (" + owa + "): configuring again");
        else if (previous.is_object()) s.changes.push_back({"Configuration", previous, wanted});
        s.notes.push_back("check from outside the domain that " + r.verify_uri + " shows Outlook on the web");
        arr_step = s.id;
        out.on_success.push_back({arr_step, record_path(r), wanted.dump(2)});
    }

    const auto services = read_objects(ctx.host, {"Get-Service", {{"Name", kGatewayService}}}, p);
    const auto status = services.empty() ? std::string() : lower(text_of(services.front(), "Status"));
    if (status == "running" && arr_step.empty()) {
        append_step(p, {"noop", "Service", kGatewayService, "The Remote Desktop Gateway service is running", "", std::nullopt});
    } else {
        // After ARRConfig, whatever the service's state was: installing ARR is what stops it.
        auto &s = append_step(p, {"update", "Service", kGatewayService,
                                  "Start the Remote Desktop Gateway service" + std::string(arr_step.empty() ? " (it is " + status + ")" : " if ARR stopped it"),
                                  "Start", host_command{"Start-Service", {{"Name", kGatewayService}}}, "host-session", {arr_step}});
        if (status != "running" && !services.empty()) s.changes.push_back({"Status", text_of(services.front(), "Status"), "Running"});
    }
    return out;
}

}  // namespace mailint::exchange_reverse_proxy
