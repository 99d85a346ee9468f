// mailint_plan_*: build, render and apply plans; validate requests.
#include <algorithm>
#include <memory>
#include <set>

#include "blueprint/crm_sss_blueprint.h"
#include "blueprint/crm_sss_request.h"
#include "blueprint/host_scenarios.h"
#include "blueprint/m365_accounts_blueprint.h"
#include "blueprint/m365_accounts_import.h"
#include "blueprint/m365_accounts_record.h"
#include "blueprint/m365_device_wipe.h"
#include "blueprint/m365_dkim_blueprint.h"
#include "blueprint/m365_group.h"
#include "blueprint/m365_mobile_blueprint.h"
#include "blueprint/m365_dkim_session.h"
#include "blueprint/m365_domain_blueprint.h"
#include "blueprint/m365_domain_session.h"
#include "blueprint/scenario.h"
#include "blueprint/teams_routing_blueprint.h"
#include "blueprint/teams_routing_removal.h"
#include "blueprint/teams_routing_request.h"
#include "blueprint/teams_routing_undo.h"
#include "graph/graph_bulk_session.h"
#include "blueprint/windows_dns_blueprint.h"
#include "blueprint/windows_dns_request.h"
#include "connection.h"
#include "dataverse/dataverse_session.h"
#include "error_state.h"
#include "exec/executor.h"
#include "exec/results_file.h"
#include "exec/state_file.h"
#include "plan/plan.h"
#include "session.h"
#include "tenant_records.h"
#include "transport/process_session.h"

struct mailint_plan {
    mailint_session *session = nullptr;  // borrowed: the session outlives its plans
    // Borrowed, for plans of cloud scenarios: the connection must outlive the plan (mailint.h).
    mailint_connection *connection = nullptr;
    mailint::plan value;
    // As built (secrets only as references): the journal keeps it for Resume-MailIntegrationRun.
    nlohmann::json request;
    // What the cloud transports of apply need from the request (the DNS resolvers to wait on).
    std::optional<mailint::m365_domain::request> m365_domain;
    std::optional<mailint::m365_dkim::request> m365_dkim;
    // Set-TeamsEssentialsRouting: what it changes, saved (approved steps only) before apply;
    // Remove-: the record it undoes, deleted once every step has succeeded.
    std::optional<mailint::teams_routing::undo_record> teams_undo;
    std::filesystem::path teams_undo_path;
    bool teams_removal = false;
    // New-M365OnlineAccount: the accounts to link (saved before apply, the created ones only when
    // their step is approved); Sync-M365OnlineAccount: the local names to forget afterwards.
    std::optional<mailint::m365_accounts::planned_links> account_links;
    std::optional<mailint::m365_accounts::link_record> account_record;
    std::vector<std::pair<std::string, std::string>> account_forget;
    std::filesystem::path account_record_path;
    // Import-M365OnlineAccount: the links to keep (the made ones once their step succeeded), and
    // the failed steps' lines for the results file.
    std::optional<std::vector<std::tuple<std::string, std::string, mailint::m365_accounts::linked_account>>> import_links;
    std::string import_results_path;
    // Set-CrmServerSideSync: the Dynamics organization whose Dataverse channel apply uses.
    std::optional<std::string> crm_organization;
    // The on-premises scenarios' records of what they configured, written once their step succeeded.
    std::vector<mailint::host_scenarios::saved_record> records_on_success;
};

using namespace mailint;

