#include "blueprint/m365_device_wipe.h"

#include "core/error.h"
#include "core/random_id.h"
#include "exchange_online/exo_values.h"
#include "plan/step_builder.h"
#include "validate/message_text.h"

namespace mailint::m365_wipe {

namespace {

using nlohmann::json;
using exchange_online::text_of;

std::vector<std::string> texts(const json &p, const char *name, diagnostics &d) {
    std::vector<std::string> out;
    auto it = p.find(name);
    if (it == p.end() || it->is_null()) return out;
    if (!it->is_array()) {
        d.error("m365.wipe.parameter.invalid", name, std::string(name) + " must be a list.");
        return out;
    }
    for (const auto &v : *it)
        if (v.is_string() && !v.get<std::string>().empty()) out.push_back(v.get<std::string>());
    return out;
}

}  // namespace

diagnostics parse_request(const json &parameters, request &out) {
    diagnostics d;
    for (const auto &[name, value] : parameters.items())
        if (name != "Identity" && name != "Mailbox" && name != "NotificationEmailAddresses")
            d.error("m365.wipe.parameter.unknown", name, "Unknown parameter '" + name + "'.");
    out.devices = texts(parameters, "Identity", d);
    if (auto m = parameters.find("Mailbox"); m != parameters.end() && m->is_string()) out.mailbox = m->get<std::string>();
    if (out.devices.empty() && out.mailbox.empty())
        d.error("m365.wipe.target_missing", "Identity", "Name the devices to wipe (-Identity, see Get-MobileDevice) or -Mailbox for all of a mailbox's.");
    if (!out.devices.empty() && !out.mailbox.empty())
        d.error("m365.wipe.target_conflict", "Mailbox", "Give -Identity or -Mailbox, not both.");
    out.notify = texts(parameters, "NotificationEmailAddresses", d);
    for (const auto &a : out.notify)
        if (a.find('@') == std::string::npos || a.find_first_of(" \t,;<>\"") != std::string::npos)
            d.error("m365.wipe.notify_malformed", "NotificationEmailAddresses", validate::quote_input(a) + " is not an email address.");
    return d;
}

plan build_plan(const request &r, exchange_online::exo_client &client, const progress_fn &progress) {
    plan p;
    p.scenario = kScenario;
    p.plan_id = random_id();
    if (progress) progress("Planning", "Reading the mobile devices", 0);
    std::vector<json> devices;
    if (!r.mailbox.empty()) {
        devices = client.invoke({"Get-MobileDevice", {{"Mailbox", r.mailbox}}}).objects;
        p.reads.push_back({"exchange", "Get-MobileDevice", devices.size()});
    } else {
        for (const auto &id : r.devices) {
            try {
                auto found = client.invoke({"Get-MobileDevice", {{"Identity", id}}}).objects;
                p.reads.push_back({"exchange", "Get-MobileDevice", found.size()});
                for (auto &d : found) devices.push_back(std::move(d));
            } catch (const error &e) {
                if (e.code() != errc::not_found) throw;
                throw error(errc::failed_precondition, "m365.wipe.device_not_found",
                            "Exchange Online has no mobile device '" + id + "': list them with Get-MobileDevice -Mailbox <user>.");
            }
        }
    }
    for (const auto &d : devices) {
        const std::string identity = text_of(d, "Identity");
        const std::string label = identity + " (" + text_of(d, "DeviceModel") + ", " + text_of(d, "UserDisplayName") + ")";
        if (text_of(d, "Status") == "DeviceWipePending" || text_of(d, "Status") == "DeviceWipeSucceeded") {
            append_step(p, {"noop", "MobileDevice", identity, "The device " + label + " is already being wiped", "", std::nullopt, "exchange"});
            continue;
        }
        json parameters = {{"Identity", identity}};
        if (!r.notify.empty()) parameters["NotificationEmailAddresses"] = r.notify;
        auto &s = append_step(p, {"update", "MobileDevice", identity, "Wipe the device " + label + " when it next connects", "Wipe",
                                  host_command{"Clear-MobileDevice", parameters}, "exchange"});
        s.risk = "high";
        s.changes.push_back({"Status", d.value("Status", json(nullptr)), "DeviceWipePending"});
        s.notes.push_back("every piece of data on the device is erased");
    }
    if (devices.empty())
        append_step(p, {"noop", "MobileDevice", r.mailbox, "The mailbox has no mobile device", "", std::nullopt, "exchange"});
    if (progress) progress("Planning", "Done", 100);
    return p;
}

}  // namespace mailint::m365_wipe
