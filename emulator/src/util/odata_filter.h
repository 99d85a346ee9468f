#pragma once
// The part of OData's $filter grammar that Graph's directory objects and Dataverse tables are
// queried with: comparisons (eq ne gt ge lt le) of a property with a literal, startswith /
// endswith / contains, and / or / not and parentheses. Each service then says which properties
// and functions it supports, so an unsupported clause is a 400 and never silently ignored.
#include "util/json.h"

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace emulator::odata {

struct filter_node {
    enum class kind { all_of, any_of, negation, comparison, function };
    kind type = kind::comparison;
    std::string op;        // comparison: eq, ne, gt, ge, lt, le; function: startswith, endswith, contains
    std::string property;  // the left operand (a property name or path, as written)
    json literal;          // the right operand: string, number, bool or null
    bool guid_literal = false;  // a bare GUID (Dataverse's Edm.Guid literal), kept as its text
    std::vector<filter_node> children;  // all_of, any_of, negation
};

struct filter_syntax_error {
    std::string message;
};

// Parses a $filter expression. Keywords are lower-case as OData requires.
std::variant<filter_node, filter_syntax_error> parse_filter(std::string_view text);

// Every comparison and function node, depth first, so a service can vet them before evaluating.
template <class F>
void for_each_leaf(const filter_node& node, F&& visit)
{
    if (node.type == filter_node::kind::comparison || node.type == filter_node::kind::function) {
        visit(node);
        return;
    }
    for (const auto& child : node.children)
        for_each_leaf(child, visit);
}

// Evaluates against one object: the property's value is `row[property]` (missing = null). Strings
// compare without regard to case, as both services' default collations do.
bool matches(const filter_node& node, const json& row);

} // namespace emulator::odata
