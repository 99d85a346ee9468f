// mailint-emulator: a stateful local stand-in for Microsoft's services (PROTOCOL.md).
#include "entra/directory.h"
#include "entra/token_service.h"
#include "exchange/seed.h"
#include "exchange_online/seed.h"
#include "active_directory/invoke_command.h"
#include "crm_deployment/deployment_state.h"
#include "dataverse/org_state.h"
#include "graph/public_dns.h"
#include "graph/tenant_state.h"
#include "http_server.h"
#include "options.h"
#include "router.h"
#include "store.h"
#include "traffic/traffic_layer.h"

#include <csignal>
#include <cstdio>
#include <fstream>
#include <pthread.h>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace {

emulator::json load_seed(const std::optional<std::string>& file)
{
    if (!file) {
        auto seed = emulator::exchange::built_in_seed();
        emulator::entra::add_built_in_seed(seed);
        emulator::graph::add_built_in_seed(seed);
        emulator::dataverse::add_built_in_seed(seed);
        emulator::exchange_online::add_built_in_seed(seed);
        emulator::crm_deployment::normalize_section(seed);
    emulator::active_directory::normalize_section(seed);
        return seed;
    }
    std::ifstream in(*file);
    if (!in)
        throw std::runtime_error("cannot read seed file " + *file);
    std::stringstream text;
    text << in.rdbuf();
    auto seed = emulator::exchange::normalize_state(emulator::json::parse(text.str()));
    emulator::entra::normalize_section(seed);
    emulator::graph::normalize_section(seed);
    emulator::dataverse::normalize_section(seed);
    emulator::crm_deployment::normalize_section(seed);
    emulator::active_directory::normalize_section(seed);
    emulator::exchange_online::normalize_section(seed);
    return seed;
}

// A harness that dies closes our standard input; that is our cue to go too.
void watch_stdin()
{
    std::thread([] {
        char buffer[256];
        while (::read(STDIN_FILENO, buffer, sizeof buffer) > 0) {
        }
        ::kill(::getpid(), SIGTERM);
    }).detach();
}

} // namespace

int main(int argc, char** argv)
{
    emulator::options opts;
    try {
        opts = emulator::parse_options(argc, argv);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "mailint-emulator: %s\n%s", error.what(), emulator::usage());
        return 2;
    }
    if (opts.help) {
        std::fputs(emulator::usage(), stdout);
        return 0;
    }

    // Block the stop signals before any thread starts so every thread inherits the mask and only
    // sigwait below sees them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    try {
        emulator::graph::use_dns_server(opts.dns_server_address);
        emulator::store state(load_seed(opts.seed_file), opts.log_file);
        const int port = opts.port != 0 ? opts.port : emulator::pick_free_loopback_port();
        const std::string url = "http://127.0.0.1:" + std::to_string(port);
        emulator::entra::token_service entra(state, url);
        emulator::router routes(state, entra);
        // Every request passes the traffic layer (latency, throttling, faults) on its way to the router.
        emulator::traffic::traffic_layer traffic(state, [&routes](const emulator::http_request_data& request) {
            return routes.handle(request);
        });
        emulator::http_server server(url, [&traffic](const emulator::http_request_data& request) {
            return traffic.handle(request);
        });
        server.open();
        std::printf("MAILINT_EMULATOR_LISTENING %s\n", url.c_str());
        std::fflush(stdout);
        if (opts.stdin_lifetime)
            watch_stdin();
        int received = 0;
        sigwait(&stop_signals, &received);
        server.close();
    } catch (const std::exception& error) {
        std::fprintf(stderr, "mailint-emulator: %s\n", error.what());
        return 1;
    }
    return 0;
}
