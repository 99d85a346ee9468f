#include "blueprint/teams_routing_request.h"

#include <algorithm>

#include <fstream>
#include <map>
#include <sstream>

#include "core/csv_parse.h"
#include "validate/domain_name.h"
#include "validate/message_text.h"

namespace mailint::teams_routing {

namespace {

std::optional<std::string> text(const nlohmann::json &p, const char *name, diagnostics &d) {
    auto it = p.find(name);
    if (it == p.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) {
        d.error("teams.parameter.invalid", name, std::string(name) + " must be text.");
        return std::nullopt;
    }
    return it->get<std::string>();
}

std::optional<bool> flag(const nlohmann::json &p, const char *name, diagnostics &d) {
    auto it = p.find(name);
    if (it == p.end() || it->is_null()) return std::nullopt;
    if (!it->is_boolean()) {
        d.error("teams.parameter.invalid", name, std::string(name) + " must be true or false.");
        return std::nullopt;
    }
    return it->get<bool>();
}

bool usage_location_ok(const std::string &v) {
    return v.size() == 2 && std::isalpha(static_cast<unsigned char>(v[0])) && std::isalpha(static_cast<unsigned char>(v[1]));
}

std::string upper(std::string s) {
    for (auto &c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

// T3's CSV: every row checked, every finding with its line.
void read_users(const std::string &path, request &out, diagnostics &d) {
    const char *target = "UsersCsvPath";
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        d.error("teams.users_csv.unreadable", target, "UsersCsvPath " + validate::quote_input(path) + " cannot be read.");
        return;
    }
    std::stringstream text;
    text << in.rdbuf();
    csv_problem problem;
    auto table = parse_csv(text.str(), problem);
    if (!table) {
        d.error("teams.users_csv.malformed", target, "The users CSV is not CSV at line " + std::to_string(problem.line) + ": " + problem.message + ".");
        return;
    }
    const auto upn = table->column("UserPrincipalName"), name = table->column("DisplayName");
    for (const auto &[column, index] : {std::pair{"UserPrincipalName", upn}, std::pair{"DisplayName", name}})
        if (!index)
            d.error("teams.users_csv.column_missing", target,
                    std::string("The users CSV has no ") + column + " column (its columns: UserPrincipalName, DisplayName, "
                    "and optionally UsageLocation, GivenName, Surname).");
    if (!upn || !name) return;
    const auto location = table->column("UsageLocation"), given = table->column("GivenName"), surname = table->column("Surname");
    const auto field = [](const csv_row &r, std::optional<std::size_t> i) {
        return i && *i < r.fields.size() ? r.fields[*i] : std::string();
    };
    std::map<std::string, std::size_t> seen;
    for (const auto &row : table->rows) {
        teams_user u;
        u.line = row.line;
        const std::string raw = field(row, upn);
        const auto at = raw.rfind('@');
        if (at == std::string::npos || at == 0 || raw.find_first_of(" \t\"<>,;") != std::string::npos ||
            !validate::parse_domain_name(raw.substr(at + 1))) {
            d.error("teams.users_csv.upn_malformed", target,
                    "Line " + std::to_string(row.line) + ": UserPrincipalName " + validate::quote_input(raw) +
                        " is not user@domain.");
            continue;
        }
        u.upn = raw.substr(0, at + 1) + *validate::parse_domain_name(raw.substr(at + 1));
        for (auto &c : u.upn) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (auto [it, fresh] = seen.emplace(u.upn, row.line); !fresh) {
            d.error("teams.users_csv.duplicate_upn", target,
                    "Lines " + std::to_string(it->second) + " and " + std::to_string(row.line) + " both have " + u.upn +
                        ": each user once.");
            continue;
        }
        u.display_name = field(row, name);
        if (u.display_name.empty()) {
            d.error("teams.users_csv.display_name_missing", target, "Line " + std::to_string(row.line) + ": " + u.upn + " has no DisplayName.");
            continue;
        }
        u.usage_location = upper(field(row, location));
        if (!u.usage_location.empty() && !usage_location_ok(u.usage_location)) {
            d.error("teams.usage_location.invalid", target,
                    "Line " + std::to_string(row.line) + ": UsageLocation " + validate::quote_input(u.usage_location) +
                        " is not a two-letter country code (ISO 3166), e.g. FR.");
            continue;
        }
        u.given_name = field(row, given);
        u.surname = field(row, surname);
        out.users.push_back(std::move(u));
    }
}

}  // namespace

std::string record_key(const std::string &mode, const std::string &domain) {
    return mode == kModeGmail ? std::string("gmail") : domain;
}

const std::vector<std::string> &manual_steps(const std::string &mode) {
    static const std::vector<std::string> google = {"google.dual-delivery-route", "google.routing-rule", "google.alias-subdomain",
                                                    "google.spam-bypass"};
    static const std::vector<std::string> gmail = {"entra.mfa", "entra.conditional-access-pop", "m365.custom-domain-dkim",
                                                   "gmail.pop-fetch", "gmail.teams-calendar-addon"};
    // T12's two prerequisites are checks, not items to mark done.
    static const std::vector<std::string> hybrid = {"hybrid.teams-calendar-onprem", "hybrid.teams-rooms"};
    return mode == kModeGmail ? gmail : mode == kModeExchangeHybrid ? hybrid : google;
}

diagnostics parse_request(const nlohmann::json &p, request &out) {
    diagnostics d;
    if (auto mode = text(p, "Mode", d)) {
        if (*mode == kModeGoogleWorkspace || *mode == kModeGmail || *mode == kModeExchangeHybrid)
            out.mode = *mode;
        else
            d.error("teams.mode.unknown", "Mode",
                    "Mode " + validate::quote_input(*mode) + " is not one of GoogleWorkspace, Gmail, ExchangeHybrid.");
    }
    const bool google = out.mode == kModeGoogleWorkspace, gmail = out.mode == kModeGmail;
    // A parameter of another mode is a mistake to point out, not to ignore silently.
    const auto only_for = [&](std::initializer_list<const char *> names, const char *modes) {
        for (const char *name : names)
            if (auto it = p.find(name); it != p.end() && !it->is_null())
                d.error("teams.parameter.not_for_mode", name,
                        std::string(name) + " applies to Mode " + modes + ", not " + out.mode + ": leave it out.");
    };
    if (!google)
        only_for({"ForwardingDomain", "SmartHost", "TestAddress", "ConnectorName", "DisableOutlookOnTheWeb", "DeleteExternalMail"},
                 "GoogleWorkspace");
    if (!gmail) only_for({"EnablePop"}, "Gmail");
    if (out.mode == kModeExchangeHybrid)
        only_for({"UsersCsvPath", "LicenseSku", "UsageLocation", "InitialPassword", "ResultsPath"}, "GoogleWorkspace or Gmail");

    auto domain = text(p, "DomainName", d);
    if (!domain) {
        if (google)
            d.error("validation.domain.empty", "DomainName", "DomainName is required: the domain whose mail stays at Google, e.g. contoso.com.");
        else if (!gmail)
            d.error("validation.domain.empty", "DomainName",
                    "DomainName is required: the on-premises organization's domain, e.g. contoso.com.");
    } else if (auto v = validate::validate_any_level_domain(*domain, "DomainName", d)) {
        out.domain = *v;
    }
    if (gmail)
        if (auto v = flag(p, "EnablePop", d)) out.enable_pop = *v;
    auto forwarding = google ? text(p, "ForwardingDomain", d) : std::nullopt;
    if (google && !forwarding) {
        d.error("validation.domain.empty", "ForwardingDomain",
                "ForwardingDomain is required: the alias subdomain Google receives the copies on, e.g. g.contoso.com.");
    } else if (forwarding) {
        if (auto f = validate::validate_any_level_domain(*forwarding, "ForwardingDomain", d)) {
            out.forwarding_domain = *f;
            if (!out.domain.empty() && !f->ends_with("." + out.domain))
                d.error("teams.forwarding_domain.not_under_domain", "ForwardingDomain",
                        "ForwardingDomain '" + *f + "' is not a subdomain of '" + out.domain + "': give e.g. g." + out.domain +
                            " (the alias subdomain set up at Google, T4).");
        }
    }
    // Google Workspace's own (refused above in the other modes).
    if (auto host = google ? text(p, "SmartHost", d) : std::nullopt) {
        if (!validate::parse_domain_name(*host))
            d.error("teams.smart_host.malformed", "SmartHost",
                    "SmartHost " + validate::quote_input(*host) + " is not a host name; Google's is aspmx.l.google.com.");
        else
            out.smart_host = *validate::parse_domain_name(*host);
    }
    if (auto address = google ? text(p, "TestAddress", d) : std::nullopt; address && !address->empty()) {
        const auto at = address->rfind('@');
        const bool ok = at != std::string::npos && at > 0 && address->find_first_of(" \t\r\n<>\"") == std::string::npos &&
                        validate::parse_domain_name(address->substr(at + 1));
        if (!ok)
            d.error("teams.test_address.malformed", "TestAddress",
                    "TestAddress " + validate::quote_input(*address) + " is not an e-mail address, e.g. johanna@g.contoso.com.");
        else
            out.test_address = *address;
    }
    if (auto name = google ? text(p, "ConnectorName", d) : std::nullopt) {
        if (name->empty() || name->size() > 64 || name->find_first_of("\\/\r\n") != std::string::npos)
            d.error("teams.connector_name.invalid", "ConnectorName",
                    "ConnectorName must be 1 to 64 characters without \\, / or line breaks.");
        else
            out.connector_name = *name;
    }
    if (auto dir = text(p, "StateDirectory", d)) out.state_directory = *dir;
    if (auto sku = text(p, "LicenseSku", d)) out.license_sku = *sku;
    if (auto loc = text(p, "UsageLocation", d)) {
        if (!usage_location_ok(*loc))
            d.error("teams.usage_location.invalid", "UsageLocation",
                    "UsageLocation " + validate::quote_input(*loc) + " is not a two-letter country code (ISO 3166), e.g. FR.");
        else
            out.usage_location = upper(*loc);
    }
    if (auto results = text(p, "ResultsPath", d)) out.results_path = *results;
    if (auto pw = p.find("InitialPassword"); pw != p.end() && pw->is_object() && pw->contains("$secret"))
        out.password_secret = pw->at("$secret").get<std::string>();
    if (auto csv = out.mode != kModeExchangeHybrid ? text(p, "UsersCsvPath", d) : std::nullopt) {
        read_users(*csv, out, d);
        if (out.usage_location.empty())
            for (const auto &u : out.users)
                if (u.usage_location.empty()) {
                    d.error("teams.users_csv.usage_location_missing", "UsageLocation",
                            "Line " + std::to_string(u.line) + ": " + u.upn +
                                " has no UsageLocation, which a licence needs: add the column or give -UsageLocation.");
                    break;
                }
    }
    if (google) {
        if (auto v = flag(p, "DisableOutlookOnTheWeb", d)) out.disable_outlook_on_the_web = *v;
        if (auto v = flag(p, "DeleteExternalMail", d)) out.delete_external_mail = *v;
    }
    if (auto m = p.find("ManualStepsDone"); m != p.end() && !m->is_null()) {
        if (!m->is_array()) {
            d.error("teams.parameter.invalid", "ManualStepsDone", "ManualStepsDone must be a list of checklist ids.");
        } else {
            const auto &known = manual_steps(out.mode);
            std::string list;
            for (const auto &k : known) list += (list.empty() ? "" : ", ") + k;
            for (const auto &item : *m) {
                const std::string id = item.is_string() ? item.get<std::string>() : item.dump();
                if (std::find(known.begin(), known.end(), id) == known.end())
                    d.error("teams.manual_step.unknown", "ManualStepsDone",
                            "ManualStepsDone " + validate::quote_input(id) + " is not a checklist id of Mode " + out.mode +
                                "; they are " + list + ".");
                else
                    out.manual_done.insert(id);
            }
        }
    }
    return d;
}

diagnostics parse_removal_request(const nlohmann::json &p, removal_request &out) {
    diagnostics d;
    if (auto mode = text(p, "Mode", d)) {
        if (*mode == kModeGoogleWorkspace || *mode == kModeGmail)
            out.mode = *mode;
        else
            d.error("teams.mode.unknown", "Mode",
                    "Mode " + validate::quote_input(*mode) + " is not one Remove-TeamsEssentialsRouting undoes: GoogleWorkspace or Gmail "
                    "(ExchangeHybrid changes nothing).");
    }
    auto domain = text(p, "DomainName", d);
    if (!domain && out.mode != kModeGmail)
        d.error("validation.domain.empty", "DomainName", "DomainName is required: the domain given to Set-TeamsEssentialsRouting.");
    else if (domain)
        if (auto v = validate::validate_any_level_domain(*domain, "DomainName", d)) out.domain = *v;
    if (auto dir = text(p, "StateDirectory", d)) out.state_directory = *dir;
    return d;
}

}  // namespace mailint::teams_routing
