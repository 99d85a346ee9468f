#include "exchange_online/invoke_command.h"

#include "exchange/cmdlet_error.h"
#include "exchange/envelope.h"
#include "exchange_online/cmdlet_registry.h"

#include <algorithm>
#include <chrono>

namespace emulator::exchange_online {
namespace {

using exchange::cmdlet_error;

invoke_outcome failure(invoke_outcome outcome, const cmdlet_error& error)
{
    outcome.status = error.status();
    outcome.body = exchange::error_envelope(error.status(), error.exception_class(), error.what());
    outcome.exception_type = exchange::short_class_name(error.exception_class());
    return outcome;
}

double now_seconds()
{
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

[[noreturn]] void throw_bad_link(const std::string& why)
{
    throw cmdlet_error(400, exchange::exception_class::bad_request, why);
}

// Where this page starts: the position a valid nextLink carries, checked against the request.
void resume(page_cursor& cursor, const tenant_runtime& runtime, const invoke_request& request,
            const std::string& digest, bool write)
{
    page_position position;
    switch (runtime.signer.verify(*request.skip_token, now_seconds(), position)) {
    case token_problem::invalid:
        throw_bad_link("The continuation link is not valid. Run the cmdlet again without it.");
    case token_problem::expired:
        throw_bad_link("The continuation link has expired. Run the cmdlet again without it.");
    case token_problem::none:
        break;
    }
    // A link continues one request: the same tenant, cmdlet and parameters (the module POSTs the
    // same body to it).
    if (write || position.tenant_id != request.tenant_id || position.request_digest != digest)
        throw_bad_link("The continuation link does not belong to this request. POST the same body to it.");
    cursor.start = position.next;
    cursor.returned_before = position.returned;
}

json slice(const json& all, page_cursor& cursor)
{
    const std::size_t start = std::min(cursor.start, all.size());
    const std::size_t end = std::min(all.size(), start + cursor.page_size);
    json page = json::array();
    for (std::size_t i = start; i < end; ++i)
        page.push_back(all[i]);
    if (end < all.size())
        cursor.next = end;
    return page;
}

// Everything but the recipients, which are too many to copy for every write (they change through
// recipient_change instead).
json configuration_copy(const json& tenant)
{
    json copy = json::object();
    for (const auto& [key, value] : tenant.items())
        if (key != "mailboxes" && key != "casMailboxes")
            copy[key] = value;
    return copy;
}

} // namespace

invoke_outcome invoke_command(json& tenant, tenant_runtime& runtime, const invoke_request& request)
{
    invoke_outcome outcome;
    exchange::cmdlet_input input;
    try {
        input = exchange::parse_cmdlet_input(request.body);
    } catch (const cmdlet_error& error) {
        return failure(std::move(outcome), error);
    }
    const cmdlet_spec* spec = find_cmdlet(input.name);
    outcome.cmdlet = spec ? std::string(spec->name) : input.name;
    outcome.write = !exchange::is_read_cmdlet(outcome.cmdlet);
    outcome.logged_parameters = exchange::redact_parameters(
        spec ? std::span<const exchange::param_spec>(spec->params) : std::span<const exchange::param_spec>(),
        input.parameters);
    if (!spec) {
        // The service does not say "no such cmdlet": its RBAC layer finds no role granting it.
        outcome.status = 403;
        outcome.forbidden_reason = "The cmdlet '" + outcome.cmdlet +
                                   "' is not available to the caller: no management role assigned to it includes "
                                   "that cmdlet.";
        return outcome;
    }
    try {
        const exchange::bound_parameters params = exchange::bind_parameters(spec->params, input.parameters);
        page_cursor cursor;
        cursor.page_size = request.page_size;
        const std::string digest = request_digest(outcome.cmdlet, dump_json(input.parameters));
        if (request.skip_token)
            resume(cursor, runtime, request, digest, outcome.write);

        // Reads see the tenant as it is; writes run on a copy that replaces it only on success, so
        // a cmdlet that fails half-way leaves nothing behind, and -WhatIf throws the copy away.
        json working = outcome.write ? configuration_copy(tenant) : json();
        json& configuration = outcome.write ? working : tenant;
        recipient_directory recipients(tenant["mailboxes"], tenant["casMailboxes"], runtime.index);
        std::vector<std::string> warnings;
        cmdlet_context context{request.tenant_id, configuration, recipients, params, warnings, cursor,
                               runtime.replicated, runtime.state, {}, {}};
        json value = spec->handler(context);
        if (!value.is_array())
            value = json::array({value});
        if (!outcome.write && !cursor.paged_by_handler)
            value = slice(value, cursor);
        if (outcome.write && !params.switch_on("WhatIf")) {
            for (auto& [key, collection] : working.items())
                tenant[key] = std::move(collection);
            for (auto& change : context.recipient_changes)
                recipients.replace(change.position, std::move(change.mailbox), std::move(change.cas_mailbox));
            for (const auto& object : context.created)
                runtime.replicated.created(request.tenant_id, object.kind, object.name, runtime.config.replication_delay);
        }
        const std::string service_root = std::string(request.base) + "/adminapi/beta/" + std::string(request.tenant_id);
        outcome.body = exchange::success_envelope(value, warnings);
        outcome.body["@odata.context"] = service_root + "/$metadata#Collection(Exchange.GenericHashTable)";
        if (cursor.next) {
            const std::string token = runtime.signer.issue(
                {std::string(request.tenant_id), digest, *cursor.next, cursor.returned_before + value.size(),
                 now_seconds() + runtime.config.next_link_lifetime});
            outcome.body["@odata.nextLink"] = service_root + "/InvokeCommand?$skiptoken=" + token;
        }
        return outcome;
    } catch (const cmdlet_error& error) {
        return failure(std::move(outcome), error);
    }
}

} // namespace emulator::exchange_online
