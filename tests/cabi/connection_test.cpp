// mailint_connection_* against the real emulator: what was sent is read back from the emulator's
// request log, never taken from the library's word.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "emulator_harness.h"
#include "mailint.h"

using json = nlohmann::json;
using namespace cabitest;

namespace {

const std::string kWrongSecret = "Wrong-Client-Secret-Canary-4471";
const std::string kPfxPassword = "Conn-Test-Pfx;pw'7";

struct session_ptr {
    mailint_session *s = nullptr;
    session_ptr() { REQUIRE(mailint_session_new(&s, nullptr, 0) == MAILINT_OK); }
    ~session_ptr() { mailint_session_free(s); }
    void secret(const std::string &name, const std::string &value) {
        REQUIRE(mailint_session_set_secret(s, name.c_str(), reinterpret_cast<const unsigned char *>(value.data()),
                                           value.size()) == MAILINT_OK);
    }
};

json base_config(const std::string &url, const json &auth) {
    return {{"schemaVersion", 1}, {"tenantId", kDemoTenant}, {"clientId", kDemoClient},
            {"environment", "Custom"}, {"endpoint", url},     {"auth", auth}};
}

int connect(mailint_session *s, const json &config, mailint_connection **out) {
    std::string text = config.dump();
    return mailint_connection_new(out, s, text.c_str(), text.size());
}

std::string describe(const mailint_connection *c) {
    mailint_buf buf = MAILINT_BUF_INIT;
    REQUIRE(mailint_connection_describe(c, &buf) == MAILINT_OK);
    std::string text(buf.ptr, buf.size);
    mailint_buf_dispose(&buf);
    return text;
}

std::string form(const std::map<std::string, std::string> &fields) {
    std::string out;
    for (const auto &[k, v] : fields) {
        if (!out.empty()) out += '&';
        for (const auto *s : {&k, &v}) {
            for (unsigned char c : *s) {
                if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
                else {
                    char hex[4];
                    std::snprintf(hex, sizeof hex, "%%%02X", c);
                    out += hex;
                }
            }
            if (s == &k) out += '=';
        }
    }
    return out;
}

std::string read_file(const std::filesystem::path &p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// A PFX with a real key, made by the same script as the consumer's, and its certificate in PEM.
struct app_certificate {
    std::filesystem::path dir, pfx, pem;
    app_certificate() {
        dir = std::filesystem::temp_directory_path() / ("mailint-cabi-conn-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        pfx = dir / "app.pfx";
        pem = dir / "c_consumer.crt";
        std::string escaped;
        for (char c : kPfxPassword) escaped += (c == '\'') ? std::string("'\\''") : std::string(1, c);
        std::string cmd = std::string(MAILINT_CABI_PFX_SCRIPT) + " '" + pfx.string() + "' '" + escaped + "'";
        REQUIRE(std::system(cmd.c_str()) == 0);
    }
};

const app_certificate &certificate() {
    static app_certificate c;
    return c;
}

}  // namespace

TEST_CASE("connection entry points report misuse for NULL handles", "[cabi][connection]") {
    session_ptr s;
    mailint_connection *c = reinterpret_cast<mailint_connection *>(0x1);
    CHECK(mailint_connection_new(nullptr, s.s, "{}", 2) == MAILINT_E_MISUSE);
    CHECK(mailint_connection_new(&c, nullptr, "{}", 2) == MAILINT_E_MISUSE);
    CHECK(c == nullptr);
    CHECK(std::string(mailint_error_last()->id) == "abi.null_argument");
    mailint_buf buf = MAILINT_BUF_INIT;
    CHECK(mailint_connection_describe(nullptr, &buf) == MAILINT_E_MISUSE);
    CHECK(mailint_exchange_invoke(nullptr, "{}", 2, &buf) == MAILINT_E_MISUSE);
    CHECK(mailint_session_set_notice(nullptr, nullptr, nullptr) == MAILINT_E_MISUSE);
    CHECK(buf.ptr == nullptr);
    mailint_connection_free(nullptr);  // a no-op
}

TEST_CASE("bad connection configurations are reported by id and send nothing", "[cabi][connection]") {
    auto &emu = shared_emulator();
    emu.reset();
    session_ptr s;
    s.secret("ClientSecret", kDemoSecret);
    const json secret_auth = {{"kind", "clientSecret"}, {"secret", "ClientSecret"}};

    struct bad_case {
        json config;
        int code;
        std::string id;
    };
    auto with = [&](const std::string &member, const json &value) {
        json c = base_config(emu.url(), secret_auth);
        if (value.is_null()) c.erase(member);
        else c[member] = value;
        return c;
    };
    std::vector<bad_case> cases = {
        {with("tenantId", "not a tenant!"), MAILINT_E_INVALID_ARGUMENT, "connection.tenant_id.invalid"},
        {with("tenantId", nullptr), MAILINT_E_INVALID_ARGUMENT, "connection.tenant_id.missing"},
        {with("clientId", "app-name"), MAILINT_E_INVALID_ARGUMENT, "connection.client_id.invalid"},
        {with("clientId", nullptr), MAILINT_E_INVALID_ARGUMENT, "connection.client_id.missing"},
        {with("environment", "Mars"), MAILINT_E_INVALID_ARGUMENT, "connection.environment.unknown"},
        {with("endpoint", nullptr), MAILINT_E_INVALID_ARGUMENT, "connection.endpoint.required"},
        {with("endpoint", "ftp://127.0.0.1/x"), MAILINT_E_INVALID_ARGUMENT, "connection.endpoint.invalid"},
        {with("environment", "Global"), MAILINT_E_INVALID_ARGUMENT, "connection.endpoint.unexpected"},
        {with("auth", {{"kind", "password"}}), MAILINT_E_INVALID_ARGUMENT, "connection.auth.kind.unknown"},
        {with("auth", nullptr), MAILINT_E_INVALID_ARGUMENT, "connection.auth.missing"},
        {with("auth", {{"kind", "clientSecret"}}), MAILINT_E_INVALID_ARGUMENT, "connection.auth.secret.missing"},
        {with("auth", {{"kind", "clientSecret"}, {"secret", "Nope"}}), MAILINT_E_INVALID_ARGUMENT,
         "connection.auth.secret.not_set"},
        {with("auth", {{"kind", "certificate"}}), MAILINT_E_INVALID_ARGUMENT, "connection.auth.certificate.missing"},
        {with("auth", {{"kind", "certificate"}, {"certificatePath", "relative/app.pfx"}}), MAILINT_E_INVALID_ARGUMENT,
         "connection.auth.certificate_path.relative"},
        {with("auth", {{"kind", "certificate"}, {"certificatePath", "/nonexistent/app.pfx"}}),
         MAILINT_E_INVALID_ARGUMENT, "connection.auth.certificate_path.not_found"},
        {with("limits", {{"exchange", {{"maxConcurrency", 0}}}}), MAILINT_E_INVALID_ARGUMENT,
         "connection.limits.max_concurrency.invalid"},
        {with("limits", {{"smtp", {{"maxConcurrency", 2}}}}), MAILINT_E_INVALID_ARGUMENT,
         "connection.limits.service.unknown"},
        {with("retry", {{"maxAttempts", 0}}), MAILINT_E_INVALID_ARGUMENT, "connection.retry.max_attempts.invalid"},
        {with("verify", {"exchange", "smtp"}), MAILINT_E_INVALID_ARGUMENT, "connection.verify.unknown"},
        {with("schemaVersion", 2), MAILINT_E_VERSION, "connection.schema_version"},
    };
    // Skipping certificate checks is refused for Microsoft's clouds and for Microsoft's hosts.
    json insecure_global = with("allowInsecureTls", true);
    insecure_global["environment"] = "Global";
    insecure_global.erase("endpoint");
    cases.push_back({insecure_global, MAILINT_E_INVALID_ARGUMENT, "connection.allow_insecure_tls.unexpected"});
    json insecure_ms = with("allowInsecureTls", true);
    insecure_ms["endpoint"] = "https://outlook.office365.com";
    cases.push_back({insecure_ms, MAILINT_E_INVALID_ARGUMENT, "transport.tls.insecure_refused"});

    for (const auto &bad : cases) {
        INFO(bad.config.dump());
        mailint_connection *c = reinterpret_cast<mailint_connection *>(0x1);
        CHECK(connect(s.s, bad.config, &c) == bad.code);
        CHECK(c == nullptr);
        CHECK(std::string(mailint_error_last()->id) == bad.id);
        CHECK(std::string(mailint_error_last()->message).find(kDemoSecret) == std::string::npos);
    }
    // Not JSON at all.
    mailint_connection *c = nullptr;
    CHECK(mailint_connection_new(&c, s.s, "{\"schemaVersion\":", 0) == MAILINT_E_INVALID_ARGUMENT);
    CHECK(std::string(mailint_error_last()->id) == "request.json.malformed");

    // Every finding at once, in the detail.
    json many = base_config(emu.url(), {{"kind", "nope"}});
    many["tenantId"] = "x";
    many["clientId"] = "y";
    CHECK(connect(s.s, many, &c) == MAILINT_E_INVALID_ARGUMENT);
    auto detail = json::parse(mailint_error_last()->detail_json);
    std::vector<std::string> ids;
    for (const auto &d : detail["diagnostics"]) ids.push_back(d["id"]);
    CHECK(std::count(ids.begin(), ids.end(), "connection.tenant_id.invalid") == 1);
    CHECK(std::count(ids.begin(), ids.end(), "connection.client_id.invalid") == 1);
    CHECK(std::count(ids.begin(), ids.end(), "connection.auth.kind.unknown") == 1);

    // A device code sign-in with no way to show its prompt fails before asking for a code.
    CHECK(connect(s.s, base_config(emu.url(), {{"kind", "deviceCode"}}), &c) == MAILINT_E_FAILED_PRECONDITION);
    CHECK(std::string(mailint_error_last()->id) == "connection.notice.missing");

    CHECK(emu.requests().empty());
}

TEST_CASE("a client secret connects, describes itself without secrets and is freed", "[cabi][connection]") {
    auto &emu = shared_emulator();
    emu.reset();
    session_ptr s;
    s.secret("ClientSecret", kDemoSecret);
    mailint_connection *c = nullptr;
    int rc = connect(s.s, base_config(emu.url(), {{"kind", "clientSecret"}, {"secret", "ClientSecret"}}), &c);
    INFO(mailint_error_last()->id << ": " << mailint_error_last()->message);
    REQUIRE(rc == MAILINT_OK);
    REQUIRE(c != nullptr);
    // The session's copy may change or go: the connection kept its own.
    s.secret("ClientSecret", kWrongSecret);

    std::string text = describe(c);
    CHECK(text.find(kDemoSecret) == std::string::npos);
    auto doc = json::parse(text);
    CHECK(doc["schemaVersion"] == 1);
    CHECK(doc["tenantId"] == kDemoTenant);
    CHECK(doc["clientId"] == kDemoClient);
    CHECK(doc["environment"] == "Custom");
    CHECK(doc["endpoint"] == emu.url());
    CHECK(doc["authKind"] == "clientSecret");
    CHECK(doc["account"].is_null());
    CHECK(doc["connectedAt"].get<std::string>().size() == 20);

    // Exactly one token request, for Exchange Online, and the secret is not in the log.
    auto log = emu.requests();
    REQUIRE(log.size() == 1);
    CHECK(log[0]["path"].get<std::string>().find("/oauth2/v2.0/token") != std::string::npos);
    CHECK(log[0]["parameters"]["scope"] == "https://outlook.office365.com/.default");
    CHECK(log.dump().find(kDemoSecret) == std::string::npos);
    mailint_connection_free(c);
}

TEST_CASE("verify asks for each service's token; an empty verify sends nothing", "[cabi][connection]") {
    auto &emu = shared_emulator();
    emu.reset();
    session_ptr s;
    s.secret("ClientSecret", kDemoSecret);
    auto config = base_config(emu.url(), {{"kind", "clientSecret"}, {"secret", "ClientSecret"}});
    config["verify"] = json::array({"exchange", "graph"});
    mailint_connection *c = nullptr;
    REQUIRE(connect(s.s, config, &c) == MAILINT_OK);
    mailint_connection_free(c);
    CHECK(emu.requests().size() == 2);

    emu.reset();
    config["verify"] = json::array();
    REQUIRE(connect(s.s, config, &c) == MAILINT_OK);
    mailint_connection_free(c);
    CHECK(emu.requests().empty());
}

TEST_CASE("a wrong client secret is auth.invalid_secret and never echoed", "[cabi][connection]") {
    auto &emu = shared_emulator();
    emu.reset();
    session_ptr s;
    s.secret("ClientSecret", kWrongSecret);
    mailint_connection *c = nullptr;
    CHECK(connect(s.s, base_config(emu.url(), {{"kind", "clientSecret"}, {"secret", "ClientSecret"}}), &c) ==
          MAILINT_E_UNAUTHENTICATED);
    CHECK(c == nullptr);
    const auto *e = mailint_error_last();
    CHECK(std::string(e->id) == "auth.invalid_secret");
    CHECK(std::string(e->message).find(kWrongSecret) == std::string::npos);
    CHECK(std::string(e->detail_json).find(kWrongSecret) == std::string::npos);
    CHECK(emu.requests().dump().find(kWrongSecret) == std::string::npos);

    // An unknown tenant is its own id.
    s.secret("ClientSecret", kDemoSecret);
    auto config = base_config(emu.url(), {{"kind", "clientSecret"}, {"secret", "ClientSecret"}});
    config["tenantId"] = "99999999-2222-3333-4444-555555555555";
    CHECK(connect(s.s, config, &c) != MAILINT_OK);
    CHECK(std::string(mailint_error_last()->id) == "auth.tenant_not_found");
}

TEST_CASE("a certificate registered on the app connects with a signed assertion", "[cabi][connection]") {
    auto &emu = shared_emulator();
    emu.reset();
    const auto &cert = certificate();
    const std::string client = "3c0a3a2e-5d7b-4a55-9d8e-1f2a3b4c5d6e";
    json app = {{"tenantId", kDemoTenant},
                {"clientId", client},
                {"displayName", "C ABI certificate test"},
                {"certificates", {read_file(cert.pem)}},
                {"roles", {{"https://outlook.office365.com", {"Exchange.ManageAsApp"}}}}};
    auto registered = emu.post("/control/entra/apps", app.dump());
    REQUIRE(registered.status == 201);
    emu.post("/control/counters/reset", "{}");

    session_ptr s;
    s.secret("CertificatePassword", kPfxPassword);
    for (const char *header : {"x5t", "x5t#S256"}) {
        auto config = base_config(emu.url(), {{"kind", "certificate"},
                                              {"certificatePath", cert.pfx.string()},
                                              {"passwordSecret", "CertificatePassword"},
                                              {"thumbprintHeader", header}});
        config["clientId"] = client;
        mailint_connection *c = nullptr;
        int rc = connect(s.s, config, &c);
        INFO(header << " " << mailint_error_last()->id << ": " << mailint_error_last()->message);
        CHECK(rc == MAILINT_OK);
        if (c) CHECK(json::parse(describe(c))["authKind"] == "certificate");
        mailint_connection_free(c);
    }
    // The same bytes handed over as a secret instead of a path.
    std::ifstream in(cert.pfx, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    s.secret("CertificatePfx", bytes);
    auto config = base_config(emu.url(), {{"kind", "certificate"},
                                          {"certificateSecret", "CertificatePfx"},
                                          {"passwordSecret", "CertificatePassword"}});
    config["clientId"] = client;
    mailint_connection *c = nullptr;
    CHECK(connect(s.s, config, &c) == MAILINT_OK);
    mailint_connection_free(c);
    CHECK(emu.requests().dump().find(kPfxPassword) == std::string::npos);

    // A wrong password is a configuration finding: nothing is sent.
    emu.post("/control/counters/reset", "{}");
    s.secret("CertificatePassword", "not-the-password");
    CHECK(connect(s.s, config, &c) == MAILINT_E_INVALID_ARGUMENT);
    CHECK(std::string(mailint_error_last()->id) == "connection.auth.certificate.bad_password");
    CHECK(emu.requests().empty());
}

namespace {

struct device_code_prompt {
    std::atomic<int> notices{0};
    std::string user_code, message, uri, kind;
    unsigned int version = 0;
    int answer = 0;
    std::thread::id thread;
};

int on_notice(const mailint_notice *n, void *payload) {
    auto *p = static_cast<device_code_prompt *>(payload);
    p->version = n->version;
    p->kind = n->kind;
    p->user_code = n->user_code;
    p->message = n->message;
    p->uri = n->verification_uri;
    p->thread = std::this_thread::get_id();
    p->notices++;
    return p->answer;
}

}  // namespace

TEST_CASE("device code: the prompt reaches the notice callback, approval signs in, a user is named", "[cabi][connection]") {
    auto &emu = shared_emulator();
    emu.reset();
    REQUIRE(emu.post("/control/entra/settings", R"({"deviceCodeIntervalSeconds":1})").status == 200);
    session_ptr s;
    device_code_prompt prompt;
    REQUIRE(mailint_session_set_notice(s.s, on_notice, &prompt) == MAILINT_OK);
    auto config = base_config(emu.url(), {{"kind", "deviceCode"}});
    config.erase("clientId");  // the Exchange Online PowerShell public client by default

    // Approve from another thread once the code is known, as a person at a browser would.
    std::thread approver([&] {
        for (int i = 0; i < 200 && prompt.notices == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        json body = {{"user_code", prompt.user_code}, {"upn", "admin@contoso.onmicrosoft.com"}};
        emu.post("/control/entra/devicecode/approve", body.dump());
    });
    mailint_connection *c = nullptr;
    int rc = connect(s.s, config, &c);
    approver.join();
    INFO(mailint_error_last()->id << ": " << mailint_error_last()->message);
    REQUIRE(rc == MAILINT_OK);
    CHECK(prompt.notices == 1);
    CHECK(prompt.version == 1);
    CHECK(prompt.kind == "deviceCode");
    CHECK(prompt.thread == std::this_thread::get_id());  // callbacks only on the calling thread
    CHECK(prompt.user_code.size() == 9);
    CHECK(prompt.message.find(prompt.user_code) != std::string::npos);
    CHECK(prompt.uri.rfind(emu.url(), 0) == 0);
    auto doc = json::parse(describe(c));
    CHECK(doc["authKind"] == "deviceCode");
    CHECK(doc["clientId"] == "fb78d390-0c51-40cd-8e17-fdbfab77341b");
    CHECK(doc["account"] == "admin@contoso.onmicrosoft.com");
    mailint_connection_free(c);
}

TEST_CASE("device code: a notice callback that returns non-zero cancels", "[cabi][connection]") {
    auto &emu = shared_emulator();
    emu.reset();
    session_ptr s;
    device_code_prompt prompt;
    prompt.answer = 1;
    REQUIRE(mailint_session_set_notice(s.s, on_notice, &prompt) == MAILINT_OK);
    mailint_connection *c = nullptr;
    auto config = base_config(emu.url(), {{"kind", "deviceCode"}});
    config.erase("clientId");
    auto started = std::chrono::steady_clock::now();
    CHECK(connect(s.s, config, &c) == MAILINT_E_CANCELLED);
    CHECK(std::string(mailint_error_last()->id) == "auth.device_code.cancelled");
    CHECK(c == nullptr);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
}

TEST_CASE("a handed-in access token connects without a token request", "[cabi][connection]") {
    auto &emu = shared_emulator();
    emu.reset();
    auto answer = emu.post(std::string("/") + kDemoTenant + "/oauth2/v2.0/token",
                           form({{"grant_type", "client_credentials"},
                                 {"client_id", kDemoClient},
                                 {"client_secret", kDemoSecret},
                                 {"scope", "https://outlook.office365.com/.default"}}),
                           "application/x-www-form-urlencoded");
    REQUIRE(answer.status == 200);
    const std::string token = answer.json()["access_token"];
    emu.post("/control/counters/reset", "{}");

    session_ptr s;
    s.secret("AccessToken", token);
    auto config = base_config(emu.url(), {{"kind", "accessToken"}, {"secret", "AccessToken"}});
    config.erase("clientId");
    mailint_connection *c = nullptr;
    REQUIRE(connect(s.s, config, &c) == MAILINT_OK);
    std::string text = describe(c);
    CHECK(text.find(token) == std::string::npos);
    auto doc = json::parse(text);
    CHECK(doc["authKind"] == "accessToken");
    CHECK(doc["clientId"] == kDemoClient);  // from the token's appid
    CHECK(doc["account"].is_null());        // an app token names no user
    CHECK(emu.requests().empty());
    mailint_connection_free(c);

    // An expired token is refused up front.
    s.secret("AccessToken", "eyJhbGciOiJub25lIn0.eyJleHAiOjEwMDAwMDAwMDB9.x");
    CHECK(connect(s.s, config, &c) == MAILINT_E_UNAUTHENTICATED);
    CHECK(std::string(mailint_error_last()->id) == "auth.access_token.expired");
}

TEST_CASE("connections to two tenants from two threads share nothing", "[cabi][connection]") {
    auto &emu = shared_emulator();
    emu.reset();
    const std::string tenant2 = "22222222-3333-4444-5555-666666666666";
    const std::string client2 = "5b9c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3";
    const std::string secret2 = "second-tenant-secret-value-0042";
    json app = {{"tenantId", tenant2},          {"tenantDisplayName", "Fabrikam"},
                {"domains", {"fabrikam.onmicrosoft.com"}}, {"clientId", client2},
                {"secrets", {secret2}},        {"roles", {{"https://outlook.office365.com", {"Exchange.ManageAsApp"}}}}};
    REQUIRE(emu.post("/control/entra/apps", app.dump()).status == 201);

    std::atomic<int> ok{0};
    auto run = [&](std::string tenant, std::string client, std::string secret) {
        session_ptr s;
        s.secret("ClientSecret", secret);
        for (int i = 0; i < 3; ++i) {
            auto config = base_config(emu.url(), {{"kind", "clientSecret"}, {"secret", "ClientSecret"}});
            config["tenantId"] = tenant;
            config["clientId"] = client;
            mailint_connection *c = nullptr;
            if (connect(s.s, config, &c) == MAILINT_OK && json::parse(describe(c))["tenantId"] == tenant) ok++;
            mailint_connection_free(c);
        }
    };
    std::thread a(run, std::string(kDemoTenant), std::string(kDemoClient), std::string(kDemoSecret));
    std::thread b(run, tenant2, client2, secret2);
    a.join();
    b.join();
    CHECK(ok == 6);
}
