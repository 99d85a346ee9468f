// mailint_exchange_invoke: Exchange Online cmdlets through a connection (Invoke-MailIntegrationExchangeCommand).
#include <regex>
#include <string>
#include <vector>

#include "connection.h"
#include "core/diagnostic.h"
#include "error_state.h"
#include "exchange_online/exo_client.h"
#include "session.h"

using namespace mailint;
using nlohmann::json;

namespace {

struct invoke_request {
    std::string name;
    bool batch = false;
    json parameters = json::object();
    std::vector<exchange_online::command> commands;
    exchange_online::invoke_options options;
    int workers = 0;  // 0: the connection's Exchange limit
};

int bounded(const json &doc, const char *name, int low, int high, const std::string &id, diagnostics &d) {
    auto it = doc.find(name);
    if (it == doc.end() || it->is_null()) return 0;
    if (!it->is_number_integer() || it->get<long long>() < low || it->get<long long>() > high) {
        d.error(id, name, std::string("'") + name + "' must be a whole number from " + std::to_string(low) + " to " +
                              std::to_string(high) + ".");
        return 0;
    }
    return static_cast<int>(it->get<long long>());
}

// Checked before anything is sent; every finding reported at once, as for the connection.
invoke_request parse_request(const json &doc) {
    if (!doc.is_object())
        throw error(errc::invalid_argument, "exchange.request.malformed", "The request is not a JSON object.");
    if (auto v = doc.find("schemaVersion"); v == doc.end() || !v->is_number_integer() || *v != 1)
        throw error(errc::version, "exchange.request.schema_version", "The request's schemaVersion must be 1.");
    diagnostics d;
    invoke_request r;
    // Verb-Noun only: the name goes into the service's envelope, never into a script, but a
    // malformed one is a caller's mistake worth naming before the round trip.
    static const std::regex cmdlet_name("^[A-Za-z]+-[A-Za-z0-9]+$");
    auto name = doc.find("name");
    if (name == doc.end() || !name->is_string() || !std::regex_match(name->get<std::string>(), cmdlet_name))
        d.error("exchange.request.name.invalid", "name", "'name' must be a cmdlet name such as \"Get-Mailbox\".");
    else
        r.name = name->get<std::string>();

    auto parameters = doc.find("parameters");
    auto batch = doc.find("batch");
    const bool has_parameters = parameters != doc.end() && !parameters->is_null();
    const bool has_batch = batch != doc.end() && !batch->is_null();
    if (has_parameters && has_batch)
        d.error("exchange.request.ambiguous", "batch", "Give either 'parameters' (one call) or 'batch' (many), not both.");
    if (has_parameters) {
        if (!parameters->is_object())
            d.error("exchange.request.parameters.invalid", "parameters", "'parameters' must be an object of name: value.");
        else
            r.parameters = *parameters;
    }
    if (has_batch) {
        r.batch = true;
        if (!batch->is_array()) {
            d.error("exchange.request.batch.invalid", "batch", "'batch' must be an array of parameter objects.");
        } else {
            for (std::size_t i = 0; i < batch->size(); ++i) {
                const auto &entry = (*batch)[i];
                if (!entry.is_object()) {
                    d.error("exchange.request.batch.invalid", "batch[" + std::to_string(i) + "]",
                            "Every 'batch' entry must be an object of name: value.");
                    continue;
                }
                r.commands.push_back({r.name, entry});
            }
        }
    }
    if (int page = bounded(doc, "pageSize", 1, 1000, "exchange.request.page_size.invalid", d)) r.options.page_size = page;
    r.workers = bounded(doc, "maxConcurrency", 1, 64, "exchange.request.max_concurrency.invalid", d);
    if (const auto *first = d.first_error())
        throw error(errc::invalid_argument, first->id, first->message, {{"diagnostics", d.to_json()}});
    return r;
}

json strings(const std::vector<std::string> &v) { return json(v); }

json result_json(const exchange_online::command_result &r) {
    return {{"objects", r.objects}, {"warnings", strings(r.warnings)}, {"errors", r.errors}};
}


}  // namespace

extern "C" {

MAILINT_EXTERN(int) mailint_exchange_invoke(mailint_connection *connection, const char *request_json, size_t len,
                                            mailint_buf *out) {
    return cabi::guard([&] {
        if (!connection || !out)
            throw error(errc::misuse, "abi.null_argument", "mailint_exchange_invoke: a required argument is NULL.");
        *out = MAILINT_BUF_INIT;
        auto request = parse_request(cabi::parse_document(request_json, len));
        auto &c = *connection;
        cabi::calling_thread_scope scope(c);
        exchange_online::exo_client client(c.cloud->exchange(), cabi::exchange_endpoint(c));
        json doc = {{"schemaVersion", 1}};
        try {
            if (!request.batch) {
                auto result = client.invoke({request.name, request.parameters}, request.options);
                doc.update(result_json(result));
            } else {
                // A token now, on this thread: if the sign-in needs renewing (device code), the
                // prompt can only be shown here, never from a worker.
                c.cloud->token_for(c.cloud->settings().environment.exchange_resource);
                const std::size_t total = request.commands.size();
                std::size_t done = 0;
                bool cancel = false;
                auto *session = c.session;
                const std::string activity = "Invoking " + request.name;
                auto on_done = [&](std::size_t) {
                    ++done;
                    if (!session->progress_cb) return;
                    const std::string status = std::to_string(done) + " of " + std::to_string(total);
                    mailint_progress info{1, activity.c_str(), status.c_str(), "",
                                          static_cast<int>(total ? done * 100 / total : 100)};
                    if (session->progress_cb(&info, session->progress_payload) != 0) cancel = true;
                };
                const int workers = request.workers ? request.workers : c.cloud->settings().exchange.throttle.max_concurrency;
                auto outcomes = client.invoke_many(request.commands, workers, request.options, on_done, [&] { return cancel; });
                if (cancel) throw error(errc::cancelled, "operation.cancelled", "The operation was cancelled.");
                json results = json::array();
                for (const auto &o : outcomes) {
                    if (o.result) {
                        results.push_back(result_json(*o.result));
                    } else if (o.failure) {
                        results.push_back({{"error",
                                            {{"id", o.failure->id()},
                                             {"code", static_cast<int>(o.failure->code())},
                                             {"message", c.redacted(o.failure->what())}}}});
                    } else {
                        // Not run: a cancellation stopped the batch before this entry started.
                        results.push_back({{"error",
                                            {{"id", "operation.cancelled"},
                                             {"code", static_cast<int>(errc::cancelled)},
                                             {"message", "Not run: the batch was cancelled."}}}});
                    }
                }
                doc["results"] = std::move(results);
            }
        } catch (const error &e) {
            if (e.code() == errc::cancelled) throw error(errc::cancelled, "operation.cancelled", "The operation was cancelled.");
            cabi::rethrow_redacted(c, e);
        }
        cabi::fill_buf(out, c.redacted(doc.dump(-1, ' ', false, json::error_handler_t::replace)));
        return MAILINT_OK;
    });
}

}  // extern "C"
