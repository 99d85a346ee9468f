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

/* A message for the person at the keyboard that the library cannot show itself, delivered while
 * an entry point runs (today: the device code sign-in of mailint_connection_new). Starts with a
 * version so fields can be appended. Every pointer is borrowed and valid only during the call. */
typedef struct mailint_notice {
    unsigned int version;         /* 1 */
    const char *kind;             /* "deviceCode" */
    const char *message;          /* Entra ID's instruction, to show as is: "To sign in, use a web
                                     browser to open the page … and enter the code … to authenticate." */
    const char *user_code;        /* "ABCD12345": what the user types at verification_uri */
    const char *verification_uri; /* "https://microsoft.com/devicelogin" */
} mailint_notice;
/* Returning non-zero cancels the operation that raised the notice (MAILINT_E_CANCELLED). */
typedef int MAILINT_CALLBACK(mailint_notice_cb)(const mailint_notice *notice, void *payload);

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

/* Installs (or, with cb NULL, removes) the notice callback. Without one, a device code
 * connection fails before anything is sent (connection.notice.missing). */
MAILINT_EXTERN(int) mailint_session_set_notice(mailint_session *session, mailint_notice_cb cb,
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
 * options_json: {"schemaVersion":1,"approvedSteps":["s01","s04"]} (absent: every step),
 * "resumes":"<runId>"? (the interrupted run this one continues, kept in the journal),
 * "journalDirectory"? (instead of the session's: a resumed run's journal beside the first one's).
 * A step whose dependency was not approved or failed is "blocked", never run.
 * *result_out: {"schemaVersion":1,"runId","journal","results":[{"stepId","status":
 *   "succeeded|failed|blocked|skipped|unchanged","errorId","message","warnings":[...],
 *   "output":[...]}]  (output: what the step's command returned, e.g. per-mailbox test results),
 *   "summary":{"changed","unchanged","failed","blocked","skipped"}}.
 * Returns MAILINT_OK when the run completed, even if steps failed (see results);
 * MAILINT_E_CANCELLED when a callback cancelled. */
MAILINT_EXTERN(int) mailint_plan_apply(mailint_plan *plan, const char *options_json, size_t len,
                                       mailint_buf *result_out);

/* ---- DNS records a scenario needs ------------------------------------------------------------------ */
/* A cloud connection (see "cloud connections" below); declared here for the connected forms. */
typedef struct mailint_connection mailint_connection;
#define MAILINT_RECORDS_JSON 0 /* {"schemaVersion":1,"scenario","zone","source","records":[{name,fqdn,type,ttl,
                                   data,purpose}],"spfInclude":{…}|null,"notes":[…],"diagnostics":[…]} */
#define MAILINT_RECORDS_ZONE 1 /* BIND zone fragment with $ORIGIN and $TTL (passes named-checkzone) */
#define MAILINT_RECORDS_CSV 2  /* header line then one record per line */
#define MAILINT_RECORDS_TEXT 3 /* the Essentials wizard's NewDNSRecords_(n).txt layout, CRLF */
/* The records one domain needs, from the documents' tables (nothing is read or sent).
 * request_json: {"schemaVersion":1,"scenario":"m365"|"exchange-onprem"|"teams-essentials",
 *   "parameters":{"DomainName", "Ttl"?, and by scenario: m365 "VerificationCode"?,
 *   "OwnershipProof":"Txt|Mx"?, "MxPreference"?, "MailCname"?, "SkypeForBusiness"?, "SkypeCnames"?;
 *   exchange-onprem "PublicIpAddress", "HostName"?, "Autodiscover":"Srv|A"?; teams-essentials
 *   "InitialDomain"?, "VerificationCode"?, "Selector1CNAME"?, "Selector2CNAME"?,
 *   "MailToMicrosoft365"?}} (SCHEMA.md "DNS records"). Bad input: MAILINT_E_INVALID_ARGUMENT with
 * the first finding's id (validation.domain.*, validation.ipv4.*, validation.dns.*, …) and every
 * finding in detail_json's diagnostics. */
