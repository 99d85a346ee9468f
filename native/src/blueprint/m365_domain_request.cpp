#include "blueprint/m365_domain_request.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "core/error.h"
#include "validate/domain_name.h"

namespace mailint::m365_domain {

namespace {

// The services Graph lets a client set on a domain (wire-apis.md §2.2); Graph's own spelling.
constexpr const char *kSettable[] = {"Email", "OfficeCommunicationsOnline", "Yammer"};

bool boolean(const nlohmann::json &p, const char *name, diagnostics &d) {
    auto it = p.find(name);
    if (it == p.end() || it->is_null()) return false;
    if (!it->is_boolean()) {
        d.error(std::string("m365.domain.") + name + ".invalid", name, std::string(name) + " must be true or false.");
        return false;
    }
    return it->get<bool>();
}

}  // namespace

diagnostics parse_request(const nlohmann::json &p, request &out) {
    diagnostics d;
    const bool allow_subdomain = boolean(p, "AllowSubdomain", d);
    out.set_default = boolean(p, "SetDefault", d);

    auto name = p.find("DomainName");
    if (name == p.end() || !name->is_string()) {
        d.error("validation.domain.empty", "DomainName", "DomainName is required: the domain to link, e.g. contoso.com.");
    } else {
        diagnostics found;
        auto normalised = validate::validate_domain_name(name->get<std::string>(), "DomainName", found);
        bool kept_error = false;
        for (const auto &f : found.items()) {
            // M1: the Essentials integration links second-level domains; -AllowSubdomain is the
            // administrator saying the subdomain is meant (Graph verifies it under its root).
            if (allow_subdomain && f.id == "validation.domain.third_level") continue;
            kept_error = kept_error || f.level == severity::error;
            d.add(f.id, f.level, f.target, f.message);
        }
        if (normalised) out.domain = *normalised;
        else if (!kept_error)
            if (auto syntax = validate::parse_domain_name(name->get<std::string>())) out.domain = *syntax;
    }

    if (auto s = p.find("SupportedServices"); s != p.end() && !s->is_null()) {
        out.supported_services.clear();
        if (!s->is_array()) {
            d.error("m365.domain.supported_services.invalid", "SupportedServices",
                    "SupportedServices must be a list: Email, OfficeCommunicationsOnline, Yammer.");
        } else {
            for (const auto &item : *s) {
                const std::string v = item.is_string() ? item.get<std::string>() : item.dump();
                auto known = std::find_if(std::begin(kSettable), std::end(kSettable), [&](const char *k) {
                    return v.size() == std::strlen(k) &&
                           std::equal(v.begin(), v.end(), k, [](char a, char b) { return std::tolower(a) == std::tolower(b); });
                });
                if (known == std::end(kSettable)) {
                    d.error("m365.domain.supported_services.unknown", "SupportedServices",
                            "'" + v + "' is not a service Microsoft Graph can set on a domain; use Email, "
                            "OfficeCommunicationsOnline or Yammer.");
                } else if (std::find(out.supported_services.begin(), out.supported_services.end(), *known) ==
                           out.supported_services.end()) {
                    out.supported_services.emplace_back(*known);
                }
            }
        }
    }
    parse_dns_wait(p, "m365.domain", out, d);
    return d;
}

}  // namespace mailint::m365_domain
