// mailint_profile_save / mailint_profile_list: Connect-MailIntegration's saved connections (seed
// M2). Local files only; a profile never holds a secret (cloud/connection_profile.h).
#include "cloud/connection_profile.h"
#include "error_state.h"
#include "session.h"

using namespace mailint;
using nlohmann::json;

namespace {

json options_of(const char *options_json, size_t len, const char *who) {
    auto options = cabi::parse_document(options_json, len);
    if (options.value("schemaVersion", 0) != 1)
        throw error(errc::version, "request.schema_version", std::string(who) + ": the options' schemaVersion is not 1.");
    return options;
}

std::string text(const json &o, const char *name) {
    auto it = o.find(name);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

extern "C" {

MAILINT_EXTERN(int) mailint_profile_save(mailint_session *session, const char *options_json, size_t len) {
    return cabi::guard([&] {
        if (!session) throw error(errc::misuse, "abi.null_argument", "mailint_profile_save: session is NULL.");
        auto options = options_of(options_json, len, "mailint_profile_save");
        auto profile = options.find("profile");
        if (profile == options.end() || !profile->is_object())
            throw error(errc::invalid_argument, "connection.profile.malformed", "mailint_profile_save: \"profile\" is not an object.");
        cloud::save_profile(text(options, "stateDirectory"), text(options, "name"), *profile);
        return MAILINT_OK;
    });
}

MAILINT_EXTERN(int) mailint_profile_list(mailint_session *session, const char *options_json, size_t len, mailint_buf *out) {
    return cabi::guard([&] {
        if (!session || !out) throw error(errc::misuse, "abi.null_argument", "mailint_profile_list: a required argument is NULL.");
        *out = MAILINT_BUF_INIT;
        auto options = options_of(options_json, len, "mailint_profile_list");
        json profiles = json::array();
        if (const auto name = text(options, "name"); !name.empty()) {
            auto one = cloud::load_profile(text(options, "stateDirectory"), name);
            if (!one)
                throw error(errc::not_found, "connection.profile.not_found",
                            "There is no saved connection '" + name + "': save one with Connect-MailIntegration … -SaveProfile " + name + ".");
            profiles.push_back(std::move(*one));
        } else {
            for (auto &p : cloud::list_profiles(text(options, "stateDirectory"))) profiles.push_back(std::move(p));
        }
        cabi::fill_buf(out, json{{"schemaVersion", 1}, {"profiles", profiles}}.dump());
        return MAILINT_OK;
    });
}

}  // extern "C"
