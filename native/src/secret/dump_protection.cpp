#include "secret/dump_protection.h"

#include <cstdlib>
#include <cstring>

#if defined(__linux__)
#include <sys/prctl.h>
#endif

namespace mailint {

namespace {

bool opted_out() {
    const char *allow = std::getenv("MAILINT_ALLOW_CORE_DUMPS");
    return allow && std::strcmp(allow, "1") == 0;
}

}  // namespace

bool protect_process_from_core_dumps() {
#if defined(__linux__)
    // Every time, not once: one system call per stored secret or token, and a forked child that
    // was made dumpable again is protected again.
    if (opted_out()) return false;
    return ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0;
#else
    return false;
#endif
}

bool process_dumpable() {
#if defined(__linux__)
    return ::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 1;
#else
    return false;
#endif
}

}  // namespace mailint