namespace {

[[noreturn]] void invalid(const diagnostics &found) {
    const auto *first = found.first_error();
    throw error(errc::invalid_argument, first->id, first->message, {{"schemaVersion", 1}, {"diagnostics", found.to_json()}});
}

// windows-dns: the records (the tenant's, with a connection), then the plan through the host session.
plan windows_dns_plan(const nlohmann::json &request, mailint_session &session, mailint_connection *connection) {
    windows_dns::request parsed;
    auto found = windows_dns::parse_request(request_parameters(request), parsed);
    if (found.has_errors()) invalid(found);
    auto records = cabi::offline_records(parsed.records, found);
    if (connection) cabi::apply_tenant_records(*connection, parsed.records, records, found);
    callback_host_session host(session.invoker());
    auto p = windows_dns::build_plan(parsed, records.front(), host, session.progress());
    p.findings.append(found);
    return p;
}

// The on-premises scenarios of host_scenarios.h: through the host session only, with or without
// a connection. The /owa probe of the reverse proxy uses its own client: no connection is needed.
host_scenarios::built host_scenario_plan(const std::string &scenario, const nlohmann::json &request, mailint_session &session) {
    callback_host_session host(session.invoker());
    const auto progress = session.progress();
    host_scenarios::context ctx{host, session.secrets, progress, {}};
    ctx.http_get = [](const std::string &url, bool allow_untrusted) -> std::string {
        http::cpprest_options options;
        options.allow_insecure_tls = allow_untrusted;
        http::cpprest_client client(options);
        http::request probe;
        probe.url = url;
        probe.timeout = std::chrono::seconds(15);
        try {
            const auto r = client.send(probe);
            if (r.status >= 200 && r.status < 400) return {};
            return "HTTP " + std::to_string(r.status);
        } catch (const error &e) {
            return e.what();
        }
    };
    return host_scenarios::build(scenario, request_parameters(request), ctx);
}


// A cloud scenario's plan: the request checked (nothing is read when it has errors), then built
// through the connection on this thread, its errors redacted of the connection's secrets. Returns
// the parsed request, which apply needs again (the resolvers of the DNS waits).
template <class Request, class Parse, class Build>
Request cloud_plan(mailint_plan &plan, mailint_connection &c, const nlohmann::json &request, Parse parse, Build build) {
    Request parsed;
    auto found = parse(request_parameters(request), parsed);
    if (found.has_errors()) invalid(found);
    cabi::calling_thread_scope scope(c);
    try {
        plan.value = build(parsed);
    } catch (const error &e) {
        cabi::rethrow_redacted(c, e);
    }
    plan.value.findings.append(found);
    return parsed;
}

}  // namespace

