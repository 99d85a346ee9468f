#pragma once
// Query strings and path segments for OData services (Microsoft Graph, Dataverse). Values go
// into URLs percent-encoded, and string literals inside $filter have their quotes doubled as
// OData requires (a UPN such as o'neil@contoso.com is a legal address), so a value can neither
// end the literal early nor smuggle another query option in.
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mailint::graph {

// `value` as an OData string literal: 'o''neil@contoso.com'.
std::string odata_literal(std::string_view value);

// "<property> eq '<value>'" with the literal escaped.
std::string filter_eq(std::string_view property, std::string_view value);

// Every byte except RFC 3986 unreserved characters escaped (space as %20, never '+', which
// Graph would read as a plus sign in a UPN). ',' is kept in query values: it separates $select
// names and is a sub-delimiter, so servers read it the same either way.
std::string encode_query_value(std::string_view value);
// One path segment ("o'neil@contoso.com" → "o%27neil%40contoso.com"): '/', '?', '#' and '%'
// can never change which resource is addressed.
std::string encode_path_segment(std::string_view segment);

// Query options in the order given. Names are sent as written ("$filter"); values are raw text,
// encoded by str().
class query {
public:
    query() = default;

    query &select(std::initializer_list<std::string_view> properties);
    query &select(const std::vector<std::string> &properties);
    query &filter(std::string expression);
    query &top(int count);
    query &set(std::string name, std::string value);

    bool empty() const { return options_.empty(); }
    const std::vector<std::pair<std::string, std::string>> &options() const { return options_; }
    // "" when empty, else "?$select=id%2CappId…" with values encoded.
    std::string str() const;

private:
    std::vector<std::pair<std::string, std::string>> options_;
};

}  // namespace mailint::graph
