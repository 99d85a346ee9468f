/* A C program that uses mailint.h exactly as a C caller would: compiled as strict C with every
 * warning an error, it drives a whole plan (build, render, apply) through a host-session callback
 * that plays a small Exchange organization in memory, then connects to the emulator named by
 * MAILINT_EMULATOR_URL (run_with_emulator.sh sets it) with the demo app's client secret and runs
 * Exchange Online cmdlets through that connection. Exit status 0 means every check held. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mailint.h"

static int failures = 0;
#define CHECK(cond)                                                              \
    do {                                                                         \
        if (!(cond)) {                                                           \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                          \
        }                                                                        \
    } while (0)

struct host_state {
    int calls;
    int writes;
    int cancel_after; /* cancel on this call number; 0 = never */
};

static int starts_with(const char *s, const char *prefix) { return strncmp(s, prefix, strlen(prefix)) == 0; }

/* Returns the command name in buf ("Get-AcceptedDomain"). */
static void command_of(const char *request, char *buf, size_t size) {
    const char *p = strstr(request, "\"command\":\"");
    size_t n = 0;
    buf[0] = '\0';
    if (!p) return;
    p += strlen("\"command\":\"");
    while (p[n] && p[n] != '"' && n + 1 < size) n++;
    memcpy(buf, p, n);
    buf[n] = '\0';
}

static int host_invoke(const char *request_json, size_t request_len, mailint_host_reply *reply, void *payload) {
    struct host_state *state = (struct host_state *)payload;
    char command[64];
    const char *answer = "{\"schemaVersion\":1,\"objects\":[]}";
    (void)request_len;
    state->calls++;
    if (state->cancel_after && state->calls >= state->cancel_after) return 1;
    command_of(request_json, command, sizeof command);
    if (strcmp(command, "Get-ExchangeServer") == 0) {
        answer = "{\"schemaVersion\":1,\"objects\":[{\"Name\":\"EX01\",\"Fqdn\":\"ex01.corp.contoso.local\"}]}";
    } else if (strcmp(command, "Get-ReceiveConnector") == 0) {
        answer = "{\"schemaVersion\":1,\"objects\":[{\"Identity\":\"EX01\\\\Default EX01\",\"Name\":\"Default EX01\","
                 "\"RemoteIPRanges\":[\"0.0.0.0-255.255.255.255\"]}]}";
    } else if (strstr(command, "VirtualDirectory") && starts_with(command, "Get-")) {
        answer = "{\"schemaVersion\":1,\"objects\":[{\"Identity\":\"EX01\\\\vdir (Default Web Site)\","
                 "\"InternalUrl\":null,\"ExternalUrl\":null,\"RequireSSL\":false,\"BasicAuthentication\":false}]}";
    } else if (!starts_with(command, "Get-")) {
        state->writes++;
    }
    return mailint_host_reply_set(reply, answer, strlen(answer)) == MAILINT_OK ? 0 : 1;
}

static int count(const char *haystack, const char *needle) {
    int n = 0;
    const char *p = haystack;
    while ((p = strstr(p, needle)) != NULL) {
        n++;
        p += strlen(needle);
    }
    return n;
}

static void build_request(char *buf, size_t size, const char *domain, const char *pfx) {
    snprintf(buf, size,
             "{\"schemaVersion\":1,\"scenario\":\"exchange-onprem\",\"parameters\":{"
             "\"DomainName\":\"%s\",\"CertPath\":\"%s\",\"CertPassword\":{\"$secret\":\"CertPassword\"},"
             "\"ServerIpAddress\":\"192.168.0.10\",\"InternalIpRange\":\"192.168.0.0-192.168.0.255\","
             "\"Server\":\"EX01\"}}",
             domain, pfx);
}

/* The emulator's built-in demo tenant and app (emulator/PROTOCOL.md); the secret is a demo value. */
#define DEMO_TENANT "11111111-2222-3333-4444-555555555555"
#define DEMO_CLIENT "97e0a5b7-d745-40b6-94fe-5f77d35c6e05"
#define DEMO_SECRET "demo-client-secret-not-for-production"

