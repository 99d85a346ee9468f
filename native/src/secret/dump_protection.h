#pragma once
// Keeps secrets out of core dumps by not letting the process dump at all once it holds one.
//
// Scrubbing a dump is not possible: besides the core's own copies (zeroed when dropped), the
// PowerShell engine keeps a SecureString's characters unencrypted on Linux and macOS, and the
// HTTP stack copies request bodies (a client secret) and headers (a bearer token) into buffers it
// frees without zeroing. So, as ssh-agent and gpg-agent do, the first time the core stores a
// secret or a token it marks the process non-dumpable (prctl PR_SET_DUMPABLE 0): a crash then
// writes no core file and other users' debuggers cannot attach. The mark stays for the life of
// the process and is not inherited across exec, so programs the module starts are unaffected.
// MAILINT_ALLOW_CORE_DUMPS=1 in the environment leaves the process dumpable, for debugging a
// crash on a machine with no production secret.
namespace mailint {

// Idempotent and thread-safe (one prctl call). True when the process is now protected (or already was); false
// when MAILINT_ALLOW_CORE_DUMPS=1 opted out or the platform has no such control (Windows: the
// dump is the Windows Error Reporting policy's business).
bool protect_process_from_core_dumps();

// Whether the kernel would write a core file for this process now (Linux; false elsewhere).
bool process_dumpable();

}  // namespace mailint
