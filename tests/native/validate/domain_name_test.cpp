#include <catch2/catch.hpp>

#include <string>

#include "core/diagnostic.h"
#include "validate/domain_name.h"
#include "validate/public_suffix.h"

using namespace mailint;
using namespace mailint::validate;

namespace {

// Runs the DomainName check and returns the single diagnostic it must produce.
diagnostic only_finding(const std::string &text) {
    diagnostics d;
    auto name = validate_domain_name(text, "DomainName", d);
    CHECK_FALSE(name.has_value());
    REQUIRE(d.items().size() == 1);
    CHECK(d.items()[0].level == severity::error);
    CHECK(d.items()[0].target == "DomainName");
    return d.items()[0];
}

std::string label(std::size_t n, char c = 'a') { return std::string(n, c); }

}  // namespace

TEST_CASE("domain names are normalised to lower case without the trailing dot", "[validate][domain]") {
    diagnostics d;
    CHECK(validate_domain_name("Contoso.COM", "DomainName", d) == "contoso.com");
    CHECK(validate_domain_name("contoso.com.", "DomainName", d) == "contoso.com");
    CHECK(validate_domain_name("xn--bcher-kva.example", "DomainName", d) == "xn--bcher-kva.example");
    CHECK(validate_domain_name("con-toso.com", "DomainName", d) == "con-toso.com");
    CHECK(validate_domain_name("123.com", "DomainName", d) == "123.com");
    CHECK(validate_domain_name("contoso.co.uk", "DomainName", d) == "contoso.co.uk");
    CHECK(validate_domain_name("contoso.uk", "DomainName", d) == "contoso.uk");
    CHECK(d.empty());
}

TEST_CASE("empty domain names get validation.domain.empty", "[validate][domain]") {
    for (std::string text : {"", "   ", "\t"}) {
        CAPTURE(text);
        auto f = only_finding(text);
        CHECK(f.id == "validation.domain.empty");
        CHECK(f.message == "DomainName is empty; give the Internet domain, e.g. 'contoso.com'");
    }
}

TEST_CASE("malformed domain names say what is wrong", "[validate][domain]") {
    struct row {
        std::string text;
        std::string message_part;
    };
    for (const auto &[text, part] : {
             row{"contoso..com", "empty label"},
             row{".contoso.com", "empty label"},
             row{"contoso.com..", "empty label"},
             row{".", "DNS root"},
             row{"-contoso.com", "starts or ends with a hyphen ('-contoso')"},
             row{"contoso-.com", "starts or ends with a hyphen ('contoso-')"},
             row{"contoso_mail.com", "contains '_'"},
             row{"con toso.com", "white space"},
             row{" contoso.com", "white space"},
             row{"contoso.com ", "white space"},
             row{"b\xC3\xBC" "cher.example", "A-label form ('xn--...')"},
             row{"192.168.0.10", "is an IP address"},
             row{"contoso.123", "numeric label"},
             row{"contoso.com/", "contains '/'"},
             row{label(64) + ".com", "label of 64 characters"},
         }) {
        CAPTURE(text);
        auto f = only_finding(text);
        CHECK(f.id == "validation.domain.malformed");
        CHECK_THAT(f.message, Catch::Contains(part));
        CHECK_THAT(f.message, Catch::StartsWith("DomainName '"));
    }
}

TEST_CASE("label and name length limits sit exactly at 63 and 253", "[validate][domain]") {
    CHECK(parse_domain_name(label(63) + ".com"));
    CHECK_FALSE(parse_domain_name(label(64) + ".com"));

    // 63+1+63+1+63+1+61 = 253
    std::string at_limit = label(63) + "." + label(63, 'b') + "." + label(63, 'c') + "." + label(61, 'd');
    REQUIRE(at_limit.size() == 253);
    CHECK(parse_domain_name(at_limit));
    CHECK(parse_domain_name(at_limit + "."));  // the trailing dot does not count
    std::string over = label(63) + "." + label(63, 'b') + "." + label(63, 'c') + "." + label(62, 'd');
    auto r = parse_domain_name(over);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.problem, Catch::Contains("254 characters"));
}