static void check_connection(mailint_session *session) {
    const char *url = getenv("MAILINT_EMULATOR_URL");
    mailint_connection *connection = NULL;
    mailint_buf out = MAILINT_BUF_INIT;
    char config[1024];
    const char *get = "{\"schemaVersion\":1,\"name\":\"Get-AcceptedDomain\",\"parameters\":{}}";
    const char *bad = "{\"schemaVersion\":1,\"name\":\"Get-AcceptedDomain; rm -rf /\"}";
    int rc;

    if (url == NULL || url[0] == '\0') {
        fprintf(stderr, "c_consumer: MAILINT_EMULATOR_URL is not set (run through run_with_emulator.sh)\n");
        failures++;
        return;
    }
    mailint_connection_free(NULL);
    CHECK(mailint_session_set_secret(session, "ClientSecret", (const unsigned char *)DEMO_SECRET,
                                     strlen(DEMO_SECRET)) == MAILINT_OK);

    /* A bad configuration: a constructor leaves *out NULL and names the field. */
    snprintf(config, sizeof config,
             "{\"schemaVersion\":1,\"tenantId\":\"%s\",\"clientId\":\"%s\",\"environment\":\"Custom\","
             "\"auth\":{\"kind\":\"clientSecret\",\"secret\":\"ClientSecret\"}}",
             DEMO_TENANT, DEMO_CLIENT);
    connection = (mailint_connection *)session;
    CHECK(mailint_connection_new(&connection, session, config, 0) == MAILINT_E_INVALID_ARGUMENT);
    CHECK(connection == NULL);
    CHECK(strcmp(mailint_error_last()->id, "connection.endpoint.required") == 0);

    snprintf(config, sizeof config,
             "{\"schemaVersion\":1,\"tenantId\":\"%s\",\"clientId\":\"%s\",\"environment\":\"Custom\","
             "\"endpoint\":\"%s\",\"auth\":{\"kind\":\"clientSecret\",\"secret\":\"ClientSecret\"}}",
             DEMO_TENANT, DEMO_CLIENT, url);
    rc = mailint_connection_new(&connection, session, config, strlen(config));
    if (rc != MAILINT_OK) fprintf(stderr, "connection_new: %s: %s\n", mailint_error_last()->id, mailint_error_last()->message);
    CHECK(rc == MAILINT_OK);
    if (connection == NULL) return;

    CHECK(mailint_connection_describe(connection, &out) == MAILINT_OK);
    CHECK(out.ptr != NULL && strstr(out.ptr, "\"authKind\":\"clientSecret\"") != NULL);
    CHECK(out.ptr != NULL && strstr(out.ptr, DEMO_TENANT) != NULL);
    CHECK(out.ptr != NULL && strstr(out.ptr, DEMO_SECRET) == NULL);
    mailint_buf_dispose(&out);

    /* A malformed cmdlet name is refused before anything is sent. */
    CHECK(mailint_exchange_invoke(connection, bad, strlen(bad), &out) == MAILINT_E_INVALID_ARGUMENT);
    CHECK(strcmp(mailint_error_last()->id, "exchange.request.name.invalid") == 0);
    CHECK(out.ptr == NULL);

    rc = mailint_exchange_invoke(connection, get, strlen(get), &out);
    if (rc != MAILINT_OK) fprintf(stderr, "exchange_invoke: %s: %s\n", mailint_error_last()->id, mailint_error_last()->message);
    CHECK(rc == MAILINT_OK);
    CHECK(out.ptr != NULL && strstr(out.ptr, "\"objects\":[{") != NULL);
    CHECK(out.ptr != NULL && strstr(out.ptr, "contoso.onmicrosoft.com") != NULL);
    if (out.ptr) printf("c_consumer: Get-AcceptedDomain answered %lu bytes\n", (unsigned long)out.size);
    mailint_buf_dispose(&out);
    mailint_connection_free(connection);
}

