#include "blueprint/exchange_certificate_request.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <fstream>
#include <iterator>
#include <set>

#include "core/random_id.h"
#include "exchange_online/exo_values.h"
#include "plan/step_builder.h"
#include "transport/host_read.h"
#include "validate/certificate_request.h"
#include "validate/domain_name.h"
#include "validate/message_text.h"

namespace mailint::exchange_certificate_request {

namespace {

using nlohmann::json;
using exchange_online::lower;
using exchange_online::text_of;

// Larger than any request; a bigger file is not one and is not read whole.
constexpr std::uintmax_t kMaxRequestFile = 64 * 1024;


// What -SubjectName can carry: its parts are separated by ", " and "=", so those (and the other
// characters X.500 names escape) are refused rather than quoted, as the document's example has none.
std::optional<std::string> part_problem(const std::string &value) {
    if (value.size() > 64) return "is longer than 64 characters";
    for (unsigned char c : value) {
        if (c < 0x20 || c == 0x7F) return "contains a control character";
        if (std::string_view(",=+\"\\<>#;").find(static_cast<char>(c)) != std::string_view::npos)
            return std::string("contains '") + static_cast<char>(c) + "'";
    }
    if (!value.empty() && (value.front() == ' ' || value.back() == ' ')) return "begins or ends with a space";
    return std::nullopt;
}

std::optional<std::string> read_small_file(const std::filesystem::path &path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec || size > kMaxRequestFile) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

bool same_names(std::vector<std::string> a, std::vector<std::string> b) {
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    return a == b;
}

bool same_subject(const std::map<std::string, std::string> &a, const std::map<std::string, std::string> &b) {
    if (a.size() != b.size()) return false;
    for (const auto &[k, v] : a) {
        const auto it = b.find(k);
        if (it == b.end() || lower(it->second) != lower(v)) return false;
    }
    return true;
}

// The request is the one asked for: subject, names (the CN among them) and at least the key size.
bool answers(const validate::certificate_request_info &info, const request &r) {
    return info.signature_valid && same_subject(info.subject, r.subject) && same_names(info.dns_names, r.host_names) &&
           info.key_bits >= r.key_size;
}

bool truthy(const json &o, const char *member) {
    const auto it = o.find(member);
    if (it == o.end()) return false;
    if (it->is_boolean()) return it->get<bool>();
    return it->is_string() && lower(it->get<std::string>()) == "true";
}

}  // namespace

diagnostics parse_request(const json &parameters, request &out) {
    diagnostics d;
    static const std::set<std::string> known = {"HostName", "Country", "State", "City", "Organization", "OrganizationalUnit",
                                                "RequestFile", "KeySize", "Server"};
    for (const auto &[name, value] : parameters.items())
        if (!known.count(name)) d.error("exchange.csr.parameter.unknown", name, "Unknown parameter '" + name + "'.");

    std::set<std::string> seen;
    if (auto it = parameters.find("HostName"); it != parameters.end() && it->is_array())
        for (const auto &v : *it)
            if (v.is_string())
                if (auto h = validate::validate_any_level_domain(v.get<std::string>(), "HostName", d); h && seen.insert(*h).second)
                    out.host_names.push_back(*h);
    if (out.host_names.empty() && !d.has_errors())
        d.error("exchange.csr.host_missing", "HostName",
                "Give -HostName, the names the certificate must cover (for example mail.contoso.com, autodiscover.contoso.com); "
                "the first becomes the subject's CN.");

    const auto country = text_of(parameters, "Country");
    if (country.size() != 2 || !std::all_of(country.begin(), country.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }))
        d.error("exchange.csr.country_invalid", "Country",
                "Country " + validate::quote_input(country) + " is not a two-letter ISO 3166 code: give for example US, FR or DE.");
    else
        out.subject["C"] = std::string{static_cast<char>(std::toupper(static_cast<unsigned char>(country[0]))),
                                       static_cast<char>(std::toupper(static_cast<unsigned char>(country[1])))};
    for (const auto &[parameter, attribute] : {std::pair{"State", "S"}, {"City", "L"}, {"Organization", "O"}, {"OrganizationalUnit", "OU"}}) {
        const auto value = text_of(parameters, parameter);
        if (value.empty()) continue;
        if (auto problem = part_problem(value))
            d.error("exchange.csr.field_invalid", parameter,
                    std::string(parameter) + " " + validate::quote_input(value) + " " + *problem +
                        ": the certification authority reads it from the request's subject; use plain words.");
        else
            out.subject[attribute] = value;
    }
    if (!out.host_names.empty()) out.subject["CN"] = out.host_names.front();
    out.subject_name = validate::exchange_subject_name(out.subject);

    if (auto it = parameters.find("KeySize"); it != parameters.end() && !it->is_null()) {
        if (!it->is_number_integer() || (it->get<int>() != 2048 && it->get<int>() != 4096))
            d.error("exchange.csr.key_size", "KeySize", "KeySize must be 2048 or 4096: public authorities refuse smaller keys.");
        else
            out.key_size = it->get<int>();
    }
    out.server = text_of(parameters, "Server");