MAILINT_EXTERN(int) mailint_records_render(mailint_session *session, const char *request_json,
                                           size_t len, int format, mailint_buf *out);
/* The same after reading what the connected tenant says about the domain (Graph's domain, its
 * verification and serviceConfigurationRecords, the initial domain; Exchange Online's DKIM
 * signing configuration for teams-essentials), which wins over the tables ("source":"tenant").
 * Reads only. Input is checked before anything is sent. */
MAILINT_EXTERN(int) mailint_records_render_connected(mailint_connection *connection,
                                                     const char *request_json, size_t len, int format,
                                                     mailint_buf *out);
/* Compares the records with the live DNS (c-ares). request_json as for mailint_records_render,
 * and "DomainName" may be a list (up to 100,000: the queries of all of them go out together),
 * plus "DnsServer":["192.0.2.53","127.0.0.1:5353"]? (default: the system's resolvers),
 * "TimeoutMilliseconds"?, "Tries"?, "Migrating"? (the Exchange Online MX must then have a
 * preference above the live MX, never 0). *out: {"schemaVersion":1,"domains":[{"domain",
 * "scenario","source","allPresent","notes","records":[{"name","fqdn","type","status":
 * "present|missing|different|conflicting|error","expected","expectedRecord","actual","suggested",
 * "findingId","message","findings":[…]}]}],"diagnostics"}. A DNS failure is a record with status
 * error (dns.query.*), never a failed call. */
MAILINT_EXTERN(int) mailint_records_verify(mailint_session *session, const char *request_json,
                                           size_t len, mailint_buf *out);
/* mailint_records_verify with the tenant's records, as mailint_records_render_connected. */
MAILINT_EXTERN(int) mailint_records_verify_connected(mailint_connection *connection,
                                                     const char *request_json, size_t len,
                                                     mailint_buf *out);

/* ---- cloud connections ------------------------------------------------------------------------------ */
/* One signed-in identity against one tenant of Microsoft 365 (or the emulator): its token cache and
 * one paced, retried channel per service. Connections share nothing, so two connections to two
 * tenants may be used side by side from different threads (one thread at a time per connection).
 * A connection keeps using its session's notice and progress callbacks: the session must outlive
 * every connection made with it. (The type is declared with the DNS records above.) */

/* Checks config_json, builds the connection and, for each service in "verify", acquires a token
 * to prove the credential. config_json (UTF-8, len 0 = NUL-terminated):
 *   {"schemaVersion":1,
 *    "tenantId":"<GUID or verified domain>",
 *    "clientId":"<application id, GUID>"      (deviceCode: optional, default the Exchange Online
 *                                              PowerShell client fb78d390-0c51-40cd-8e17-fdbfab77341b;
 *                                              accessToken: optional, display only),
 *    "environment":"Global|USGovGCCHigh|USGovDoD|China|Custom"   (default Global),
 *    "endpoint":"http://127.0.0.1:5123"      (required for, and only allowed with, Custom: the base
 *                                              under which Entra ID and every service are reached),
 *    "allowInsecureTls":false                 (Custom only: skip certificate verification; refused
 *                                              for Microsoft's own hosts whatever the endpoint),
 *    "auth": one of
 *      {"kind":"clientSecret","secret":"<name of the session secret holding the client secret>"}
 *      {"kind":"certificate","certificatePath":"/abs/app.pfx" | "certificateSecret":"<name of a
 *          secret holding the PFX bytes>","passwordSecret":"<name>" (absent: no password),
 *          "thumbprintHeader":"x5t" (RS256, default) | "x5t#S256" (PS256)}
 *      {"kind":"deviceCode"}   (the prompt reaches the caller through the session's notice callback)
 *      {"kind":"accessToken","secret":"<name of the session secret holding the token>"},
 *    "limits":{"exchange"|"graph"|"dataverse":{"maxConcurrency":1..64}}   (optional; defaults 3/8/16),
 *    "retry":{"maxAttempts":1..20,"baseBackoffMs":0..600000,"maxRetryAfterMs":0..3600000} (optional;
 *                                              every request of the connection, token requests too),
 *    "verify":["exchange","graph"]            (optional, default ["exchange"]; [] sends nothing)}
 * The secrets named are copied into the connection, so the session's may change afterwards; the
 * certificate is opened here. Invalid input returns MAILINT_E_INVALID_ARGUMENT before anything is
 * sent, with the first finding's id (connection.tenant_id.invalid, connection.endpoint.required,
 * connection.auth.kind.unknown, … see SCHEMA.md) and every finding in detail_json's diagnostics;
 * a schemaVersion other than 1 returns MAILINT_E_VERSION. A credential the service refuses returns
 * the token request's code and auth.* id (auth.invalid_secret MAILINT_E_UNAUTHENTICATED,
 * auth.invalid_client, auth.tenant_not_found, auth.device_code.declined MAILINT_E_PERMISSION_DENIED,
 * auth.device_code.expired, auth.access_token.expired …); a notice or progress callback that
 * returns non-zero during the device code sign-in gives MAILINT_E_CANCELLED
 * (auth.device_code.cancelled). While the device code sign-in waits, the progress callback (if any)
 * is called before every poll, so a caller can cancel. */
