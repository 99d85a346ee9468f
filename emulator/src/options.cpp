#include "options.h"

#include <stdexcept>
#include <string_view>

namespace emulator {

const char* usage()
{
    return "usage: mailint-emulator [--port N] [--seed FILE] [--log-file FILE] [--stdin-lifetime]\n"
           "                        [--dns-server ADDRESS[:PORT]]\n";
}

options parse_options(int argc, char** argv)
{
    options result;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc)
                throw std::invalid_argument(std::string(arg) + " needs a value");
            return argv[++i];
        };
        if (arg == "--port") {
            const std::string text = value();
            std::size_t used = 0;
            int port = -1;
            try {
                port = std::stoi(text, &used);
            } catch (const std::exception&) {
            }
            if (used != text.size() || port < 0 || port > 65535)
                throw std::invalid_argument("--port needs a number from 0 to 65535");
            result.port = port;
        } else if (arg == "--seed") {
            result.seed_file = value();
        } else if (arg == "--log-file") {
            result.log_file = value();
        } else if (arg == "--dns-server") {
            result.dns_server_address = parse_dns_server(value());
        } else if (arg == "--stdin-lifetime") {
            result.stdin_lifetime = true;
        } else if (arg == "--help" || arg == "-h") {
            result.help = true;
        } else {
            throw std::invalid_argument("unknown option " + std::string(arg));
        }
    }
    return result;
}

} // namespace emulator
