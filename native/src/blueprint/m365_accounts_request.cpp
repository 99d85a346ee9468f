#include "blueprint/m365_accounts_request.h"

#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/csv_parse.h"
#include "validate/domain_name.h"
#include "validate/message_text.h"

namespace mailint::m365_accounts {

namespace {

using nlohmann::json;

std::string lower(std::string s) {
    for (auto &c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string upper(std::string s) {
    for (auto &c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string text(const json &p, const char *name, diagnostics &d) {
    auto it = p.find(name);
    if (it == p.end() || it->is_null()) return {};
    if (!it->is_string()) {
        d.error("m365.accounts.parameter.invalid", name, std::string(name) + " must be text.");
        return {};
    }
    return it->get<std::string>();
}

bool country(const std::string &v) {
    return v.size() == 2 && std::isalpha(static_cast<unsigned char>(v[0])) && std::isalpha(static_cast<unsigned char>(v[1]));
}

// What Graph accepts before the '@' of a userPrincipalName.
bool upn_prefix_ok(const std::string &s) {
    if (s.empty() || s.size() > 64 || s.front() == '.' || s.back() == '.') return false;
    for (unsigned char c : s)
        if (!(std::isalnum(c) || c == '.' || c == '-' || c == '_' || c == '\'' || c == '!' || c == '#' || c == '^' || c == '~'))
            return false;
    return true;
}

void read_users(const std::string &path, request &out, diagnostics &d, bool need_location) {
    const char *target = "UsersCsvPath";
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        d.error("m365.accounts.csv.unreadable", target, "UsersCsvPath " + validate::quote_input(path) + " cannot be read.");
        return;
    }
    std::stringstream body;
    body << in.rdbuf();
    csv_problem problem;
    auto table = parse_csv(body.str(), problem);
    if (!table) {
        d.error("m365.accounts.csv.malformed", target,
                "The CSV is not CSV at line " + std::to_string(problem.line) + ": " + problem.message + ".");
        return;
    }
    const auto upn = table->column("UserPrincipalName"), sam = table->column("SamAccountName"), name = table->column("DisplayName");
    if (!upn && !sam)
        d.error("m365.accounts.csv.column_missing", target,
                "The CSV has neither a UserPrincipalName nor a SamAccountName column (Get-ADUser -Properties mail | "
                "Select-Object SamAccountName, UserPrincipalName, DisplayName, GivenName, Surname, Mail, Enabled | Export-Csv).");
    if (!name) d.error("m365.accounts.csv.column_missing", target, "The CSV has no DisplayName column.");
    if ((!upn && !sam) || !name) return;
    const auto mail = table->column("Mail"), given = table->column("GivenName"), surname = table->column("Surname"),
               location = table->column("UsageLocation"), enabled = table->column("Enabled");
    const auto field = [](const csv_row &r, std::optional<std::size_t> i) {
        return i && *i < r.fields.size() ? r.fields[*i] : std::string();
    };
    std::map<std::string, std::size_t> seen;
    for (const auto &row : table->rows) {
        local_user u;
        u.line = row.line;
        const std::string where = "Line " + std::to_string(row.line) + ": ";
        std::string local = field(row, upn);
        if (local.empty()) local = field(row, sam);
        if (auto at = local.find('@'); at != std::string::npos) local = local.substr(0, at);
        if (!upn_prefix_ok(local)) {
            d.error("m365.accounts.csv.name_malformed", target,
                    where + validate::quote_input(local) + " cannot be the name before '@' of a userPrincipalName (letters, "
                    "digits and . - _ ' only, at most 64).");
            continue;
        }
        u.local_name = local;
        u.upn = lower(local) + "@" + out.domain;
        if (auto [it, fresh] = seen.emplace(u.upn, row.line); !fresh) {
            d.error("m365.accounts.csv.duplicate", target,
                    "Lines " + std::to_string(it->second) + " and " + std::to_string(row.line) + " would both be " + u.upn + ".");
            continue;
        }
        u.display_name = field(row, name);
        if (u.display_name.empty()) {
            d.error("m365.accounts.csv.display_name_missing", target, where + u.upn + " has no DisplayName.");
            continue;
        }
        u.mail = lower(field(row, mail));
        if (!u.mail.empty()) {
            const auto at = u.mail.rfind('@');
            if (at == std::string::npos || at == 0 || !validate::parse_domain_name(u.mail.substr(at + 1))) {
                d.error("m365.accounts.csv.mail_malformed", target, where + "Mail " + validate::quote_input(u.mail) + " is not an address.");
                continue;
            }
        }
        u.given_name = field(row, given);
        u.surname = field(row, surname);
        u.usage_location = upper(field(row, location));
        if (u.usage_location.empty()) u.usage_location = out.usage_location;
        if (u.usage_location.empty() && need_location) {
            d.error("m365.accounts.usage_location_missing", target,
                    where + u.upn + " has no UsageLocation: add the column, or give -UsageLocation (e.g. FR).");
            continue;
        }
        if (!u.usage_location.empty() && !country(u.usage_location)) {
            d.error("m365.accounts.usage_location.invalid", target,
                    where + "UsageLocation " + validate::quote_input(u.usage_location) + " is not a two-letter country code.");
            continue;
        }
        const std::string e = lower(field(row, enabled));
        u.enabled = !(e == "false" || e == "0" || e == "no");
        out.users.push_back(std::move(u));
    }
}

}  // namespace

namespace {

diagnostics parse(const json &parameters, request &out, bool sync) {
    diagnostics d;
    static const std::set<std::string> known = {"DomainName", "UsersCsvPath", "UsageLocation", "LicenseSku", "InitialPassword",
                                                "ResultsPath", "StateDirectory", "FromActiveDirectory", "Filter", "SearchBase"};
    static const std::set<std::string> known_sync = {"DomainName", "UsersCsvPath", "ResultsPath", "StateDirectory",
                                                     "FromActiveDirectory", "Filter", "SearchBase"};
    for (const auto &[name, value] : parameters.items())
        if (!(sync ? known_sync : known).count(name)) d.error("m365.accounts.parameter.unknown", name, "Unknown parameter '" + name + "'.");
    const std::string domain = text(parameters, "DomainName", d);
    if (auto parsed = validate::parse_domain_name(domain)) out.domain = lower(*parsed);
    else
        d.error("m365.accounts.domain.malformed", "DomainName",
                "DomainName " + validate::quote_input(domain) + " is not a domain name: give the linked domain, e.g. contoso.com.");
    out.usage_location = upper(text(parameters, "UsageLocation", d));
    if (!out.usage_location.empty() && !country(out.usage_location))
        d.error("m365.accounts.usage_location.invalid", "UsageLocation",
                "UsageLocation " + validate::quote_input(out.usage_location) + " is not a two-letter country code (ISO 3166), e.g. FR.");
    out.license_sku = text(parameters, "LicenseSku", d);
    if (auto pw = parameters.find("InitialPassword"); pw != parameters.end() && !pw->is_null()) {
        auto ref = pw->is_object() ? pw->find("$secret") : pw->end();
        if (ref == pw->end() || !ref->is_string())
            d.error("request.secret.inline", "InitialPassword",
                    "InitialPassword must be a reference {\"$secret\":name}, never the password itself.");
        else
            out.password_secret = ref->get<std::string>();
    }
    out.results_path = text(parameters, "ResultsPath", d);
    out.state_directory = text(parameters, "StateDirectory", d);
    if (auto ad = parameters.find("FromActiveDirectory"); ad != parameters.end() && ad->is_boolean()) out.from_directory = ad->get<bool>();
    if (auto f = text(parameters, "Filter", d); !f.empty()) out.directory_filter = f;
    out.directory_search_base = text(parameters, "SearchBase", d);
    const std::string csv = text(parameters, "UsersCsvPath", d);
    if (out.from_directory) {
        if (!csv.empty())
            d.error("m365.accounts.source_conflict", "UsersCsvPath", "Give UsersCsvPath or FromActiveDirectory, not both.");
        if (!sync && out.usage_location.empty())
            d.error("m365.accounts.usage_location_missing", "UsageLocation",
                    "Users read from Active Directory need -UsageLocation (two letters, e.g. FR) for their licences.");
    } else if (csv.empty())
        d.error("m365.accounts.csv.missing", "UsersCsvPath", "UsersCsvPath is empty: give the CSV of the local users.");
    else if (!out.domain.empty() && (out.usage_location.empty() || country(out.usage_location)))
        read_users(csv, out, d, !sync);
    return d;
}

}  // namespace

diagnostics parse_request(const json &parameters, request &out) { return parse(parameters, out, false); }

std::vector<local_user> users_from_directory(const std::vector<json> &objects, const request &r, diagnostics &d) {
    std::vector<local_user> users;
    std::set<std::string> seen;
    const auto field = [](const json &o, const char *name) {
        auto it = o.find(name);
        return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    for (const auto &o : objects) {
        local_user u;
        std::string local = field(o, "UserPrincipalName");
        if (local.empty()) local = field(o, "SamAccountName");
        if (auto at = local.find('@'); at != std::string::npos) local = local.substr(0, at);
        u.display_name = field(o, "DisplayName");
        if (u.display_name.empty()) u.display_name = field(o, "Name");
        if (!upn_prefix_ok(local) || u.display_name.empty()) {
            d.warning("m365.accounts.directory_user_skipped", "Filter",
                      "The directory user " + validate::quote_input(field(o, "DistinguishedName")) +
                          " has no name usable before '@' or no display name: no account is made for it.");
            continue;
        }
        u.local_name = local;
        u.upn = lower(local) + "@" + r.domain;
        if (!seen.insert(u.upn).second) continue;
        u.mail = lower(field(o, "mail"));
        if (u.mail.empty()) u.mail = lower(field(o, "EmailAddress"));
        u.given_name = field(o, "GivenName");
        u.surname = field(o, "Surname");
        u.usage_location = r.usage_location;
        auto enabled = o.find("Enabled");
        u.enabled = enabled == o.end() || !enabled->is_boolean() || enabled->get<bool>();
        users.push_back(std::move(u));
    }
    return users;
}

diagnostics parse_sync_request(const json &parameters, request &out) { return parse(parameters, out, true); }

}  // namespace mailint::m365_accounts
