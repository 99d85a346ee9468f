#include "exec/journal.h"

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include <fcntl.h>
#include <sys/stat.h>
#ifdef _WIN32
#include <io.h>
#else
#include <unistd.h>
#endif

#include "core/error.h"

namespace mailint {

namespace {

std::string utc_now() {
    auto now = std::chrono::system_clock::now();
    auto t = std::chrono::system_clock::to_time_t(now);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
#ifdef _WIN32
    gmtime_s(&tm, &t);
#else
    gmtime_r(&t, &tm);
#endif
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    char out[40];
    std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms));
    return out;
}

[[noreturn]] void fail(const std::string &what, const std::filesystem::path &p) {
    throw error(errc::unavailable, "journal.write_failed",
                "Cannot " + what + " the run journal " + p.string() + ": " + std::strerror(errno) +
                    ". Set JournalDirectory to a writable folder.");
}

}  // namespace

std::filesystem::path default_journal_directory() {
#ifdef _WIN32
    if (const char *local = std::getenv("LOCALAPPDATA"); local && *local)
        return std::filesystem::path(local) / "MailIntegration" / "runs";
#endif
    if (const char *state = std::getenv("XDG_STATE_HOME"); state && *state)
        return std::filesystem::path(state) / "MailIntegration" / "runs";
    if (const char *home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".local" / "state" / "MailIntegration" / "runs";
    return std::filesystem::temp_directory_path() / "MailIntegration" / "runs";
}

journal::journal(const std::filesystem::path &directory, const std::string &run_id)
    : path_(directory / (run_id + ".jsonl")), run_id_(run_id) {
    std::error_code ec;
    std::filesystem::create_directories(directory, ec);
    if (ec) {
        errno = ec.value();
        fail("create the folder of", path_);
    }
#ifndef _WIN32
    // Only the user may read what was changed and where; new folders are created 0700.
    ::chmod(directory.c_str(), 0700);
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0600);
#else
    fd_ = ::_open(path_.string().c_str(), _O_WRONLY | _O_CREAT | _O_EXCL | _O_APPEND | _O_BINARY,
                  _S_IREAD | _S_IWRITE);
#endif
    if (fd_ < 0) fail("create", path_);
}

journal::~journal() {
#ifndef _WIN32
    if (fd_ >= 0) ::close(fd_);
#else
    if (fd_ >= 0) ::_close(fd_);
#endif
}

void journal::append(nlohmann::json record) {
    record["ts"] = utc_now();
    record["runId"] = run_id_;
    std::string line = record.dump() + "\n";
    const char *p = line.data();
    size_t left = line.size();
    while (left > 0) {
#ifndef _WIN32
        auto n = ::write(fd_, p, left);
        if (n < 0 && errno == EINTR) continue;
#else
        auto n = ::_write(fd_, p, static_cast<unsigned>(left));
#endif
        if (n <= 0) fail("write", path_);
        p += n;
        left -= static_cast<size_t>(n);
    }
#ifndef _WIN32
    if (::fsync(fd_) != 0) fail("flush", path_);
#else
    if (::_commit(fd_) != 0) fail("flush", path_);
#endif
}

}  // namespace mailint