MAILINT_EXTERN(int) mailint_connection_new(mailint_connection **out, mailint_session *session,
                                           const char *config_json, size_t len);
/* Forgets the tokens and zeroes the copied secrets. NULL is a no-op. */
MAILINT_EXTERN(void) mailint_connection_free(mailint_connection *connection);

/* *out: {"schemaVersion":1,"tenantId","clientId","environment":"Global|…|Custom","endpoint"
 * (the Exchange Online base URL in use),"authKind":"clientSecret|certificate|deviceCode|accessToken",
 * "account":"<upn of a delegated (device code or handed-in user) token>" or null,
 * "connectedAt":"2025-01-31T12:00:00Z"}. Never a token, a secret or a certificate. */
MAILINT_EXTERN(int) mailint_connection_describe(const mailint_connection *connection, mailint_buf *out);

/* mailint_plan_build for scenarios that read and change Microsoft 365 ("m365-domain",
 * "m365-dkim"; the on-premises ones are accepted too and plan through the session's host
 * callback). Reads go through the connection, which must outlive the plan; mailint_plan_apply
 * then runs each step on its transport (the connection's Graph or Exchange Online channel, with
 * DNS queries to the request's resolvers, or the host session); the connection's session supplies
 * the callbacks. request_json: {"schemaVersion":1,"scenario":"m365-domain","parameters":
 * {"DomainName","SetDefault"?,"SupportedServices"?,"WaitTimeoutSeconds"?,"PollIntervalSeconds"?,
 * "DnsServer"?:["127.0.0.1:5353"],"AllowSubdomain"?}} or {"schemaVersion":1,"scenario":
 * "m365-dkim","parameters":{"DomainName","KeySize"?:1024|2048,"WaitTimeoutSeconds"?,
 * "PollIntervalSeconds"?,"DnsServer"?}} (SCHEMA.md "m365-domain", "m365-dkim"). */
MAILINT_EXTERN(int) mailint_plan_build_connected(mailint_plan **out, mailint_connection *connection,
                                                 const char *request_json, size_t len);

