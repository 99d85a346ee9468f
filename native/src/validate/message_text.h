#pragma once
// How a diagnostic repeats what the user typed. Messages are one line and end up in PowerShell
// error records and logs, so the echo must not carry control characters or a megabyte of input.
#include <string>
#include <string_view>

namespace mailint::validate {

// The text in single quotes, control characters shown as '?', cut to 80 bytes with "..." when
// longer (never in the middle of a UTF-8 sequence).
std::string quote_input(std::string_view text);

}  // namespace mailint::validate
