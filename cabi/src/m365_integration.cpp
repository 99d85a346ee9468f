// mailint_m365_integration_disable: Disable-M365Integration (seed M7). Local files only: it must
// work when Microsoft 365 cannot be reached, and it leaves the tenant as it is.
#include "blueprint/m365_accounts_record.h"
#include "cloud/connection_profile.h"
#include "error_state.h"
#include "session.h"

using namespace mailint;
using nlohmann::json;

extern "C" {

MAILINT_EXTERN(int) mailint_m365_integration_disable(mailint_session *session, const char *options_json, size_t len,
                                                     mailint_buf *out) {
    return cabi::guard([&] {
        if (!session || !out)
            throw error(errc::misuse, "abi.null_argument", "mailint_m365_integration_disable: a required argument is NULL.");
        *out = MAILINT_BUF_INIT;
        auto options = cabi::parse_document(options_json, len);
        if (options.value("schemaVersion", 0) != 1)
            throw error(errc::version, "request.schema_version", "The options' schemaVersion is not 1.");
        const auto text = [&](const char *name) {
            auto it = options.find(name);
            return it != options.end() && it->is_string() ? it->get<std::string>() : std::string();
        };
        json removed = json::array();
        for (const auto &path : m365_accounts::remove_link_records(text("stateDirectory"), text("tenantId"))) removed.push_back(path.string());
        // The saved connections are the integration's too: the server no longer signs in (M7).
        for (const auto &path : cloud::remove_profiles(text("stateDirectory"), text("tenantId"))) removed.push_back(path.string());
        cabi::fill_buf(out, json{{"schemaVersion", 1}, {"removed", removed}}.dump());
        return MAILINT_OK;
    });
}

}  // extern "C"