/* Runs Exchange Online cmdlets through the admin API (POST {base}/adminapi/beta/{tenant}/InvokeCommand).
 * request_json is one of:
 *   {"schemaVersion":1,"name":"Get-Mailbox","parameters":{...},"pageSize":1..1000}
 *     -> *out {"schemaVersion":1,"objects":[...],"warnings":["..."],"errors":[{...}]}: every page
 *        followed; errors are the service's non-terminating errors as sent. A terminating error
 *        returns its code with the exchange.* / auth.* / transport.* id and message in
 *        mailint_error_last() and leaves *out empty.
 *   {"schemaVersion":1,"name":"Set-Mailbox","batch":[{...parameters...},...],"maxConcurrency":1..64}
 *     -> *out {"schemaVersion":1,"results":[ {"objects":[...],"warnings":[...],"errors":[...]}
 *        or {"error":{"id","code","message"}} ,...]}: one result per batch entry, in the order
 *        given; a failing entry does not stop the others. The entries run concurrently (at most
 *        maxConcurrency, default the connection's exchange limit, and never more requests in
 *        flight than the connection's pacing allows); the session's progress callback is called on
 *        the calling thread as each finishes and cancels the batch by returning non-zero
 *        (MAILINT_E_CANCELLED).
 * Parameter values are JSON: strings, numbers, true for a switch, arrays, objects for hashtables
 * (@{Add=...}), {"$bytes":"<base64>"} for byte[]; the library adds the annotations the service
 * expects. Malformed requests return MAILINT_E_INVALID_ARGUMENT (exchange.request.*) with nothing
 * sent. */
MAILINT_EXTERN(int) mailint_exchange_invoke(mailint_connection *connection, const char *request_json,
                                            size_t len, mailint_buf *out);

/* Get-TeamsEssentialsRouting: the routing of seeds T1, T4–T10 as the tenant has it, read exactly as
 * the teams-routing plan reads it; nothing is written. request_json as for the "teams-routing" plan
 * (SCHEMA.md); "ForwardingDomain" may be left out when Set-TeamsEssentialsRouting's record (under
 * "StateDirectory") gives it. *out: {"schemaVersion":1,"tenantId","domain","forwardingDomain",
 * "domainType","autoForwardingMode","organizationCustomized","connector":{…}|null,"rules":{…},
 * "userMailboxes","forwarding","outlookOnTheWebOff","manualSteps":[{"id","done"}],"pendingSteps",
 * "undoRecord":"<path>"|null}. Errors as for mailint_plan_build_connected (teams.domain.not_accepted
 * MAILINT_E_FAILED_PRECONDITION, validation findings MAILINT_E_INVALID_ARGUMENT). */
MAILINT_EXTERN(int) mailint_teams_routing_status(mailint_connection *connection, const char *request_json,
                                                 size_t len, mailint_buf *out);

/* Get-/Test-ExchangePortForward (seed X7), local work only.
 * mailint_port_forward_table request: {"schemaVersion":1,"parameters":{"ExchangeServerIpAddress",
 *   "EssentialsServerIpAddress","IncludePop3"?,"IncludeImap"?,"IncludeUnencrypted"?}} -> *out
 *   {"schemaVersion":1,"forwards":[{"routerPort","protocol","destination","destinationPort","server","note"}]}.
 * mailint_port_forward_test request: {"schemaVersion":1,"parameters":{"PublicAddress","Ports":[…]?
 *   (else the table's router ports with IncludePop3/IncludeImap/IncludeUnencrypted),
 *   "TimeoutMilliseconds"? (100..60000, default 5000)}} -> *out {"schemaVersion":1,"checks":[{"port",
 *   "protocol","target","status":"Open|Closed|TimedOut|Unreachable|NameNotResolved","reason","elapsedMs"}]}:
 *   every port is tried at once; nothing is sent on an open connection.
 * Bad input: MAILINT_E_INVALID_ARGUMENT (validation.ipv4.malformed, port_forward.*), every finding in
 * detail_json's diagnostics. */
MAILINT_EXTERN(int) mailint_port_forward_table(mailint_session *session, const char *request_json, size_t len, mailint_buf *out);
MAILINT_EXTERN(int) mailint_port_forward_test(mailint_session *session, const char *request_json, size_t len, mailint_buf *out);

