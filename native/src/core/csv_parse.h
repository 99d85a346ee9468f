#pragma once
// Reading CSV as administrators export it (RFC 4180; Excel and Export-Csv): a header row, fields
// optionally quoted with "" for a quote inside, CRLF or LF line ends, a UTF-8 byte order mark
// ignored, an empty last line allowed. A quoted field may span lines; the line numbers given are
// those of the row's first line, so a message can point at the file as the administrator sees it.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailint {

struct csv_row {
    std::size_t line = 0;  // 1-based, of the row's first line
    std::vector<std::string> fields;
};

struct csv_table {
    std::vector<std::string> header;
    std::vector<csv_row> rows;  // blank lines are skipped

    // The column's index by name, case-insensitively, or nullopt.
    std::optional<std::size_t> column(std::string_view name) const;
};

struct csv_problem {
    std::size_t line = 0;
    std::string message;  // one English line: "a quoted field is not closed", …
};

// nullopt with the problem in `error` when the text is not CSV (an unclosed quote, text after a
// closing quote, no header).
std::optional<csv_table> parse_csv(std::string_view text, csv_problem &error);

}  // namespace mailint