int main(int argc, char **argv) {
    mailint_session *session = NULL;
    mailint_plan *plan = NULL;
    mailint_buf text = MAILINT_BUF_INIT, json = MAILINT_BUF_INIT, result = MAILINT_BUF_INIT;
    struct host_state state = {0, 0, 0};
    char config[1024], request[2048];
    const mailint_error *err;
    int rc, steps_to_write;

    if (argc != 4) {
        fprintf(stderr, "usage: c_consumer PFX PASSWORD JOURNAL_DIR\n");
        return 2;
    }
    CHECK(mailint_abi_version() == MAILINT_ABI_VERSION);
    CHECK(strlen(mailint_version_string()) > 0);

    /* NULL-tolerant destructors and disposers. */
    mailint_session_free(NULL);
    mailint_plan_free(NULL);
    mailint_buf_dispose(NULL);
    mailint_buf_dispose(&text);

    /* A constructor leaves *out NULL on failure and says why. */
    session = (mailint_session *)&state;
    rc = mailint_session_new(&session, "{not json", 0);
    CHECK(rc == MAILINT_E_INVALID_ARGUMENT);
    CHECK(session == NULL);
    err = mailint_error_last();
    CHECK(err != NULL && err->code == MAILINT_E_INVALID_ARGUMENT && strlen(err->id) > 0);

    snprintf(config, sizeof config, "{\"schemaVersion\":1,\"journalDirectory\":\"%s\"}", argv[3]);
    CHECK(mailint_session_new(&session, config, strlen(config)) == MAILINT_OK);
    CHECK(session != NULL);
    CHECK(mailint_error_last()->code == MAILINT_OK);
    CHECK(mailint_session_set_secret(session, "CertPassword", (const unsigned char *)argv[2], strlen(argv[2])) == MAILINT_OK);
    CHECK(mailint_session_set_host(session, host_invoke, &state) == MAILINT_OK);

    /* Bad input: every finding, and nothing sent to the host. */
    build_request(request, sizeof request, "marketing.contoso.com", argv[1]);
    rc = mailint_plan_build(&plan, session, request, strlen(request));
    CHECK(rc == MAILINT_E_INVALID_ARGUMENT);
    CHECK(plan == NULL);
    err = mailint_error_last();
    CHECK(strcmp(err->id, "validation.domain.third_level") == 0);
    CHECK(strstr(err->detail_json, "validation.domain.third_level") != NULL);
    CHECK(state.calls == 0);

    /* A real plan against the in-memory organization. */
    build_request(request, sizeof request, "contoso.com", argv[1]);
    rc = mailint_plan_build(&plan, session, request, strlen(request));
    if (rc != MAILINT_OK) fprintf(stderr, "plan_build: %s: %s\n", mailint_error_last()->id, mailint_error_last()->message);
    CHECK(rc == MAILINT_OK);
    CHECK(state.writes == 0);
    if (plan) {
        CHECK(mailint_plan_render(plan, MAILINT_RENDER_TEXT, &text) == MAILINT_OK);
        CHECK(text.ptr != NULL && strstr(text.ptr, "New-") == NULL); /* text names resources, not commands */
        CHECK(text.ptr != NULL && strstr(text.ptr, "create") != NULL);
        CHECK(mailint_plan_render(plan, MAILINT_RENDER_JSON, &json) == MAILINT_OK);
        CHECK(json.ptr != NULL && strstr(json.ptr, "\"schemaVersion\":1") != NULL);
        CHECK(json.ptr != NULL && strstr(json.ptr, argv[2]) == NULL); /* no secret in a plan */
        CHECK(mailint_plan_render(plan, 42, &text) == MAILINT_E_INVALID_ARGUMENT);
        steps_to_write = json.ptr ? count(json.ptr, "\"command\":{") : -1;
        CHECK(steps_to_write > 10);

        CHECK(mailint_plan_apply(plan, "{\"schemaVersion\":1,\"approvedSteps\":[\"nope\"]}", 0, &result) ==
              MAILINT_E_INVALID_ARGUMENT);
        CHECK(mailint_plan_apply(plan, NULL, 0, &result) == MAILINT_OK);
        CHECK(result.ptr != NULL && count(result.ptr, "\"status\":\"succeeded\"") == steps_to_write);
        CHECK(state.writes == steps_to_write);
        printf("c_consumer: %d steps applied, %d host calls\n", steps_to_write, state.calls);
        mailint_buf_dispose(&result);
        CHECK(result.ptr == NULL && result.size == 0);

        /* A callback that returns non-zero cancels. */
        state.cancel_after = state.calls + 1;
        CHECK(mailint_plan_apply(plan, NULL, 0, &result) == MAILINT_E_CANCELLED);
        CHECK(strcmp(mailint_error_last()->id, "operation.cancelled") == 0);
    }
    mailint_buf_dispose(&text);
    mailint_buf_dispose(&json);
    mailint_buf_dispose(&result);
    mailint_plan_free(plan);
    check_connection(session);
    mailint_session_free(session);
    if (failures) fprintf(stderr, "c_consumer: %d checks failed\n", failures);
    return failures ? 1 : 0;
}
