#include "transport/host_session.h"

#include "core/error.h"

namespace mailint {

nlohmann::json host_command::to_json() const {
    return {{"schemaVersion", 1}, {"command", name}, {"parameters", parameters}};
}

bool host_command::is_read() const {
    return name.rfind("Get-", 0) == 0 || name.rfind("Test-", 0) == 0;
}

host_result callback_host_session::invoke(const host_command &command) {
    if (!invoker_)
        throw error(errc::failed_precondition, "transport.host.not_connected",
                    "No host session: the caller did not provide one to run " + command.name + ".");
    return parse_host_reply(invoker_(command.to_json().dump()));
}

host_result parse_host_reply(const std::string &reply_json) {
    auto doc = nlohmann::json::parse(reply_json, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        throw error(errc::internal, "transport.host.malformed_reply",
                    "The host session answered with a document that is not a JSON object.");
    host_result result;
    if (auto w = doc.find("warnings"); w != doc.end() && w->is_array())
        for (const auto &item : *w)
            if (item.is_string()) result.warnings.push_back(item.get<std::string>());
    if (auto e = doc.find("error"); e != doc.end() && e->is_object()) {
        host_failure f;
        f.type = e->value("type", "");
        f.category = e->value("category", "NotSpecified");
        f.message = e->value("message", "");
        result.failure = std::move(f);
        return result;
    }
    if (auto o = doc.find("objects"); o != doc.end() && o->is_array())
        for (auto &item : *o) result.objects.push_back(std::move(item));
    return result;
}

host_result failure_result(const error &e) {
    host_result r;
    r.failure = host_failure{"", "", e.what(), e.id(), e.code()};
    return r;
}

std::string required_text(const nlohmann::json &p, const char *name) {
    auto it = p.find(name);
    if (it == p.end() || !it->is_string() || it->get<std::string>().empty())
        throw error(errc::internal, "plan.command.parameter_missing", std::string("The command lacks ") + name + ".");
    return it->get<std::string>();
}

}  // namespace mailint
