#include "util/odata_filter.h"

#include "util/guid.h"
#include "util/text.h"

#include <cctype>

namespace emulator::odata {
namespace {

struct token {
    enum class kind { word, string, number, open, close, comma, end };
    kind type = kind::end;
    std::string text;
};

bool is_word_char(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '/' || c == '.' || c == '@' || c == '-';
}

class parser {
public:
    explicit parser(std::string_view text) : text_(text) { advance(); }

    filter_node parse()
    {
        filter_node node = parse_or();
        if (current_.type != token::kind::end)
            fail("unexpected '" + current_.text + "'");
        return node;
    }

private:
    [[noreturn]] void fail(const std::string& message) { throw filter_syntax_error{message}; }

    void advance()
    {
        while (pos_ < text_.size() && text_[pos_] == ' ')
            ++pos_;
        if (pos_ >= text_.size()) {
            current_ = {token::kind::end, ""};
            return;
        }
        const char c = text_[pos_];
        if (c == '(' || c == ')' || c == ',') {
            current_ = {c == '(' ? token::kind::open : c == ')' ? token::kind::close : token::kind::comma,
                        std::string(1, c)};
            ++pos_;
            return;
        }
        if (c == '\'') {
            std::string value;
            ++pos_;
            for (;;) {
                if (pos_ >= text_.size())
                    fail("unterminated string literal");
                if (text_[pos_] == '\'') {
                    // '' inside a literal is one quote (OData ABNF SQUOTE-in-string).
                    if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '\'') {
                        value.push_back('\'');
                        pos_ += 2;
                        continue;
                    }
                    ++pos_;
                    break;
                }
                value.push_back(text_[pos_++]);
            }
            current_ = {token::kind::string, value};
            return;
        }
        if (is_word_char(c)) {
            const auto start = pos_;
            while (pos_ < text_.size() && is_word_char(text_[pos_]))
                ++pos_;
            std::string word(text_.substr(start, pos_ - start));
            const bool numeric = !word.empty() && (std::isdigit(static_cast<unsigned char>(word[0])) || word[0] == '-') &&
                                 !is_guid(word) &&
                                 word.find_first_not_of("0123456789.-") == std::string::npos;
            current_ = {numeric ? token::kind::number : token::kind::word, word};
            return;
        }
        fail(std::string("unexpected character '") + c + "'");
    }

    bool at_word(std::string_view word) const { return current_.type == token::kind::word && current_.text == word; }

    filter_node parse_or()
    {
        filter_node left = parse_and();
        if (!at_word("or"))
            return left;
        filter_node node{filter_node::kind::any_of, {}, {}, nullptr, false, {std::move(left)}};
        while (at_word("or")) {
            advance();
            node.children.push_back(parse_and());
        }
        return node;
    }

    filter_node parse_and()
    {
        filter_node left = parse_unary();
        if (!at_word("and"))
            return left;
        filter_node node{filter_node::kind::all_of, {}, {}, nullptr, false, {std::move(left)}};
        while (at_word("and")) {
            advance();
            node.children.push_back(parse_unary());
        }
        return node;
    }

    filter_node parse_unary()
    {
        if (at_word("not")) {
            advance();
            return filter_node{filter_node::kind::negation, {}, {}, nullptr, false, {parse_unary()}};
        }
        if (current_.type == token::kind::open) {
            advance();
            filter_node inner = parse_or();
            expect(token::kind::close, "')'");
            return inner;
        }
        if (current_.type != token::kind::word)
            fail("expected a property name, found '" + current_.text + "'");
        std::string name = current_.text;
        advance();
        if (current_.type == token::kind::open) {
            advance();
            if (current_.type != token::kind::word)
                fail("expected a property name as the first argument of " + name);
            filter_node node{filter_node::kind::function, name, current_.text, nullptr, false, {}};
            advance();
            expect(token::kind::comma, "','");
            read_literal(node);
            expect(token::kind::close, "')'");
            return node;
        }
        if (current_.type != token::kind::word)
            fail("expected an operator after '" + name + "'");
        const std::string op = current_.text;
        if (op != "eq" && op != "ne" && op != "gt" && op != "ge" && op != "lt" && op != "le")
            fail("unknown operator '" + op + "'");
        advance();
        filter_node node{filter_node::kind::comparison, op, name, nullptr, false, {}};
        read_literal(node);
        return node;
    }