    const auto file = text_of(parameters, "RequestFile");
    if (file.empty()) {
        d.error("exchange.csr.file_missing", "RequestFile", "Give -RequestFile, where the request is written (for example C:\\Docs\\MyCertRequest.req).");
    } else {
        out.request_file = file;
        std::error_code ec;
        const auto folder = out.request_file.parent_path();
        if (!folder.empty() && !std::filesystem::is_directory(folder, ec))
            d.error("exchange.csr.folder_missing", "RequestFile",
                    "The folder " + validate::quote_input(folder.string()) + " of RequestFile does not exist: create it first.");
        else if (std::filesystem::exists(out.request_file, ec)) {
            const auto body = read_small_file(out.request_file);
            if (!body || !validate::read_certificate_request(*body))
                d.error("exchange.csr.file_not_request", "RequestFile",
                        validate::quote_input(file) + " exists and is not a certificate request: it is never overwritten; give another path.");
        }
    }
    return d;
}

host_scenarios::built build_plan(const request &r, host_scenarios::context &ctx) {
    host_scenarios::built out;
    plan &p = out.value;
    p.scenario = kScenario;
    p.plan_id = random_id();
    if (ctx.progress) ctx.progress("Planning", "Reading the request file and Exchange's certificates", 0);

    std::optional<validate::certificate_request_info> on_disk;
    if (auto body = read_small_file(r.request_file)) on_disk = validate::read_certificate_request(*body);

    json get = json::object();
    if (!r.server.empty()) get["Server"] = r.server;
    std::vector<json> pending;
    for (auto &c : read_objects(ctx.host, {"Get-ExchangeCertificate", get}, p))
        if (lower(text_of(c, "Status")) == "pendingrequest") pending.push_back(std::move(c));
    // Each pending request with what it asks for, read from its own request text.
    const json *for_file = nullptr;
    const json *same_request = nullptr;
    std::optional<validate::certificate_request_info> same_info;
    for (const auto &c : pending) {
        const auto info = validate::read_certificate_request(text_of(c, "CertificateRequest"));
        if (!info) continue;
        if (on_disk && info->der_base64 == on_disk->der_base64) for_file = &c;
        if (!same_request && answers(*info, r) && truthy(c, "PrivateKeyExportable")) {
            same_request = &c;
            same_info = info;
        }
    }

    std::string names;
    for (const auto &h : r.host_names) names += (names.empty() ? "" : ", ") + h;
    const std::string file = r.request_file.string();
    if (on_disk && answers(*on_disk, r) && for_file && truthy(*for_file, "PrivateKeyExportable")) {
        append_step(p, {"noop", "CertificateRequest", file,
                        "The request in " + file + " asks for " + r.subject_name + " (" + names + "); Exchange holds its exportable key (" +
                            text_of(*for_file, "Thumbprint") + ")",
                        "", std::nullopt});
        return out;
    }
    if (on_disk && answers(*on_disk, r) && for_file)
        p.findings.warning("exchange.csr.key_not_exportable", file,
                           "Exchange holds the key of the request in " + file + " as not exportable, so the certificate could not be copied "
                           "to the Essentials server for ARR: a new request is made with -PrivateKeyExportable $true.");

    if (same_request && !(on_disk && for_file == same_request)) {
        // A request Exchange already made (a run cut short before the file was written, or the
        // file deleted): written out again, not asked for twice.
        const auto thumbprint = text_of(*same_request, "Thumbprint");
        auto &s = append_step(p, {"create", "CertificateRequest", file,
                                  "Write the pending request " + thumbprint + " Exchange already holds for " + r.subject_name + " to " + file,
                                  "Write the pending request " + thumbprint + " to the file",
                                  host_command{"Get-ExchangeCertificate", {{"Thumbprint", thumbprint}}}});
        s.changes.push_back({"RequestFile", on_disk ? json(on_disk->der_base64.substr(0, 16) + "…") : json(nullptr), thumbprint});
        std::string pem = "-----BEGIN NEW CERTIFICATE REQUEST-----\r\n";
        for (std::size_t i = 0; i < same_info->der_base64.size(); i += 64) pem += same_info->der_base64.substr(i, 64) + "\r\n";
        pem += "-----END NEW CERTIFICATE REQUEST-----\r\n";
        out.on_success.push_back({s.id, r.request_file, pem, false, false});
        return out;
    }

    json parameters = {{"GenerateRequest", true}, {"SubjectName", r.subject_name}, {"DomainName", r.host_names},
                       {"PrivateKeyExportable", true}, {"KeySize", r.key_size}};
    if (!r.server.empty()) parameters["Server"] = r.server;
    auto &s = append_step(p, {"create", "CertificateRequest", file,
                              "Request a certificate for " + r.subject_name + " (" + names + "), key exportable, into " + file,
                              "New-ExchangeCertificate -GenerateRequest -SubjectName \"" + r.subject_name + "\"",
                              host_command{"New-ExchangeCertificate", parameters}});
    s.changes.push_back({"SubjectName", on_disk ? json(validate::exchange_subject_name(on_disk->subject)) : json(nullptr), r.subject_name});
    s.changes.push_back({"DomainName", on_disk ? json(on_disk->dns_names) : json(nullptr), r.host_names});
    s.notes.push_back("send the file to the certification authority, then complete the request with Import-ExchangeCertificate");
    out.on_success.push_back({s.id, r.request_file, "", true, false});
    return out;
}

}  // namespace mailint::exchange_certificate_request
