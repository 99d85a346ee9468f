// Secrets and tokens never reach a core file: once the core holds one, the process cannot dump.
// Checked with the kernel itself: forked children that abort() in a folder of their own, with
// the core size limit raised; the control child (made dumpable again, no secret) leaves a core
// file there, the one that stored a secret — or got a token — leaves none.
#include <catch2/catch.hpp>

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "auth/token_cache.h"
#include "secret/dump_protection.h"
#include "secret/secret_store.h"
#include "support/temp_dir.h"

namespace {

namespace fs = std::filesystem;

// Whether the kernel writes cores as a plain file named "core" in the working folder here.
bool cores_land_in_cwd() {
    std::ifstream in("/proc/sys/kernel/core_pattern");
    std::string pattern;
    std::getline(in, pattern);
    return pattern == "core";
}

// Runs `body` in a forked child that starts dumpable, with cores allowed, in `dir`, and then
// aborts. Returns whether a core file appeared and whether the child was still dumpable.
struct crash_result {
    bool core_written;
    bool dumpable_at_crash;
};

crash_result crash_child(const fs::path &dir, const std::function<void()> &body) {
    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::close(pipe_fds[0]);
        // A fresh process is dumpable; this test's own process may already be protected.
        ::prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
        rlimit unlimited{RLIM_INFINITY, RLIM_INFINITY};
        ::setrlimit(RLIMIT_CORE, &unlimited);
        if (::chdir(dir.c_str()) != 0) ::_exit(3);
        body();
        const char dumpable = mailint::process_dumpable() ? '1' : '0';
        (void)!::write(pipe_fds[1], &dumpable, 1);
        ::close(pipe_fds[1]);
        std::abort();
    }
    ::close(pipe_fds[1]);
    char dumpable = '?';
    (void)!::read(pipe_fds[0], &dumpable, 1);
    ::close(pipe_fds[0]);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGABRT);
    return {fs::exists(dir / "core"), dumpable == '1'};
}

}  // namespace

TEST_CASE("a process that stored a secret or got a token writes no core file", "[secret][dump]") {
    // The opt-out must not be set for this test (it is for debugging only).
    REQUIRE(std::getenv("MAILINT_ALLOW_CORE_DUMPS") == nullptr);
    mailint::test::temp_dir control_dir, secret_dir, token_dir;

    const auto control = crash_child(control_dir.path(), [] {});
    CHECK(control.dumpable_at_crash);

    const auto with_secret = crash_child(secret_dir.path(), [] {
        mailint::secret_store store;
        const std::string password = "Dump-Canary-Pw-8842";
        store.set("CertPassword", {reinterpret_cast<const unsigned char *>(password.data()), password.size()});
    });
    CHECK_FALSE(with_secret.dumpable_at_crash);
    CHECK_FALSE(with_secret.core_written);

    const auto with_token = crash_child(token_dir.path(), [] {
        mailint::auth::token_cache cache;
        cache.get({"tenant", "client", "https://graph.microsoft.com"}, [](const mailint::auth::token_key &) {
            mailint::auth::access_token t;
            t.value = mailint::auth::sensitive_text("eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.dump-canary-token.");
            t.expires_at = std::chrono::system_clock::now() + std::chrono::hours(1);
            return t;
        });
    });
    CHECK_FALSE(with_token.dumpable_at_crash);
    CHECK_FALSE(with_token.core_written);

    if (cores_land_in_cwd()) {
        // The control proves this machine writes cores, so the absence above means something.
        CHECK(control.core_written);
    } else {
        WARN("core_pattern is not 'core': the core files themselves were not checked, only the dumpable flag");
    }
}
