#include "transport/windows_command_line.h"

namespace mailint {

std::string quote_windows_argument(const std::string &argument) {
    if (!argument.empty() && argument.find_first_of(" \t\n\v\"") == std::string::npos) return argument;
    std::string out = "\"";
    std::size_t backslashes = 0;
    for (const char c : argument) {
        if (c == '\\') {
            ++backslashes;
            continue;
        }
        if (c == '"') {
            out.append(backslashes * 2 + 1, '\\');  // each backslash doubled, then the quote escaped
        } else {
            out.append(backslashes, '\\');
        }
        backslashes = 0;
        out += c;
    }
    out.append(backslashes * 2, '\\');  // before the closing quote, backslashes are doubled
    out += '"';
    return out;
}

std::string windows_command_line(const std::string &program, const std::vector<std::string> &arguments) {
    std::string line = program.find_first_of(" \t") == std::string::npos ? program : "\"" + program + "\"";
    for (const auto &a : arguments) line += " " + quote_windows_argument(a);
    return line;
}

}  // namespace mailint
