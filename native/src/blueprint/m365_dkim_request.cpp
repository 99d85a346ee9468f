#include "blueprint/m365_dkim_request.h"

#include "validate/domain_name.h"

namespace mailint::m365_dkim {

diagnostics parse_request(const nlohmann::json &p, request &out) {
    diagnostics d;
    auto name = p.find("DomainName");
    if (name == p.end() || !name->is_string()) {
        d.error("validation.domain.empty", "DomainName", "DomainName is required: the domain to sign, e.g. contoso.com.");
    } else if (auto normalised = validate::validate_any_level_domain(name->get<std::string>(), "DomainName", d)) {
        out.domain = *normalised;
        if (out.domain.ends_with(".onmicrosoft.com"))
            d.error("m365.dkim.domain.initial", "DomainName",
                    "DomainName '" + out.domain + "' is a Microsoft domain: Exchange Online signs it already; give "
                    "your custom domain, e.g. contoso.com.");
    }
    if (auto k = p.find("KeySize"); k != p.end() && !k->is_null()) {
        if (!k->is_number_integer() || (k->get<long long>() != 1024 && k->get<long long>() != 2048))
            d.error("m365.dkim.key_size.invalid", "KeySize", "KeySize must be 1024 or 2048 (bits).");
        else
            out.key_size = k->get<int>();
    }
    parse_dns_wait(p, "m365.dkim", out, d);
    return d;
}

}  // namespace mailint::m365_dkim