    void read_literal(filter_node& node)
    {
        if (current_.type == token::kind::string) {
            node.literal = current_.text;
        } else if (current_.type == token::kind::number) {
            try {
                node.literal = current_.text.find('.') == std::string::npos ? json(std::stoll(current_.text))
                                                                          : json(std::stod(current_.text));
            } catch (const std::exception&) {
                fail("'" + current_.text + "' is not a number");
            }
        } else if (at_word("true") || at_word("false")) {
            node.literal = current_.text == "true";
        } else if (at_word("null")) {
            node.literal = nullptr;
        } else if (current_.type == token::kind::word && is_guid(current_.text)) {
            node.literal = to_lower(current_.text);
            node.guid_literal = true;
        } else {
            fail("expected a literal, found '" + current_.text + "'");
        }
        advance();
    }

    void expect(token::kind kind, const char* what)
    {
        if (current_.type != kind)
            fail(std::string("expected ") + what + ", found '" + current_.text + "'");
        advance();
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    token current_;
};

json value_of(const json& row, const std::string& property)
{
    const auto found = row.find(property);
    return found == row.end() ? json(nullptr) : *found;
}

int compare_values(const json& value, const json& literal, bool& comparable)
{
    comparable = true;
    if (value.is_number() && literal.is_number()) {
        const double a = value.get<double>();
        const double b = literal.get<double>();
        return a < b ? -1 : a > b ? 1 : 0;
    }
    if (value.is_string() && literal.is_string()) {
        const std::string a = to_lower(value.get<std::string>());
        const std::string b = to_lower(literal.get<std::string>());
        return a.compare(b) < 0 ? -1 : a.compare(b) > 0 ? 1 : 0;
    }
    if (value.is_boolean() && literal.is_boolean())
        return value.get<bool>() == literal.get<bool>() ? 0 : 1;
    if (value.is_null() && literal.is_null())
        return 0;
    comparable = false;
    return 1;
}

} // namespace

std::variant<filter_node, filter_syntax_error> parse_filter(std::string_view text)
{
    try {
        parser p(text);
        return p.parse();
    } catch (const filter_syntax_error& error) {
        return error;
    }
}

bool matches(const filter_node& node, const json& row)
{
    switch (node.type) {
    case filter_node::kind::all_of:
        for (const auto& child : node.children)
            if (!matches(child, row))
                return false;
        return true;
    case filter_node::kind::any_of:
        for (const auto& child : node.children)
            if (matches(child, row))
                return true;
        return false;
    case filter_node::kind::negation:
        return !matches(node.children.at(0), row);
    case filter_node::kind::function: {
        const json value = value_of(row, node.property);
        if (!value.is_string() || !node.literal.is_string())
            return false;
        const std::string haystack = to_lower(value.get<std::string>());
        const std::string needle = to_lower(node.literal.get<std::string>());
        if (node.op == "startswith")
            return haystack.starts_with(needle);
        if (node.op == "endswith")
            return haystack.ends_with(needle);
        return haystack.find(needle) != std::string::npos;
    }
    case filter_node::kind::comparison: {
        bool comparable = false;
        const int order = compare_values(value_of(row, node.property), node.literal, comparable);
        if (node.op == "eq")
            return comparable && order == 0;
        if (node.op == "ne")
            return !comparable || order != 0;
        if (!comparable)
            return false;
        if (node.op == "gt")
            return order > 0;
        if (node.op == "ge")
            return order >= 0;
        if (node.op == "lt")
            return order < 0;
        return order <= 0;
    }
    }
    return false;
}

} // namespace emulator::odata
