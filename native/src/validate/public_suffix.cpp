#include "validate/public_suffix.h"

#include <algorithm>
#include <array>
#include <iterator>

namespace mailint::validate {

namespace {

// Why not the full Public Suffix List: it has about 10,000 rules (7,400 ICANN ones), changes
// every week, and a copy frozen into a release goes stale silently. The only decision made here
// is "did the administrator give the registered domain or a subdomain of it", which a small list
// of the multi-label suffixes people actually register under answers, plus the heuristic below.
// Every entry was checked against the ICANN section of publicsuffix.org's list. Not covered: the
// list's wildcard and three-label rules (*.sch.uk, *.kawasaki.jp), where nobody runs Exchange
// for a whole registrable domain anyway.
constexpr std::string_view multi_label_suffixes[] = {
    "ac.at", "ac.id", "ac.il", "ac.in", "ac.jp", "ac.kr", "ac.nz", "ac.th",
    "ac.uk", "ac.za", "ad.jp", "asn.au", "asso.fr", "co.at", "co.id", "co.il",
    "co.in", "co.jp", "co.ke", "co.kr", "co.nz", "co.th", "co.uk", "co.za",
    "com.ar", "com.au", "com.br", "com.cn", "com.co", "com.eg", "com.es", "com.fr",
    "com.hk", "com.mx", "com.my", "com.ng", "com.pe", "com.ph", "com.pk", "com.pl",
    "com.pt", "com.sa", "com.sg", "com.tr", "com.tw", "com.ua", "com.ve", "com.vn",
    "ed.jp", "edu.au", "edu.br", "edu.cn", "edu.hk", "edu.mx", "edu.sg", "edu.tr",
    "firm.in", "geek.nz", "gen.in", "go.id", "go.jp", "go.kr", "gob.es", "gob.mx",
    "gouv.fr", "gov.au", "gov.br", "gov.cn", "gov.hk", "gov.il", "gov.in", "gov.sg",
    "gov.tr", "gov.uk", "gov.za", "govt.nz", "gr.jp", "gv.at", "id.au", "in.th",
    "ind.in", "lg.jp", "ltd.uk", "me.uk", "ne.jp", "ne.kr", "net.au", "net.br",
    "net.cn", "net.hk", "net.il", "net.in", "net.mx", "net.nz", "net.sg", "net.tr",
    "net.uk", "net.za", "nhs.uk", "nom.es", "nom.fr", "or.at", "or.id", "or.jp",
    "or.kr", "org.ar", "org.au", "org.br", "org.cn", "org.es", "org.hk", "org.il",
    "org.in", "org.mx", "org.nz", "org.sg", "org.tr", "org.uk", "org.za", "plc.uk",
    "police.uk", "school.nz",
};
static_assert(std::is_sorted(std::begin(multi_label_suffixes), std::end(multi_label_suffixes)) &&
                  std::adjacent_find(std::begin(multi_label_suffixes),
                                     std::end(multi_label_suffixes)) == std::end(multi_label_suffixes),
              "keep the suffix list sorted and unique: lookups are binary searches");

// Second-level labels that country registries reserve as public categories. Under a two-letter
// (country-code) top-level domain they are treated as a public suffix even when not listed above,
// so an administrator of contoso.com.bd or contoso.org.gh is not told that their registered
// domain is "third level". The cost of the rule is the opposite mistake in rare cases (a
// subdomain of someone who registered "co.de" itself passes unreported), which is the cheaper
// mistake: it loses one check instead of blocking a legitimate domain.
constexpr std::array<std::string_view, 11> country_categories = {
    "ac", "co", "com", "edu", "gob", "gouv", "gov", "govt", "mil", "net", "org"};

bool listed(std::string_view suffix) {
    return std::binary_search(std::begin(multi_label_suffixes), std::end(multi_label_suffixes),
                              suffix);
}

bool is_country_code(std::string_view label) {
    return label.size() == 2 && label[0] >= 'a' && label[0] <= 'z' && label[1] >= 'a' &&
           label[1] <= 'z';
}

bool is_country_category(std::string_view label) {
    return std::find(country_categories.begin(), country_categories.end(), label) !=
           country_categories.end();
}

}  // namespace

std::string_view public_suffix_of(std::string_view name) {
    auto last_dot = name.rfind('.');
    if (last_dot == std::string_view::npos) return name;
    std::string_view tld = name.substr(last_dot + 1);
    if (last_dot == 0) return tld;  // ".com": not a normalised name; keep the answer harmless
    auto second_dot = name.rfind('.', last_dot - 1);
    std::size_t start = second_dot == std::string_view::npos ? 0 : second_dot + 1;
    std::string_view two = name.substr(start);
    std::string_view second = name.substr(start, last_dot - start);
    if (listed(two) || (is_country_code(tld) && is_country_category(second))) return two;
    return tld;
}

std::optional<std::string_view> registrable_domain(std::string_view name) {
    std::string_view suffix = public_suffix_of(name);
    if (suffix.size() == name.size()) return std::nullopt;
    // name = "<labels>.<suffix>": keep the label just before the suffix.
    std::size_t dot_before_suffix = name.size() - suffix.size() - 1;
    if (dot_before_suffix == 0) return std::nullopt;  // ".co.uk": nothing before the suffix
    auto start = name.rfind('.', dot_before_suffix - 1);
    return name.substr(start == std::string_view::npos ? 0 : start + 1);
}

}  // namespace mailint::validate