/* Set-ExchangeIntegration -Full (the whole of seed X, blueprint/exchange_runbook.h): the ordered
 * stages of the administrator's configuration file, each with the scenario that plans it and its
 * parameters, ready to be planned one after the other with mailint_plan_build.
 * request: {"schemaVersion":1,"configurationPath":"…json" | "configuration":{…},"stages":["X1",…]?,
 *   "computerName":"EX01"?} (exchange.runbook.file_missing, .json_invalid for the file)
 *   -> *out {"schemaVersion":1,"stages":[{"code","title","runsOn","section","manual","scenario",
 *   "parameters","status":"ready|notConfigured|waiting|skipped","reason"}],"diagnostics":[…warnings]}.
 *   X5 and X9 take the password from the session's secret "CertPassword" (set it first).
 * Bad input (every stage validated, nothing read): MAILINT_E_INVALID_ARGUMENT (exchange.runbook.*
 * and each stage's own ids, targets "Section.Parameter"), every finding in detail_json's diagnostics. */
MAILINT_EXTERN(int) mailint_runbook_stages(mailint_session *session, const char *request_json, size_t len, mailint_buf *out);

/* Get-MailIntegrationRun / Resume-MailIntegrationRun: the runs the journals in
 * options.journalDirectory (default: the session's, else the user's state folder) record, newest
 * first. options: {"schemaVersion":1,"journalDirectory"?,"runId"?} -> *out {"schemaVersion":1,
 * "journalDirectory","runs":[{"runId","scenario","started","ended"|null,
 * "status":"completed|cancelled|interrupted|resumed","approved","succeeded","failed","blocked",
 * "unknownSteps":[…],"resumes"|null,"resumedBy"|null,"resumable","connected","journal"}]}; with runId,
 * that run only and its "request" (secrets as references) and "connection" ({"tenant"} or null);
 * an unknown runId is MAILINT_E_NOT_FOUND (run.not_found). A resumed run is planned again from its
 * request (the plan reads every object first: a write whose outcome is unknown is never repeated
 * blindly) and applied with the apply options {"resumes":"<runId>","journalDirectory":"…"}. */
MAILINT_EXTERN(int) mailint_runs_list(mailint_session *session, const char *options_json, size_t len, mailint_buf *out);

/* Saved connections (seed M2), <state>/profiles/<name>.json, mode 0600, never a secret.
 * mailint_profile_save options: {"schemaVersion":1,"stateDirectory":"…"|absent,"name":"Default",
 *   "profile":{"tenantId","clientId","credentialKind","certificatePath","certificateThumbprint",
 *   "environment","endpoint","maxConcurrency","account",…}}; a member named like a secret, password or
 *   token is refused (connection.profile.secret_refused), a bad name is connection.profile.name_invalid.
 * mailint_profile_list options: {"schemaVersion":1,"stateDirectory"?,"name"?} -> *out
 *   {"schemaVersion":1,"profiles":[{…,"name"}]}; a named profile that does not exist is
 *   MAILINT_E_NOT_FOUND (connection.profile.not_found). */
MAILINT_EXTERN(int) mailint_profile_save(mailint_session *session, const char *options_json, size_t len);
MAILINT_EXTERN(int) mailint_profile_list(mailint_session *session, const char *options_json, size_t len, mailint_buf *out);

/* Disable-M365Integration (seed M7): account lifecycle sync stops. The links New-M365OnlineAccount
 * keeps (<state>/m365-accounts/<tenant>.json) and the saved connections (of that tenant) are deleted; Microsoft 365 is not contacted and
 * nothing there changes. options_json: {"schemaVersion":1,"stateDirectory":"…"|absent (the user's
 * state folder),"tenantId":"…"|absent (every tenant)}. *out: {"schemaVersion":1,"removed":["<path>",…]}.
 * MAILINT_E_UNAVAILABLE (m365.integration.disable_failed) when a file cannot be removed. */
MAILINT_EXTERN(int) mailint_m365_integration_disable(mailint_session *session, const char *options_json, size_t len,
                                                     mailint_buf *out);

#ifdef __cplusplus
}
#endif

#endif /* MAILINT_H */
