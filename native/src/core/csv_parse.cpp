#include "core/csv_parse.h"

#include <algorithm>
#include <cctype>

namespace mailint {

std::optional<std::size_t> csv_table::column(std::string_view name) const {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i].size() == name.size() &&
            std::equal(name.begin(), name.end(), header[i].begin(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
            }))
            return i;
    return std::nullopt;
}

std::optional<csv_table> parse_csv(std::string_view text, csv_problem &error) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::vector<csv_row> rows;
    csv_row row;
    std::string field;
    std::size_t line = 1;
    row.line = 1;
    bool quoted = false, after_quote = false, any = false;
    const auto end_field = [&] {
        row.fields.push_back(std::move(field));
        field.clear();
        after_quote = false;
        any = true;
    };
    const auto end_row = [&] {
        end_field();
        // A line with one empty field is a blank line, not a row.
        if (!(row.fields.size() == 1 && row.fields[0].empty())) rows.push_back(std::move(row));
        row = csv_row{};
        any = false;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                    after_quote = true;
                }
            } else {
                if (c == '\n') ++line;
                field += c;
            }
            continue;
        }
        if (c == '"') {
            if (!field.empty() || after_quote) {
                error = {line, "a quote inside an unquoted field; quote the whole field and double the quote"};
                return std::nullopt;
            }
            quoted = true;
        } else if (c == ',') {
            end_field();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            // CRLF: the LF ends the row.
        } else if (c == '\n') {
            end_row();
            ++line;
            row.line = line;
        } else {
            if (after_quote) {
                error = {line, "text after a closing quote; a quoted field ends at its comma"};
                return std::nullopt;
            }
            field += c;
        }
    }
    if (quoted) {
        error = {row.line, "a quoted field is not closed"};
        return std::nullopt;
    }
    if (any || !field.empty()) end_row();
    if (rows.empty()) {
        error = {1, "the file has no header row"};
        return std::nullopt;
    }
    csv_table t;
    t.header = std::move(rows.front().fields);
    for (auto &h : t.header) {
        while (!h.empty() && std::isspace(static_cast<unsigned char>(h.back()))) h.pop_back();
        while (!h.empty() && std::isspace(static_cast<unsigned char>(h.front()))) h.erase(h.begin());
    }
    t.rows.assign(std::make_move_iterator(rows.begin() + 1), std::make_move_iterator(rows.end()));
    return t;
}

}  // namespace mailint
