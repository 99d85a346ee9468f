// mailint_teams_routing_status: what Get-TeamsEssentialsRouting shows — the routing as the tenant
// has it now, read exactly as Set-TeamsEssentialsRouting plans (nothing is written).
#include <filesystem>

#include "blueprint/scenario.h"
#include "blueprint/teams_routing_blueprint.h"
#include "blueprint/teams_routing_request.h"
#include "blueprint/teams_routing_undo.h"
#include "connection.h"
#include "error_state.h"
#include "exchange_online/exo_client.h"
#include "graph/graph_client.h"
#include "session.h"
#include "tenant_records.h"

using namespace mailint;
using nlohmann::json;

extern "C" {

MAILINT_EXTERN(int) mailint_teams_routing_status(mailint_connection *connection, const char *request_json, size_t len,
                                                 mailint_buf *out) {
    return cabi::guard([&] {
        if (!connection || !out)
            throw error(errc::misuse, "abi.null_argument", "mailint_teams_routing_status: a required argument is NULL.");
        *out = MAILINT_BUF_INIT;
        auto &c = *connection;
        auto request = cabi::parse_document(request_json, len);
        json parameters = request_parameters(request);
        cabi::calling_thread_scope scope(c);
        try {
            const auto &s = c.cloud->settings();
            const std::string tenant = cabi::tenant_guid(c);
            // The forwarding domain may come from the record Set-TeamsEssentialsRouting kept.
            std::optional<teams_routing::undo_record> record;
            std::filesystem::path record_path;
            {
                teams_routing::removal_request where;
                json located = parameters;  // the record's place: Mode, DomainName, StateDirectory only
                for (auto it = located.begin(); it != located.end();)
                    it = it.key() == "Mode" || it.key() == "DomainName" || it.key() == "StateDirectory" ? std::next(it) : located.erase(it);
                if (!teams_routing::parse_removal_request(located, where).has_errors()) {
                    record_path = teams_routing::undo_record_path(where.state_directory, tenant,
                                                                  teams_routing::record_key(where.mode, where.domain));
                    record = teams_routing::load_undo_record(record_path);
                }
            }
            if (!parameters.contains("ForwardingDomain") && record && record->mode == teams_routing::kModeGoogleWorkspace)
                parameters["ForwardingDomain"] = record->forwarding_domain;
            teams_routing::request parsed;
            auto found = teams_routing::parse_request(parameters, parsed);
            if (found.has_errors()) cabi::throw_invalid(found);
            exchange_online::exo_client client(c.cloud->exchange(), cabi::exchange_endpoint(c));
            json status;
            graph::graph_client users(c.cloud->graph(), s.environment.graph_base);
            teams_routing::build_plan(parsed, client, tenant, c.session->progress(), nullptr, &status, &users);
            status["schemaVersion"] = 1;
            status["tenantId"] = tenant;
            status["undoRecord"] = record ? json(record_path.string()) : json(nullptr);
            cabi::fill_buf(out, status.dump());
        } catch (const error &e) {
            cabi::rethrow_redacted(c, e);
        }
        return MAILINT_OK;
    });
}

}  // extern "C"
