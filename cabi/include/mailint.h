/*
 * mailint.h: the C ABI of MailIntegration's core.
 *
 * This header is the specification. If a function, type or constant is not declared here it is
 * not part of the ABI. Rules (ARCHITECTURE.md section 4):
 *   - every name starts with mailint_ / MAILINT_; functions are mailint_<object>_<verb>;
 *   - handles are opaque; constructors take `T **out` first and leave *out NULL on failure;
 *     destructors accept NULL;
 *   - every fallible function returns int: 0 on success or a pinned negative MAILINT_E_* code,
 *     and then mailint_error_last() describes the failure on the calling thread;
 *   - documents cross as UTF-8 JSON with a "schemaVersion" member; bytes the library allocates
 *     come back in a mailint_buf that only mailint_buf_dispose releases;
 *   - callbacks take a trailing void *payload, fire only on the thread that called the entry
 *     point, and cancel the operation by returning non-zero;
 *   - secrets are handed over with mailint_session_set_secret only, never inside a document;
 *   - no global mutable state: sessions are independent and may be used from different threads,
 *     one thread at a time per session.
 * The header compiles as strict C (C99 and later) and as C++.
 */
#ifndef MAILINT_H
#define MAILINT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#  if defined(MAILINT_BUILDING)
#    define MAILINT_EXTERN(type) __declspec(dllexport) type __cdecl
#  else
#    define MAILINT_EXTERN(type) __declspec(dllimport) type __cdecl
#  endif
#  define MAILINT_CALLBACK(name) (__cdecl *name)
#else
#  define MAILINT_EXTERN(type) __attribute__((visibility("default"))) type
#  define MAILINT_CALLBACK(name) (*name)
#endif

/* Bumped only when a change breaks callers; the module refuses a library whose value differs. */
#define MAILINT_ABI_VERSION 1

/* Version of the JSON documents this header describes ("schemaVersion"). */
#define MAILINT_SCHEMA_VERSION 1

/* ---- status codes: pinned forever, new ones only appended ------------------------------- */
#define MAILINT_OK 0
#define MAILINT_E_GENERIC -1
#define MAILINT_E_INVALID_ARGUMENT -3    /* bad input: see the diagnostics in detail_json */
#define MAILINT_E_NOT_FOUND -5
#define MAILINT_E_ALREADY_EXISTS -6
#define MAILINT_E_PERMISSION_DENIED -7
#define MAILINT_E_THROTTLED -8
#define MAILINT_E_FAILED_PRECONDITION -9
#define MAILINT_E_CONFLICT -10
#define MAILINT_E_UNSUPPORTED -12
#define MAILINT_E_INTERNAL -13
#define MAILINT_E_UNAVAILABLE -14
#define MAILINT_E_UNAUTHENTICATED -16
#define MAILINT_E_CANCELLED -17
#define MAILINT_E_TIMEOUT -18
#define MAILINT_E_VERSION -19
#define MAILINT_E_MISUSE -21             /* caller bug: NULL handle, wrong call order */

/* ---- errors ------------------------------------------------------------------------------ */
/* The last failure on the calling thread. Owned by the library; valid until the next call
 * into the library on the same thread. Never NULL: after a success code is MAILINT_OK and the
 * strings are empty. */
typedef struct mailint_error {
    int code;                /* MAILINT_E_* */
    const char *id;          /* stable string id, e.g. "validation.domain.third_level" */
    const char *message;     /* one line, never contains a secret */
    const char *detail_json; /* {"schemaVersion":1,...}; for MAILINT_E_INVALID_ARGUMENT
                                {"diagnostics":[{id,severity,target,message},...]} */
} mailint_error;

MAILINT_EXTERN(const mailint_error *) mailint_error_last(void);

/* ---- library-allocated bytes --------------------------------------------------------------- */
typedef struct mailint_buf {
    char *ptr;   /* UTF-8, NUL-terminated for convenience; size excludes the NUL */
    size_t size;
} mailint_buf;
#define MAILINT_BUF_INIT {NULL, 0}

/* Releases buf->ptr and resets *buf to MAILINT_BUF_INIT. NULL and an empty buf are no-ops. */
MAILINT_EXTERN(void) mailint_buf_dispose(mailint_buf *buf);

/* ---- version --------------------------------------------------------------------------------- */
MAILINT_EXTERN(unsigned int) mailint_abi_version(void);
/* Borrowed, static: e.g. "0.1.0". */
MAILINT_EXTERN(const char *) mailint_version_string(void);

/* ---- callbacks --------------------------------------------------------------------------------- */
/* Progress of a plan build or apply. Starts with a version so fields can be appended. */
typedef struct mailint_progress {
    unsigned int version;    /* 1 */
    const char *activity;    /* "Reading current state", "Applying" */
    const char *status;      /* one line: "Set-OwaVirtualDirectory EX01\owa (Default Web Site)" */
    const char *step_id;     /* "" while reading */
    int percent;             /* 0..100, or -1 when unknown */
} mailint_progress;
typedef int MAILINT_CALLBACK(mailint_progress_cb)(const mailint_progress *info, void *payload);

