#include "exec/state_file.h"

#include <cctype>
#include <fstream>
#include <sstream>

#ifndef _WIN32
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

#include "core/error.h"
#include "exec/journal.h"

namespace mailint {

std::filesystem::path state_root(const std::filesystem::path &state_directory) {
    return state_directory.empty() ? default_journal_directory().parent_path() : state_directory;
}

std::string state_file_segment(const std::string &name) {
    std::string out;
    for (unsigned char c : name) out += std::isalnum(c) || c == '.' || c == '-' ? static_cast<char>(c) : '_';
    return out.empty() ? std::string("_") : out;
}

std::optional<std::string> read_state_file(const std::filesystem::path &path, const std::string &id_prefix, const std::string &what) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw error(errc::unavailable, id_prefix + ".unreadable", "The " + what + " " + path.string() + " cannot be read.");
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

void write_state_file(const std::filesystem::path &path, const std::string &body, const std::string &id_prefix, const std::string &what,
                      bool private_folder) {
    const auto fail = [&](const std::string &how) {
        throw error(errc::unavailable, id_prefix + ".write_failed",
                    "The " + what + " " + path.string() + " cannot be " + how + "; nothing was changed.");
    };
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) fail("created");
    const auto temporary = path.string() + ".tmp";
#ifndef _WIN32
    if (private_folder) ::chmod(path.parent_path().c_str(), 0700);
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) fail("created");
    std::size_t written = 0;
    while (written < body.size()) {
        auto n = ::write(fd, body.data() + written, body.size() - written);
        if (n <= 0) {
            ::close(fd);
            fail("written");
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) {
        ::close(fd);
        fail("written");
    }
    ::close(fd);
#else
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << body;
        if (!out) fail("written");
    }
#endif
    std::filesystem::rename(temporary, path, ec);
    if (ec) fail("replaced");
}

}  // namespace mailint
