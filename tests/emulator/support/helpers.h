#pragma once
// Shorthands for building InvokeCommand parameters and reading answers.
#include "support/emulator_process.h"
#include "support/pfx_factory.h"

#include <string>
#include <vector>

namespace emutest {

inline json secure_string(const std::string& plaintext)
{
    return {{"@odata.type", "#Exchange.SecureStringType"},
            {"Data", base64(std::vector<unsigned char>(plaintext.begin(), plaintext.end()))}};
}

inline json byte_array(const std::vector<unsigned char>& bytes)
{
    return {{"@odata.type", "#Exchange.ByteArrayType"}, {"Data", base64(bytes)}};
}

// The organization "First Organization" in GET /control/state.
inline json org_state(const emulator_process& emulator)
{
    return emulator.get("/control/state").document.at("exchangeOnPrem").at("First Organization");
}

inline json value_of(const http_reply& reply) { return reply.document.at("value"); }

inline json warnings_of(const http_reply& reply) { return reply.document.at("@adminapi.warnings"); }

} // namespace emutest
