// mailint-recorded-process: the stand-in for a program the process transport starts (Exchange's
// setup.com / Setup.EXE, Essentials' ARRConfig.exe). Tests link or copy it under the real
// program's name; it sends its name, its arguments exactly as received, its working directory and
// its standard input to the emulator (POST to $MAILINT_EMULATOR_PROCESS_URL, or to the URL in the
// file recorded-process.url beside the link, for a parent that cannot set the environment of the
// processes it starts; emulator/PROTOCOL.md),
// which applies the program's effect to its state and answers with the exit code and the output
// the real program would print. So a test sees what a real run would have received: argv as an
// array, the password on standard input and nowhere else.
#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include <nlohmann/json.hpp>

namespace {

std::string base64(const std::string& in)
{
    static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
        out += {table[v >> 18], table[(v >> 12) & 63], table[(v >> 6) & 63], table[v & 63]};
    }
    if (i + 1 == in.size()) {
        const unsigned v = (unsigned char)in[i] << 16;
        out += {table[v >> 18], table[(v >> 12) & 63], '=', '='};
    } else if (i + 2 == in.size()) {
        const unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8;
        out += {table[v >> 18], table[(v >> 12) & 63], table[(v >> 6) & 63], '='};
    }
    return out;
}

int fail(const std::string& why)
{
    std::cerr << "mailint-recorded-process: " << why << "\n";
    return 127;
}

}  // namespace

int main(int argc, char** argv)
{
    std::string u;
    if (const char* url = std::getenv("MAILINT_EMULATOR_PROCESS_URL")) {
        u = url;
    } else {
        std::string self = argv[0];
        const auto sep = self.find_last_of('/');
        std::ifstream file((sep == std::string::npos ? std::string(".") : self.substr(0, sep)) + "/recorded-process.url");
        std::getline(file, u);
        while (!u.empty() && (u.back() == '\r' || u.back() == ' '))
            u.pop_back();
    }
    if (u.empty())
        return fail("neither MAILINT_EMULATOR_PROCESS_URL nor recorded-process.url beside the program names the emulator");
    // http://host:port/path only: the emulator listens on 127.0.0.1 without TLS.
    if (u.rfind("http://", 0) != 0)
        return fail("the URL must start with http://");
    u = u.substr(7);
    const auto slash = u.find('/');
    const std::string authority = u.substr(0, slash), path = slash == std::string::npos ? "/" : u.substr(slash);
    const auto colon = authority.rfind(':');
    const std::string host = authority.substr(0, colon), port = colon == std::string::npos ? "80" : authority.substr(colon + 1);

    std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    std::string program = argv[0];
    if (const auto sep = program.find_last_of("/\\"); sep != std::string::npos)
        program = program.substr(sep + 1);
    nlohmann::json arguments = nlohmann::json::array();
    for (int i = 1; i < argc; ++i)
        arguments.push_back(argv[i]);
    char cwd[4096] = {0};
    if (!getcwd(cwd, sizeof cwd))
        cwd[0] = 0;
    const std::string body = nlohmann::json{{"program", program}, {"arguments", arguments}, {"workingDirectory", cwd},
                                            {"standardInput", base64(input)}}
                                 .dump();

    addrinfo hints{}, *found = nullptr;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0 || !found)
        return fail("cannot resolve " + host);
    const int fd = socket(found->ai_family, found->ai_socktype, found->ai_protocol);
    if (fd < 0 || connect(fd, found->ai_addr, found->ai_addrlen) != 0) {
        freeaddrinfo(found);
        return fail("cannot connect to " + authority);
    }
    freeaddrinfo(found);
    const std::string request = "POST " + path + " HTTP/1.1\r\nHost: " + authority +
                                "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " +
                                std::to_string(body.size()) + "\r\n\r\n" + body;
    for (std::size_t sent = 0; sent < request.size();) {
        const auto n = write(fd, request.data() + sent, request.size() - sent);
        if (n <= 0)
            return fail("cannot send the request");
        sent += static_cast<std::size_t>(n);
    }
    std::string response;
    char buf[4096];
    for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;)
        response.append(buf, static_cast<std::size_t>(n));
    close(fd);
    const auto split = response.find("\r\n\r\n");
    if (split == std::string::npos)
        return fail("the emulator's answer has no body");
    std::string content = response.substr(split + 4);
    if (response.find("Transfer-Encoding: chunked") != std::string::npos || response.find("transfer-encoding: chunked") != std::string::npos) {
        std::string joined;
        for (std::size_t pos = 0;;) {
            const auto eol = content.find("\r\n", pos);
            if (eol == std::string::npos)
                break;
            const auto size = std::stoul(content.substr(pos, eol - pos), nullptr, 16);
            if (size == 0)
                break;
            joined += content.substr(eol + 2, size);
            pos = eol + 2 + size + 2;
        }
        content = joined;
    }
    const auto reply = nlohmann::json::parse(content, nullptr, false);
    if (reply.is_discarded() || !reply.contains("exitCode"))
        return fail("the emulator's answer is not a process result: " + content.substr(0, 200));
    std::cout << reply.value("output", std::string());
    std::cout.flush();
    return reply["exitCode"].get<int>();
}
