#pragma once
// The process transport (ARCHITECTURE §3): programs no cmdlet wraps (Exchange's setup.com,
// Essentials' ARRConfig) started with an argument array, never through a shell, so no argument is
// ever parsed as command text. A command is the program's full path and:
//
//   {"ArgumentList": ["/mode:install", …], "StandardInput"?: {"$secret": name},
//    "WorkingDirectory"?: path, "SuccessExitCodes"?: [0, 3010]}
//
// A secret is written to the program's standard input (ARRConfig asks for the certificate's
// password there), never put on its command line, which every user of the computer can read.
// The answer is one object {"ExitCode", "Output"} (the last 64 KiB of standard output and error,
// with every stored secret redacted); an exit code outside SuccessExitCodes (default [0]) is a
// failure naming it and the output's last lines.
#include "secret/secret_store.h"
#include "transport/host_session.h"

namespace mailint {

class process_session final : public host_session {
public:
    explicit process_session(const secret_store &secrets) : secrets_(secrets) {}
    host_result invoke(const host_command &command) override;

private:
    const secret_store &secrets_;
};

}  // namespace mailint
