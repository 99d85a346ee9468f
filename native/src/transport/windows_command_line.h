#pragma once
// The command line Windows builds from a program and its arguments, quoted so that the program's
// own parser (CommandLineToArgvW and the C runtime's, which setup.com and ARRConfig use) gives back
// exactly those arguments. The process transport starts programs with it on Windows, and -WhatIf
// prints it on every platform: what the administrator reads is what runs.
#include <string>
#include <vector>

namespace mailint {

// One argument, quoted only when it must be: "" for an empty one; spaces, tabs and quotes wrapped
// in quotes, with the backslashes before a quote (and at the end) doubled.
std::string quote_windows_argument(const std::string &argument);

// The program (quoted when it has spaces: argv[0] knows no escapes) and every argument.
std::string windows_command_line(const std::string &program, const std::vector<std::string> &arguments);

}  // namespace mailint