extern "C" {

MAILINT_EXTERN(int) mailint_request_validate(mailint_session *session, const char *request_json, size_t len,
                                             mailint_buf *out) {
    return cabi::guard([&] {
        if (!session || !out) throw error(errc::misuse, "abi.null_argument", "mailint_request_validate: a required argument is NULL.");
        *out = MAILINT_BUF_INIT;
        auto request = cabi::parse_document(request_json, len);
        auto found = validate_request(request, session->secrets);
        nlohmann::json doc = {{"schemaVersion", 1}, {"diagnostics", found.to_json()}};
        cabi::fill_buf(out, doc.dump());
        return MAILINT_OK;
    });
}

MAILINT_EXTERN(int) mailint_plan_build(mailint_plan **out, mailint_session *session, const char *request_json,
                                       size_t len) {
    return cabi::guard([&] {
        if (!out) throw error(errc::misuse, "abi.null_argument", "mailint_plan_build: out is NULL.");
        *out = nullptr;
        if (!session) throw error(errc::misuse, "abi.null_argument", "mailint_plan_build: session is NULL.");
        auto request = cabi::parse_document(request_json, len);
        if (scenario_name(request) == windows_dns::kScenario) {
            auto plan = std::make_unique<mailint_plan>();
            plan->request = request;
            plan->session = session;
            plan->value = windows_dns_plan(request, *session, nullptr);
            *out = plan.release();
            return MAILINT_OK;
        }
        if (const auto scenario = scenario_name(request); host_scenarios::knows(scenario)) {
            auto plan = std::make_unique<mailint_plan>();
            plan->request = request;
            plan->session = session;
            auto built = host_scenario_plan(scenario, request, *session);
            plan->value = std::move(built.value);
            plan->records_on_success = std::move(built.on_success);
            *out = plan.release();
            return MAILINT_OK;
        }
        // Validation first: bad input is reported before a single read is sent.
        auto input = prepare_request(request, session->secrets);
        callback_host_session host(session->invoker());
        auto plan = std::make_unique<mailint_plan>();
        plan->request = request;
        plan->session = session;
        plan->value = build_plan(input, host, session->progress());
        *out = plan.release();
        return MAILINT_OK;
    });
}

MAILINT_EXTERN(int) mailint_plan_build_connected(mailint_plan **out, mailint_connection *connection,
                                                 const char *request_json, size_t len) {
    return cabi::guard([&] {
        if (!out) throw error(errc::misuse, "abi.null_argument", "mailint_plan_build_connected: out is NULL.");
        *out = nullptr;
        if (!connection)
            throw error(errc::misuse, "abi.null_argument", "mailint_plan_build_connected: connection is NULL.");
        auto &c = *connection;
        auto request = cabi::parse_document(request_json, len);
        const auto scenario = scenario_name(request);
        auto plan = std::make_unique<mailint_plan>();
        plan->request = request;
        plan->session = c.session;
        plan->connection = connection;
        if (scenario == windows_dns::kScenario) {
            plan->value = windows_dns_plan(request, *c.session, connection);
            *out = plan.release();
            return MAILINT_OK;
        }
        if (host_scenarios::knows(scenario)) {
            auto built = host_scenario_plan(scenario, request, *c.session);
            plan->value = std::move(built.value);
            plan->records_on_success = std::move(built.on_success);
            *out = plan.release();
            return MAILINT_OK;
        }
        if (scenario == teams_routing::kScenario) {
            teams_routing::undo_record undo;
            const auto parsed = cloud_plan<teams_routing::request>(*plan, c, request, teams_routing::parse_request, [&](const auto &r) {
                exchange_online::exo_client client(c.cloud->exchange(), cabi::exchange_endpoint(c));
                graph::graph_client graph(c.cloud->graph(), c.cloud->settings().environment.graph_base);
                return teams_routing::build_plan(r, client, cabi::tenant_guid(c), c.session->progress(), &undo, nullptr, &graph);
            });
            if (parsed.mode != teams_routing::kModeExchangeHybrid) {  // hybrid mode only checks: nothing to undo
                plan->teams_undo_path = teams_routing::undo_record_path(parsed.state_directory, cabi::tenant_guid(c),
                                                                        teams_routing::record_key(parsed.mode, parsed.domain));
                plan->teams_undo = std::move(undo);
            }
        } else if (scenario == teams_routing::kRemovalScenario) {
            const auto parsed = cloud_plan<teams_routing::removal_request>(*plan, c, request, teams_routing::parse_removal_request,
                                                                           [&](const auto &r) {
                exchange_online::exo_client client(c.cloud->exchange(), cabi::exchange_endpoint(c));
                graph::graph_client graph(c.cloud->graph(), c.cloud->settings().environment.graph_base);
                const auto key = teams_routing::record_key(r.mode, r.domain);
                plan->teams_undo_path = teams_routing::undo_record_path(r.state_directory, cabi::tenant_guid(c), key);
                return teams_routing::build_removal_plan(key, teams_routing::load_undo_record(plan->teams_undo_path), client,
                                                         c.session->progress(), &graph, r.mode);
            });
            plan->teams_removal = true;
        } else if (scenario == m365_accounts::kScenario) {
            m365_accounts::planned_links links;
            const auto parsed = cloud_plan<m365_accounts::request>(*plan, c, request, m365_accounts::parse_request,
                                                                   [&](const m365_accounts::request &r) {
                graph::graph_client graph(c.cloud->graph(), c.cloud->settings().environment.graph_base);
                callback_host_session directory(c.session->invoker());
                return m365_accounts::build_plan(r, graph, c.session->progress(), nullptr, &links, &directory);
            });
            plan->account_record_path = m365_accounts::link_record_path(parsed.state_directory, cabi::tenant_guid(c));
            plan->account_links = std::move(links);
        } else if (scenario == m365_group::kScenario) {
            cloud_plan<m365_group::request>(*plan, c, request, m365_group::parse_request, [&](const m365_group::request &r) {
                exchange_online::exo_client client(c.cloud->exchange(), cabi::exchange_endpoint(c));
                callback_host_session directory(c.session->invoker());
                return m365_group::build_plan(r, client, c.session->progress(), &directory);
            });
        } else if (scenario == m365_wipe::kScenario) {
            cloud_plan<m365_wipe::request>(*plan, c, request, m365_wipe::parse_request, [&](const m365_wipe::request &r) {
                exchange_online::exo_client client(c.cloud->exchange(), cabi::exchange_endpoint(c));
                return m365_wipe::build_plan(r, client, c.session->progress());
            });
        } else if (scenario == m365_mobile::kScenario) {
            cloud_plan<m365_mobile::request>(*plan, c, request, m365_mobile::parse_request, [&](const m365_mobile::request &r) {
                exchange_online::exo_client client(c.cloud->exchange(), cabi::exchange_endpoint(c));
                return m365_mobile::build_plan(r, client, c.session->progress());
            });
        } else if (scenario == m365_accounts::kImportScenario) {
            std::vector<std::tuple<std::string, std::string, m365_accounts::linked_account>> links;
            const auto parsed = cloud_plan<m365_accounts::import_request>(*plan, c, request, m365_accounts::parse_import_request,
                                                                          [&](const m365_accounts::import_request &r) {
                graph::graph_client graph(c.cloud->graph(), c.cloud->settings().environment.graph_base);
                callback_host_session directory(c.session->invoker());
                return m365_accounts::build_import_plan(r, graph, directory, c.session->progress(), &links);
            });
            plan->account_record_path = m365_accounts::link_record_path(parsed.state_directory, cabi::tenant_guid(c));
            plan->import_links = std::move(links);
            plan->import_results_path = parsed.results_path;
        } else if (scenario == m365_accounts::kSyncScenario) {
            const auto tenant = cabi::tenant_guid(c);
            cloud_plan<m365_accounts::request>(*plan, c, request, m365_accounts::parse_sync_request, [&](const m365_accounts::request &r) {
                plan->account_record_path = m365_accounts::link_record_path(r.state_directory, tenant);
                auto record = m365_accounts::load_link_record(plan->account_record_path);
                if (!record)
                    throw error(errc::failed_precondition, "m365.accounts.not_integrated",
                                "No account is linked in this tenant (" + plan->account_record_path.string() +
                                    " does not exist): New-M365OnlineAccount links them; after Disable-M365Integration nothing is followed.");
                graph::graph_client graph(c.cloud->graph(), c.cloud->settings().environment.graph_base);
                callback_host_session directory(c.session->invoker());
                auto p = m365_accounts::build_sync_plan(r, *record, graph, c.session->progress(), &plan->account_forget, &directory);
                plan->account_record = std::move(*record);
                return p;
            });
        } else if (scenario == crm_sss::kScenario) {
            const auto &secrets = c.session->secrets;
            const auto parsed = cloud_plan<crm_sss::request>(
                *plan, c, request, [&](const nlohmann::json &p, crm_sss::request &out) { return crm_sss::parse_request(p, secrets, out); },
                [&](const crm_sss::request &r) {
                    callback_host_session deployment(c.session->invoker());
                    graph::graph_client graph(c.cloud->graph(), c.cloud->settings().environment.graph_base);
                    std::optional<dataverse::dataverse_client> crm;
                    if (r.needs_dataverse())
                        crm.emplace(c.cloud->dataverse(r.organization), c.cloud->settings().environment.dataverse_base(r.organization));
                    const auto reachable = [&](const std::string &url) -> std::string {
                        http::request probe;
                        probe.url = url;
                        probe.timeout = std::chrono::seconds(15);
                        try {
                            c.http->send(probe);
                            return {};
                        } catch (const error &e) {
                            return e.what();
                        }
                    };
                    return crm_sss::build_plan(r, deployment, graph, crm ? &*crm : nullptr, c.session->progress(), reachable);
                });
            if (parsed.needs_dataverse()) plan->crm_organization = parsed.organization;
        } else if (scenario == m365_dkim::kScenario) {
            plan->m365_dkim = cloud_plan<m365_dkim::request>(*plan, c, request, m365_dkim::parse_request, [&](const auto &parsed) {
                exchange_online::exo_client client(c.cloud->exchange(), cabi::exchange_endpoint(c));
                return m365_dkim::build_plan(parsed, client, c.session->progress());
            });
        } else if (scenario == m365_domain::kScenario) {
            plan->m365_domain = cloud_plan<m365_domain::request>(*plan, c, request, m365_domain::parse_request, [&](const auto &parsed) {
                graph::graph_client client(c.cloud->graph(), c.cloud->settings().environment.graph_base);
                return m365_domain::build_plan(parsed, client, c.session->progress());
            });
        } else {
            // The on-premises scenarios need no connection; they plan through the host session.
            auto input = prepare_request(request, c.session->secrets);
            callback_host_session host(c.session->invoker());
            plan->value = build_plan(input, host, c.session->progress());
        }
        *out = plan.release();
        return MAILINT_OK;
    });
}

MAILINT_EXTERN(void) mailint_plan_free(mailint_plan *plan) { delete plan; }

MAILINT_EXTERN(int) mailint_plan_render(const mailint_plan *plan, int format, mailint_buf *out) {
    return cabi::guard([&] {
        if (!plan || !out) throw error(errc::misuse, "abi.null_argument", "mailint_plan_render: a required argument is NULL.");
        *out = MAILINT_BUF_INIT;
        switch (format) {
        case MAILINT_RENDER_JSON: cabi::fill_buf(out, plan->value.to_json().dump()); break;
        case MAILINT_RENDER_TEXT: cabi::fill_buf(out, plan->value.to_text()); break;
        default: throw error(errc::invalid_argument, "render.format.unknown", "Unknown plan render format.");
        }
        return MAILINT_OK;
    });
}

MAILINT_EXTERN(int) mailint_plan_apply(mailint_plan *plan, const char *options_json, size_t len,
                                       mailint_buf *result_out) {
    return cabi::guard([&] {
        if (!plan || !result_out) throw error(errc::misuse, "abi.null_argument", "mailint_plan_apply: a required argument is NULL.");
        *result_out = MAILINT_BUF_INIT;
        apply_options options;
        options.journal_directory = plan->session->journal_directory;
        if (options_json) {
            auto doc = cabi::parse_document(options_json, len);
            if (auto v = doc.find("schemaVersion"); v != doc.end() && *v != 1)
                throw error(errc::version, "apply.schema_version", "The apply options' schemaVersion is not 1.");
            if (auto r = doc.find("resumes"); r != doc.end() && r->is_string()) options.resumes = r->get<std::string>();
            if (auto d = doc.find("journalDirectory"); d != doc.end() && d->is_string() && !d->get<std::string>().empty())
                options.journal_directory = d->get<std::string>();
            if (auto a = doc.find("approvedSteps"); a != doc.end() && a->is_array()) {
                std::set<std::string> approved;
                for (const auto &id : *a) {
                    auto s = id.get<std::string>();
                    if (!plan->value.find(s))
                        throw error(errc::invalid_argument, "apply.step.unknown", "The plan has no step '" + s + "'.");
                    approved.insert(s);
                }
                options.approved = std::move(approved);
            }
        }
        options.request = plan->request;
        // The tenant as connected (no request is sent for it): Resume- refuses another one.
        if (plan->connection) options.connection = {{"tenant", plan->connection->cloud->settings().app.tenant}};
        callback_host_session host(plan->session->invoker());
        transport_set transports(host);
        process_session processes(plan->session->secrets);  // setup.com, ARRConfig (host_scenarios.h)
        transports.add("process", processes);
        std::optional<graph::graph_client> graph_client;
        std::optional<graph::graph_bulk_session> bulk_session;
        std::optional<m365_domain::domain_session> domain_session;
        std::optional<exchange_online::exo_client> exchange_client;
        std::optional<m365_dkim::dkim_session> dkim_session;
        std::optional<dataverse::dataverse_client> crm_client;
        std::optional<dataverse::dataverse_session> crm_session;
        std::optional<cabi::calling_thread_scope> scope;
        if (plan->connection) {
            auto &c = *plan->connection;
            scope.emplace(c);
            graph_client.emplace(c.cloud->graph(), c.cloud->settings().environment.graph_base);
            dns::resolver_options resolvers;
            if (plan->m365_domain) resolvers.servers = plan->m365_domain->dns_servers;
            if (plan->m365_dkim) resolvers.servers = plan->m365_dkim->dns_servers;
            bulk_session.emplace(*graph_client, plan->session->secrets, plan->session->progress());
            domain_session.emplace(*graph_client, resolvers, plan->session->progress(), &*bulk_session);
            transports.add("graph", *domain_session);
            exchange_client.emplace(c.cloud->exchange(), cabi::exchange_endpoint(c));
            dkim_session.emplace(*exchange_client, resolvers, plan->session->progress(),
                                 c.cloud->settings().exchange.throttle.max_concurrency);
            transports.add("exchange", *dkim_session);
            if (plan->crm_organization) {
                const auto &org = *plan->crm_organization;
                crm_client.emplace(c.cloud->dataverse(org), c.cloud->settings().environment.dataverse_base(org));
                crm_session.emplace(*crm_client, plan->session->progress(), c.cloud->settings().dataverse.throttle.max_concurrency);
                transports.add("dataverse", *crm_session);
            }
        }
        if (plan->teams_undo) {
            // Recorded before anything is written: a run cut short still leaves what it may have
            // changed undoable.
            std::vector<std::string> steps;
            for (const auto &st : plan->value.steps)
                if (!options.approved || options.approved->count(st.id)) steps.push_back(st.id);
            auto record = plan->teams_undo->only_steps(steps);
            if (!record.empty()) {
                auto saved = teams_routing::load_undo_record(plan->teams_undo_path);
                if (saved) saved->merge(record);
                teams_routing::save_undo_record(plan->teams_undo_path, saved ? *saved : record);
            }
        }
        if (plan->account_links) {
            // Saved before anything is made: a run cut short still leaves every account it may
            // have made followed by the next Sync-M365OnlineAccount.
            auto record = m365_accounts::load_link_record(plan->account_record_path).value_or(m365_accounts::link_record{});
            record.tenant = cabi::tenant_guid(*plan->connection);
            record.domain = plan->account_links->matched.domain;
            for (const auto &[name, a] : plan->account_links->matched.accounts) record.accounts[name] = a;
            const auto &create = plan->account_links->create_step;
            if (!create.empty() && (!options.approved || options.approved->count(create)))
                for (const auto &[name, a] : plan->account_links->created.accounts) record.accounts[name] = a;
            if (!record.accounts.empty()) m365_accounts::save_link_record(plan->account_record_path, record);
        }
        auto outcome = apply_plan(plan->value, options, transports, plan->session->secrets, plan->session->progress());
        for (const auto &record : plan->records_on_success)
            for (const auto &r : outcome.results)
                if (r.step_id == record.step_id && r.status == "succeeded") {
                    std::string body = record.body;
                    if (record.body_from_output) {
                        body.clear();
                        for (const auto &o : r.output)
                            if (o.is_string()) body += o.get<std::string>() + (o.get<std::string>().ends_with('\n') ? "" : "\r\n");
                    }
                    write_state_file(record.path, body, "host_scenario.record", "the file of step " + record.step_id, record.private_folder);
                }
        if (plan->import_links) {
            std::map<std::string, const step_result *> by_step;
            for (const auto &r : outcome.results) by_step[r.step_id] = &r;
            auto record = m365_accounts::load_link_record(plan->account_record_path).value_or(m365_accounts::link_record{});
            record.tenant = cabi::tenant_guid(*plan->connection);
            std::vector<result_line> failed;
            for (const auto &[step, name, account] : *plan->import_links) {
                const auto *r = step.empty() ? nullptr : by_step[step];
                if (step.empty() || (r && r->status == "succeeded")) record.accounts[name] = account;
                else if (r && r->status == "failed") failed.push_back({account.upn, "New-ADUser", r->error_id, r->message, recommended_action(r->error_id)});
            }
            if (!record.accounts.empty()) m365_accounts::save_link_record(plan->account_record_path, record);
            append_results(plan->import_results_path, failed);
        }
        if (plan->account_record) {
            std::map<std::string, std::string> status;
            for (const auto &r : outcome.results) status[r.step_id] = r.status;
            bool changed = false;
            for (const auto &[name, step] : plan->account_forget)
                if (step.empty() || status[step] == "succeeded") changed = plan->account_record->accounts.erase(name) > 0 || changed;
            if (changed) m365_accounts::save_link_record(plan->account_record_path, *plan->account_record);
        }
        if (plan->teams_removal) {  // every step approved and done: nothing left to undo
            const bool all_done = std::all_of(outcome.results.begin(), outcome.results.end(), [](const step_result &r) {
                return r.status == "succeeded" || r.status == "unchanged";
            });
            std::error_code ec;
            if (all_done) std::filesystem::remove(plan->teams_undo_path, ec);
        }
        cabi::fill_buf(result_out, outcome.to_json().dump());
        return MAILINT_OK;
    });
}

}  // extern "C"