TEST_CASE("single-label names and bare public suffixes get validation.domain.single_label", "[validate][domain]") {
    auto f = only_finding("contoso");
    CHECK(f.id == "validation.domain.single_label");
    CHECK(f.message == "DomainName 'contoso' has a single label; give the full Internet domain, e.g. 'contoso.com'");
    CHECK(only_finding("Contoso.").id == "validation.domain.single_label");

    auto suffix = only_finding("co.uk");
    CHECK(suffix.id == "validation.domain.single_label");
    CHECK_THAT(suffix.message, Catch::Contains("public suffix") && Catch::Contains("'contoso.co.uk'"));
    CHECK(only_finding("com.au").id == "validation.domain.single_label");
}

TEST_CASE("third-level domains are refused with the registered domain to use (seed M1/X2)", "[validate][domain]") {
    auto f = only_finding("marketing.contoso.com");
    CHECK(f.id == "validation.domain.third_level");
    CHECK(f.message ==
          "DomainName 'marketing.contoso.com' is a third-level domain; use the registered domain 'contoso.com'");

    auto uk = only_finding("Mail.Contoso.co.uk.");
    CHECK(uk.id == "validation.domain.third_level");
    CHECK(uk.message ==
          "DomainName 'mail.contoso.co.uk' is a third-level domain; use the registered domain 'contoso.co.uk'");

    CHECK(only_finding("a.b.contoso.com").message ==
          "DomainName 'a.b.contoso.com' is a third-level domain; use the registered domain 'contoso.com'");
}

TEST_CASE("the parameter name given is the target and starts the message", "[validate][domain]") {
    diagnostics d;
    validate_domain_name("x..y", "AcceptedDomainName", d);
    REQUIRE(d.items().size() == 1);
    CHECK(d.items()[0].target == "AcceptedDomainName");
    CHECK_THAT(d.items()[0].message, Catch::StartsWith("AcceptedDomainName 'x..y' "));
}

TEST_CASE("echoed input is kept on one line and short", "[validate][domain]") {
    auto f = only_finding("conto\nso.com");
    CHECK(f.message.find('\n') == std::string::npos);
    CHECK_THAT(f.message, Catch::Contains("'conto?so.com'"));

    auto long_one = only_finding(std::string(500, 'a') + "_.com");
    CHECK(long_one.message.size() < 250);
    CHECK_THAT(long_one.message, Catch::Contains("...'"));
}

TEST_CASE("parse_domain_name reports syntax only, not the third-level policy", "[validate][domain]") {
    auto r = parse_domain_name("Marketing.Contoso.com");
    REQUIRE(r);
    CHECK(*r == "marketing.contoso.com");
    auto single = parse_domain_name("contoso");
    REQUIRE_FALSE(single);
    CHECK_THAT(single.problem, Catch::Contains("single label"));
}

TEST_CASE("dns_label_problem checks one label", "[validate][domain]") {
    CHECK_FALSE(dns_label_problem("mail"));
    CHECK_FALSE(dns_label_problem("m-1"));
    CHECK_FALSE(dns_label_problem(label(63)));
    CHECK(dns_label_problem(""));
    CHECK(dns_label_problem(label(64)));
    CHECK(dns_label_problem("-mail"));
    CHECK(dns_label_problem("mail-"));
    CHECK(dns_label_problem("ma.il"));
    CHECK(dns_label_problem("ma il"));
}

TEST_CASE("public suffixes: listed multi-label ones, country categories, else the last label", "[validate][domain]") {
    CHECK(public_suffix_of("contoso.com") == "com");
    CHECK(public_suffix_of("mail.contoso.co.uk") == "co.uk");
    CHECK(public_suffix_of("contoso.ne.jp") == "ne.jp");      // listed only
    CHECK(public_suffix_of("contoso.asso.fr") == "asso.fr");  // listed only
    CHECK(public_suffix_of("contoso.com.bd") == "com.bd");    // country category heuristic
    CHECK(public_suffix_of("contoso.org.gh") == "org.gh");
    CHECK(public_suffix_of("contoso.uk") == "uk");
    CHECK(public_suffix_of("contoso.de") == "de");
    CHECK(public_suffix_of("co.com") == "com");  // the heuristic needs a two-letter TLD
    CHECK(public_suffix_of("com") == "com");

    CHECK(registrable_domain("marketing.contoso.com") == "contoso.com");
    CHECK(registrable_domain("a.b.contoso.co.uk") == "contoso.co.uk");
    CHECK(registrable_domain("contoso.com") == "contoso.com");
    CHECK(registrable_domain("x.contoso.com.bd") == "contoso.com.bd");
    CHECK_FALSE(registrable_domain("co.uk"));
    CHECK_FALSE(registrable_domain("com"));
}
