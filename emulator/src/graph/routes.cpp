#include "graph/routes.h"

#include "graph/domains.h"
#include "graph/identity_policies.h"
#include "graph/licenses.h"
#include "graph/organization.h"
#include "graph/service_principals.h"
#include "graph/users.h"
#include "util/text.h"

namespace emulator::graph {
namespace {

// Reads accept the ReadWrite role and the directory-wide roles, as Graph's permission tables do.
const std::vector<std::string> domain_read = {"Domain.Read.All", "Domain.ReadWrite.All", "Directory.Read.All",
                                              "Directory.ReadWrite.All"};
const std::vector<std::string> domain_write = {"Domain.ReadWrite.All"};
const std::vector<std::string> user_read = {"User.Read.All", "User.ReadWrite.All", "Directory.Read.All",
                                            "Directory.ReadWrite.All"};
const std::vector<std::string> user_write = {"User.ReadWrite.All", "Directory.ReadWrite.All"};
const std::vector<std::string> license_write = {"User.ReadWrite.All", "LicenseAssignment.ReadWrite.All",
                                                "Directory.ReadWrite.All"};
const std::vector<std::string> organization_read = {"Organization.Read.All", "Organization.ReadWrite.All",
                                                    "Directory.Read.All", "Directory.ReadWrite.All"};
const std::vector<std::string> application_read = {"Application.Read.All", "Application.ReadWrite.All",
                                                   "Directory.Read.All", "Directory.ReadWrite.All"};
const std::vector<std::string> application_write = {"Application.ReadWrite.All"};
// identitysecuritydefaultsenforcementpolicy-get/-update and conditionalaccessroot-list-policies.
const std::vector<std::string> security_defaults_read = {"Policy.Read.All", "Policy.ReadWrite.SecurityDefaults",
                                                         "Policy.ReadWrite.ConditionalAccess"};
const std::vector<std::string> security_defaults_write = {"Policy.ReadWrite.SecurityDefaults",
                                                          "Policy.ReadWrite.ConditionalAccess"};
const std::vector<std::string> conditional_access_read = {"Policy.Read.All", "Policy.ReadWrite.ConditionalAccess"};

const std::vector<route>& routes()
{
    static const std::vector<route> table = {
        {"GET", {"organization"}, &organization_read, list_organization},
        {"GET", {"organization", "{}"}, &organization_read, get_organization},
        {"GET", {"domains"}, &domain_read, list_domains},
        {"POST", {"domains"}, &domain_write, add_domain},
        {"GET", {"domains", "{}"}, &domain_read, get_domain},
        {"PATCH", {"domains", "{}"}, &domain_write, update_domain},
        {"DELETE", {"domains", "{}"}, &domain_write, delete_domain},
        {"GET", {"domains", "{}", "verificationDnsRecords"}, &domain_read, list_verification_records},
        {"GET", {"domains", "{}", "serviceConfigurationRecords"}, &domain_read, list_service_records},
        {"POST", {"domains", "{}", "verify"}, &domain_write, verify_domain},
        {"GET", {"users"}, &user_read, list_users},
        {"POST", {"users"}, &user_write, create_user},
        {"GET", {"users", "{}"}, &user_read, get_user},
        {"PATCH", {"users", "{}"}, &user_write, update_user},
        {"DELETE", {"users", "{}"}, &user_write, delete_user},
        {"POST", {"users", "{}", "assignLicense"}, &license_write, assign_license},
        {"GET", {"subscribedSkus"}, &organization_read, list_subscribed_skus},
        {"GET", {"servicePrincipals"}, &application_read, list_service_principals},
        {"GET", {"servicePrincipals", "{}"}, &application_read, get_service_principal},
        {"PATCH", {"servicePrincipals", "{}"}, &application_write, update_service_principal},
        {"GET", {"policies", "identitySecurityDefaultsEnforcementPolicy"}, &security_defaults_read, get_security_defaults},
        {"PATCH", {"policies", "identitySecurityDefaultsEnforcementPolicy"}, &security_defaults_write, update_security_defaults},
        {"GET", {"identity", "conditionalAccess", "policies"}, &conditional_access_read, list_conditional_access_policies},
    };
    return table;
}

std::vector<std::string> expand_keys(const std::vector<std::string>& segments)
{
    std::vector<std::string> out;
    for (const auto& segment : segments) {
        const auto open = segment.find('(');
        if (open != std::string::npos && open > 0 && segment.back() == ')') {
            out.push_back(segment.substr(0, open));
            std::string key = segment.substr(open + 1, segment.size() - open - 2);
            if (key.size() >= 2 && key.front() == '\'' && key.back() == '\'' && key.find('\'', 1) == key.size() - 1)
                key = key.substr(1, key.size() - 2);
            out.push_back(key);
        } else {
            out.push_back(segment);
        }
    }
    return out;
}

} // namespace

route_match find_route(std::string_view method, const std::vector<std::string>& raw_segments)
{
    const auto segments = expand_keys(raw_segments);
    route_match result;
    for (const auto& candidate : routes()) {
        if (candidate.pattern.size() != segments.size())
            continue;
        std::vector<std::string> params;
        bool matched = true;
        for (std::size_t i = 0; i < segments.size() && matched; ++i) {
            if (candidate.pattern[i] == "{}")
                params.push_back(segments[i]);
            else
                matched = iequals(candidate.pattern[i], segments[i]);
        }
        if (!matched)
            continue;
        if (candidate.method != method) {
            result.wrong_method = true;
            continue;
        }
        return route_match{&candidate, false, std::move(params)};
    }
    return result;
}

} // namespace emulator::graph