/* The host session: the caller runs one command in its own PowerShell runspace.
 * request_json: {"schemaVersion":1,"command":"Get-AcceptedDomain","parameters":{...}}.
 * A parameter value is a JSON value, or one of these references the host resolves itself:
 *   {"$secret":"CertPassword"}  the secret of that name, as a SecureString;
 *   {"$fileBytes":"/abs/path"}  the file's bytes, as byte[].
 * The callback answers with mailint_host_reply_set (exactly once), then returns 0; a non-zero
 * return cancels the whole operation. The reply document is
 *   {"schemaVersion":1,"objects":[{...},...],"warnings":["..."]}  on success, or
 *   {"schemaVersion":1,"error":{"type":"ManagementObjectNotFoundException","category":"ObjectNotFound",
 *    "message":"..."},"warnings":[...]}  when the command failed. */
typedef struct mailint_host_reply mailint_host_reply;
typedef int MAILINT_CALLBACK(mailint_host_invoke_cb)(const char *request_json, size_t request_len,
                                                     mailint_host_reply *reply, void *payload);
/* Copies json into the reply. MAILINT_E_MISUSE when called twice. */
MAILINT_EXTERN(int) mailint_host_reply_set(mailint_host_reply *reply, const char *json, size_t len);

/* ---- sessions ---------------------------------------------------------------------------------- */
typedef struct mailint_session mailint_session;

/* config_json (may be NULL): {"schemaVersion":1,"journalDirectory":"/path"}; without a journal
 * directory the user's state directory is used ($XDG_STATE_HOME or ~/.local/state, or
 * %LOCALAPPDATA% on Windows, then MailIntegration/runs). */
MAILINT_EXTERN(int) mailint_session_new(mailint_session **out, const char *config_json, size_t len);
MAILINT_EXTERN(void) mailint_session_free(mailint_session *session);

/* Copies the secret into memory the session zeroes when it is replaced or freed. The name is
 * how documents refer to it ("CertPassword"). The value is never written anywhere. */
MAILINT_EXTERN(int) mailint_session_set_secret(mailint_session *session, const char *name,
                                               const unsigned char *value, size_t len);
/* Installs (or, with cb NULL, removes) the host-session callback. */
MAILINT_EXTERN(int) mailint_session_set_host(mailint_session *session, mailint_host_invoke_cb cb,
                                             void *payload);
/* Installs (or removes) the progress callback. */
MAILINT_EXTERN(int) mailint_session_set_progress(mailint_session *session, mailint_progress_cb cb,
                                                 void *payload);

/* ---- validation without reading anything ---------------------------------------------------------- */
/* request_json as for mailint_plan_build. Fills *out with
 * {"schemaVersion":1,"diagnostics":[{"id","severity":"error|warning|info","target","message"}]}
 * and returns MAILINT_OK even when there are errors (they are the answer). */
MAILINT_EXTERN(int) mailint_request_validate(mailint_session *session, const char *request_json,
                                             size_t len, mailint_buf *out);

/* ---- plans -------------------------------------------------------------------------------------- */
typedef struct mailint_plan mailint_plan;

/* Validates the request, reads current state through the session's transports (reads only) and
 * computes the ordered steps. request_json:
 *   {"schemaVersion":1,"scenario":"exchange-onprem","parameters":{...}}
 * On invalid input returns MAILINT_E_INVALID_ARGUMENT before anything is read; the error's
 * detail_json lists every diagnostic. */
MAILINT_EXTERN(int) mailint_plan_build(mailint_plan **out, mailint_session *session,
                                       const char *request_json, size_t len);
MAILINT_EXTERN(void) mailint_plan_free(mailint_plan *plan);

#define MAILINT_RENDER_JSON 0 /* {"schemaVersion":1,"scenario",...,"steps":[...],"diagnostics":[...]} */
#define MAILINT_RENDER_TEXT 1 /* one line per step, for people */
MAILINT_EXTERN(int) mailint_plan_render(const mailint_plan *plan, int format, mailint_buf *out);

/* Runs the approved steps in dependency order through the session that built the plan.
 * options_json: {"schemaVersion":1,"approvedSteps":["s01","s04"]} (absent: every step).
 * A step whose dependency was not approved or failed is "blocked", never run.
 * *result_out: {"schemaVersion":1,"runId","journal","results":[{"stepId","status":
 *   "succeeded|failed|blocked|skipped|unchanged","errorId","message","warnings":[...]}],
 *   "summary":{"changed","unchanged","failed","blocked","skipped"}}.
 * Returns MAILINT_OK when the run completed, even if steps failed (see results);
 * MAILINT_E_CANCELLED when a callback cancelled. */
MAILINT_EXTERN(int) mailint_plan_apply(mailint_plan *plan, const char *options_json, size_t len,
                                       mailint_buf *result_out);

/* ---- DNS records a scenario needs ------------------------------------------------------------------ */
#define MAILINT_RECORDS_JSON 0 /* {"schemaVersion":1,"records":[{name,fqdn,type,ttl,value,...}]} */
#define MAILINT_RECORDS_ZONE 1 /* BIND zone fragment with $ORIGIN and $TTL */
#define MAILINT_RECORDS_CSV 2  /* header line then one record per line */
/* request_json: {"schemaVersion":1,"scenario":"exchange-onprem","parameters":{"DomainName",
 * "PublicIpAddress","HostName"?,"Autodiscover":"Srv|A"?,"Ttl"?}} */
MAILINT_EXTERN(int) mailint_records_render(mailint_session *session, const char *request_json,
                                           size_t len, int format, mailint_buf *out);

#ifdef __cplusplus
}
#endif

#endif /* MAILINT_H */
