#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <string>
#include <vector>

#include <openssl/objects.h>
#include <openssl/provider.h>

#include "core/diagnostic.h"
#include "../support/pfx_factory.h"
#include "../support/temp_dir.h"
#include "validate/pfx_certificate.h"

using namespace mailint;
using namespace mailint::validate;
using namespace std::chrono;
using mailint::test::pfx_encryption;
using mailint::test::pfx_spec;

namespace {

std::span<const unsigned char> bytes_of(const std::string &s) {
    return {reinterpret_cast<const unsigned char *>(s.data()), s.size()};
}

const std::string default_password = *pfx_spec{}.password;

certificate_requirements wants(std::vector<std::string> hosts) {
    certificate_requirements r;
    r.host_names = std::move(hosts);
    return r;
}

std::vector<std::string> ids_of(const diagnostics &d) {
    std::vector<std::string> ids;
    for (const auto &item : d.items()) ids.push_back(item.id);
    return ids;
}

}  // namespace

TEST_CASE("a modern self-signed PFX with SANs is read completely", "[validate][pfx]") {
    pfx_spec spec;
    spec.dns_names = {"mail.contoso.com", "Autodiscover.Contoso.com"};
    spec.not_before = sys_seconds{sys_days{2024y / January / 15} + 8h + 30min};
    spec.not_after = sys_seconds{sys_days{2099y / December / 31} + 23h + 59min + 59s};
    auto made = test::make_pfx(spec);

    auto r = read_pfx(made.bytes, bytes_of(default_password));
    REQUIRE(r.status == pfx_status::ok);
    REQUIRE(r.certificate);
    const auto &c = *r.certificate;
    CHECK(c.thumbprint == test::sha1_hex(made.certificate_der));
    CHECK(c.thumbprint.size() == 40);
    CHECK(c.subject == "CN=mail.contoso.com, O=Contoso, C=US");
    CHECK(c.issuer == c.subject);
    CHECK(c.dns_names == std::vector<std::string>{"mail.contoso.com", "autodiscover.contoso.com"});
    CHECK(c.not_before == sys_days{2024y / January / 15} + 8h + 30min);
    CHECK(c.not_after == sys_days{2099y / December / 31} + 23h + 59min + 59s);
    CHECK(c.has_private_key);
    CHECK(c.self_signed);
    CHECK_FALSE(c.legacy_format);
    CHECK(c.covers("MAIL.contoso.com."));
    CHECK(c.covers("autodiscover.contoso.com"));
    CHECK_FALSE(c.covers("contoso.com"));
}

TEST_CASE("an RC2-40 legacy PFX is read through the legacy provider, without touching the default context",
          "[validate][pfx]") {
    pfx_spec spec;
    spec.encryption = pfx_encryption::legacy_rc2_40;
    auto made = test::make_pfx(spec);
    auto nids = test::pfx_encryption_nids(made.bytes);
    REQUIRE_FALSE(nids.empty());
    CHECK(nids.front() == NID_pbe_WithSHA1And40BitRC2_CBC);  // the file really is RC2-40

    auto r = read_pfx(made.bytes, bytes_of(default_password));
    REQUIRE(r.status == pfx_status::ok);
    CHECK(r.certificate->legacy_format);
    CHECK(r.certificate->has_private_key);
    CHECK(r.certificate->thumbprint == test::sha1_hex(made.certificate_der));
    // The reader loaded "legacy" into a context of its own; the process-wide one is unchanged.
    CHECK(OSSL_PROVIDER_available(nullptr, "legacy") == 0);

    CHECK(read_pfx(made.bytes, bytes_of("wrong")).status == pfx_status::bad_password);
    CHECK(read_pfx(made.bytes, {}).status == pfx_status::password_missing);
}

TEST_CASE("wrong and missing passwords are told apart, with and without a MAC", "[validate][pfx]") {
    for (bool mac : {true, false}) {
        CAPTURE(mac);
        pfx_spec spec;
        spec.mac = mac;
        auto made = test::make_pfx(spec);
        CHECK(read_pfx(made.bytes, bytes_of("not the password")).status == pfx_status::bad_password);
        CHECK(read_pfx(made.bytes, {}).status == pfx_status::password_missing);
        CHECK(read_pfx(made.bytes, bytes_of(default_password)).status == pfx_status::ok);
    }
}

TEST_CASE("a PFX with nothing encrypted still checks the password through its MAC", "[validate][pfx]") {
    pfx_spec spec;
    spec.encryption = pfx_encryption::none;
    auto made = test::make_pfx(spec);
    auto nids = test::pfx_encryption_nids(made.bytes);
    CHECK(nids.empty());
    CHECK(read_pfx(made.bytes, bytes_of("not the password")).status == pfx_status::bad_password);
    auto ok = read_pfx(made.bytes, bytes_of(default_password));
    REQUIRE(ok.status == pfx_status::ok);
    CHECK(ok.certificate->has_private_key);
}

TEST_CASE("PFX files without a password or with an empty one open with no password given", "[validate][pfx]") {
    for (std::optional<std::string> password : {std::optional<std::string>{}, std::optional<std::string>{""}}) {
        CAPTURE(password.has_value());
        pfx_spec spec;
        spec.password = password;
        auto made = test::make_pfx(spec);
        auto r = read_pfx(made.bytes, {});
        REQUIRE(r.status == pfx_status::ok);
        CHECK(r.certificate->has_private_key);
    }
}

TEST_CASE("non-ASCII passwords are used as UTF-8, as Windows exports them", "[validate][pfx]") {
    pfx_spec spec;
    spec.password = "P\xC3\xA4ssw\xC3\xB6rter-\xE2\x82\xAC";  // "Pässwörter-€"
    auto made = test::make_pfx(spec);
    CHECK(read_pfx(made.bytes, bytes_of(*spec.password)).status == pfx_status::ok);
    CHECK(read_pfx(made.bytes, bytes_of("Passworter-E")).status == pfx_status::bad_password);
}

TEST_CASE("a certificate issued by a CA is picked over the CA certificate in the same PFX", "[validate][pfx]") {
    pfx_spec spec;
    spec.self_signed = false;
    auto made = test::make_pfx(spec);
    auto r = read_pfx(made.bytes, bytes_of(default_password));
    REQUIRE(r.status == pfx_status::ok);
    CHECK(r.certificate->thumbprint == test::sha1_hex(made.certificate_der));
    CHECK(r.certificate->thumbprint != test::sha1_hex(made.ca_der));
    CHECK_FALSE(r.certificate->self_signed);
    CHECK(r.certificate->issuer == "CN=Contoso Test CA, O=Contoso, C=US");
    CHECK(r.certificate->has_private_key);
}

TEST_CASE("without a SAN extension the common name is the DNS name", "[validate][pfx]") {
    pfx_spec spec;
    spec.dns_names = {};
    spec.common_name = "Mail.Contoso.com";
    auto r = read_pfx(test::make_pfx(spec).bytes, bytes_of(default_password));
    REQUIRE(r.status == pfx_status::ok);
    CHECK(r.certificate->dns_names == std::vector<std::string>{"mail.contoso.com"});
}

TEST_CASE("with a SAN extension the common name is ignored", "[validate][pfx]") {
    pfx_spec spec;
    spec.common_name = "legacy-name.contoso.com";
    spec.dns_names = {"mail.contoso.com"};
    auto r = read_pfx(test::make_pfx(spec).bytes, bytes_of(default_password));
    REQUIRE(r.status == pfx_status::ok);
    CHECK(r.certificate->dns_names == std::vector<std::string>{"mail.contoso.com"});
    CHECK_FALSE(r.certificate->covers("legacy-name.contoso.com"));
}

TEST_CASE("a not-after of 9999 saturates instead of overflowing", "[validate][pfx]") {
    pfx_spec spec;
    spec.not_after = sys_seconds{sys_days{9999y / December / 31} + 23h + 59min + 59s};
    auto r = read_pfx(test::make_pfx(spec).bytes, bytes_of(default_password));
    REQUIRE(r.status == pfx_status::ok);
    CHECK(r.certificate->not_after == system_clock::time_point::max());
    diagnostics d;
    test::temp_dir dir;
    auto path = test::write_pfx(dir.path(), "forever.pfx", spec);
    validate_pfx_certificate(path, bytes_of(default_password), wants({"mail.contoso.com"}), d);
    CHECK(d.empty());
}

TEST_CASE("wildcards cover exactly one left-most label", "[validate][pfx]") {
    CHECK(certificate_name_covers("*.contoso.com", "mail.contoso.com"));
    CHECK(certificate_name_covers("*.Contoso.com.", "MAIL.contoso.com"));
    CHECK_FALSE(certificate_name_covers("*.contoso.com", "a.b.contoso.com"));
    CHECK_FALSE(certificate_name_covers("*.contoso.com", "contoso.com"));
    CHECK_FALSE(certificate_name_covers("*.contoso.com", ".contoso.com"));
    CHECK_FALSE(certificate_name_covers("*.com", "contoso.com"));
    CHECK_FALSE(certificate_name_covers("m*.contoso.com", "mail.contoso.com"));
    CHECK_FALSE(certificate_name_covers("*.*.contoso.com", "a.b.contoso.com"));
    CHECK_FALSE(certificate_name_covers("mail.contoso.com", "mail.contoso.co"));
    CHECK_FALSE(certificate_name_covers("", "mail.contoso.com"));

    pfx_spec spec;
    spec.common_name = "*.contoso.com";
    spec.dns_names = {"*.contoso.com"};
    test::temp_dir dir;
    auto path = test::write_pfx(dir.path(), "wildcard.pfx", spec);
    diagnostics d;
    auto cert = validate_pfx_certificate(path, bytes_of(default_password),
                                         wants({"mail.contoso.com", "autodiscover.contoso.com"}), d);
    REQUIRE(cert);
    CHECK(d.empty());

    diagnostics bad;
    validate_pfx_certificate(path, bytes_of(default_password), wants({"a.b.contoso.com", "contoso.com"}), bad);
    CHECK(ids_of(bad) == std::vector<std::string>{"validation.certificate.name_mismatch",
                                                  "validation.certificate.name_mismatch"});
}

TEST_CASE("validate_pfx_certificate: a good certificate gives no findings", "[validate][pfx]") {
    test::temp_dir dir;
    auto path = test::write_pfx(dir.path(), "good.pfx", pfx_spec{});
    diagnostics d;
    auto cert = validate_pfx_certificate(path, bytes_of(default_password), wants({"mail.contoso.com"}), d);
    REQUIRE(cert);
    CHECK(d.empty());
    CHECK(cert->dns_names == std::vector<std::string>{"mail.contoso.com"});
}

TEST_CASE("validate_pfx_certificate: each problem has its id, target and message", "[validate][pfx]") {
    test::temp_dir dir;
    const auto now = system_clock::now();

    SECTION("file missing") {
        diagnostics d;
        CHECK_FALSE(validate_pfx_certificate(dir / "absent.pfx", {}, wants({}), d));
        REQUIRE(d.items().size() == 1);
        CHECK(d.items()[0].id == "validation.certificate.not_found");
        CHECK(d.items()[0].target == "CertPath");
        CHECK_THAT(d.items()[0].message, Catch::Contains("absent.pfx' does not exist"));
    }
    SECTION("not a PKCS#12 file: PEM, DER certificate, random bytes, empty, a folder") {
        auto made = test::make_pfx(pfx_spec{});
        test::write_file(dir / "cert.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        test::write_file(dir / "cert.cer", made.certificate_der);
        test::write_file(dir / "random.pfx", std::vector<unsigned char>{0x30, 0x82, 0x01, 0x00, 0x02, 0x01});
        test::write_file(dir / "empty.pfx", std::vector<unsigned char>{});
        std::filesystem::create_directory(dir / "folder.pfx");
        struct row {
            const char *file;
            const char *says;
        };
        for (const auto &[file, says] : {row{"cert.pem", "is a PEM file"}, row{"cert.cer", "without its private key (.cer)"},
                                         row{"random.pfx", "is not a PKCS#12 (.pfx) file"},
                                         row{"empty.pfx", "is empty"}, row{"folder.pfx", "is a folder"}}) {
            CAPTURE(file);
            diagnostics d;
            CHECK_FALSE(validate_pfx_certificate(dir / file, bytes_of(default_password), wants({}), d));
            REQUIRE(d.items().size() == 1);
            CHECK(d.items()[0].id == "validation.certificate.unreadable");
            CHECK(d.items()[0].target == "CertPath");
            CHECK_THAT(d.items()[0].message, Catch::Contains(says));
        }
    }
    SECTION("wrong password") {
        auto path = test::write_pfx(dir.path(), "c.pfx", pfx_spec{});
        diagnostics d;
        CHECK_FALSE(validate_pfx_certificate(path, bytes_of("Contoso-P@ss 2"), wants({}), d));
        REQUIRE(d.items().size() == 1);
        CHECK(d.items()[0].id == "validation.certificate.bad_password");
        CHECK(d.items()[0].target == "CertPassword");
        CHECK_THAT(d.items()[0].message, Catch::StartsWith("CertPassword does not open '"));
    }
    SECTION("password needed but none given") {
        auto path = test::write_pfx(dir.path(), "c.pfx", pfx_spec{});
        diagnostics d;
        CHECK_FALSE(validate_pfx_certificate(path, {}, wants({}), d));
        REQUIRE(d.items().size() == 1);
        CHECK(d.items()[0].id == "validation.certificate.password_missing");
        CHECK(d.items()[0].target == "CertPassword");
        CHECK_THAT(d.items()[0].message, Catch::EndsWith("is protected by a password; give it as CertPassword"));
    }
    SECTION("certificate without its private key") {
        pfx_spec spec;
        spec.include_private_key = false;
        auto path = test::write_pfx(dir.path(), "nokey.pfx", spec);
        diagnostics d;
        auto cert = validate_pfx_certificate(path, bytes_of(default_password), wants({"mail.contoso.com"}), d);
        REQUIRE(cert);  // still described, so the thumbprint can be shown
        CHECK_FALSE(cert->has_private_key);
        CHECK(ids_of(d) == std::vector<std::string>{"validation.certificate.no_private_key"});
        CHECK_THAT(d.items()[0].message, Catch::Contains("thumbprint " + cert->thumbprint) &&
                                             Catch::Contains("without its private key"));
    }
    SECTION("expired, with the date") {
        pfx_spec spec;
        spec.not_before = sys_seconds{sys_days{2019y / February / 1}};
        spec.not_after = sys_seconds{sys_days{2020y / January / 31} + 12h};
        auto path = test::write_pfx(dir.path(), "old.pfx", spec);
        diagnostics d;
        validate_pfx_certificate(path, bytes_of(default_password), wants({"mail.contoso.com"}), d);
        CHECK(ids_of(d) == std::vector<std::string>{"validation.certificate.expired"});
        CHECK_THAT(d.items()[0].message, Catch::Contains("expired on 2020-01-31 12:00:00 UTC"));
        CHECK(d.items()[0].target == "CertPath");
    }
    SECTION("not yet valid, with the date") {
        pfx_spec spec;
        spec.not_before = floor<seconds>(now) + hours(24 * 10);
        spec.not_after = floor<seconds>(now) + hours(24 * 400);
        auto path = test::write_pfx(dir.path(), "future.pfx", spec);
        diagnostics d;
        validate_pfx_certificate(path, bytes_of(default_password), wants({"mail.contoso.com"}), d);
        CHECK(ids_of(d) == std::vector<std::string>{"validation.certificate.not_yet_valid"});
        CHECK_THAT(d.items()[0].message, Catch::Contains("is not valid before "));
    }
    SECTION("the clock used is the one in the requirements") {
        auto path = test::write_pfx(dir.path(), "c.pfx", pfx_spec{});
        auto req = wants({"mail.contoso.com"});
        req.now = now + hours(24 * 366 * 2);
        diagnostics d;
        validate_pfx_certificate(path, bytes_of(default_password), req, d);
        CHECK(ids_of(d) == std::vector<std::string>{"validation.certificate.expired"});
    }
    SECTION("name mismatch names the host and lists the certificate's names") {
        pfx_spec spec;
        spec.dns_names = {"www.fabrikam.com", "fabrikam.com"};
        auto path = test::write_pfx(dir.path(), "other.pfx", spec);
        diagnostics d;
        validate_pfx_certificate(path, bytes_of(default_password), wants({"mail.contoso.com"}), d);
        CHECK(ids_of(d) == std::vector<std::string>{"validation.certificate.name_mismatch"});
        CHECK_THAT(d.items()[0].message,
                   Catch::Contains("does not cover mail.contoso.com; it covers only www.fabrikam.com, fabrikam.com"));
    }
    SECTION("every finding is collected, not only the first") {
        pfx_spec spec;
        spec.include_private_key = false;
        spec.not_after = sys_seconds{sys_days{2020y / January / 31}};
        spec.not_before = sys_seconds{sys_days{2019y / January / 31}};
        spec.dns_names = {"www.fabrikam.com"};
        auto path = test::write_pfx(dir.path(), "bad.pfx", spec);
        diagnostics d;
        validate_pfx_certificate(path, bytes_of(default_password),
                                 wants({"mail.contoso.com", "autodiscover.contoso.com"}), d);
        CHECK(ids_of(d) == std::vector<std::string>{"validation.certificate.no_private_key",
                                                    "validation.certificate.expired",
                                                    "validation.certificate.name_mismatch",
                                                    "validation.certificate.name_mismatch"});
    }
    SECTION("the targets follow the parameter names given") {
        auto path = test::write_pfx(dir.path(), "c.pfx", pfx_spec{});
        auto req = wants({});
        req.password_parameter = "PrivateKeyPassword";
        diagnostics d;
        validate_pfx_certificate(path, bytes_of("nope"), req, d);
        REQUIRE(d.items().size() == 1);
        CHECK(d.items()[0].target == "PrivateKeyPassword");
    }
}

TEST_CASE("no message ever contains the password", "[validate][pfx]") {
    const std::string secret = "Sup3r-Secret-Value";
    test::temp_dir dir;
    pfx_spec spec;
    spec.password = secret;
    spec.include_private_key = false;
    spec.dns_names = {"other.example"};
    spec.not_before = sys_seconds{sys_days{2019y / January / 1}};
    spec.not_after = sys_seconds{sys_days{2020y / January / 1}};
    auto path = test::write_pfx(dir.path(), "c.pfx", spec);
    test::write_file(dir / "junk.pfx", secret);

    diagnostics d;
    validate_pfx_certificate(path, bytes_of(secret), wants({"mail.contoso.com"}), d);
    validate_pfx_certificate(path, bytes_of(secret + "x"), wants({}), d);
    validate_pfx_certificate(dir / "junk.pfx", bytes_of(secret), wants({}), d);
    validate_pfx_certificate(dir / "missing.pfx", bytes_of(secret), wants({}), d);
    REQUIRE(d.items().size() == 6);
    for (const auto &item : d.items()) CHECK(item.message.find("Secret") == std::string::npos);
}

TEST_CASE("concurrent reads are independent", "[validate][pfx]") {
    pfx_spec legacy_spec;
    legacy_spec.encryption = pfx_encryption::legacy_rc2_40;
    const auto legacy = test::make_pfx(legacy_spec);
    const auto modern = test::make_pfx(pfx_spec{});
    std::vector<std::future<bool>> runs;
    for (int i = 0; i < 8; ++i) {
        runs.push_back(std::async(std::launch::async, [&, i] {
            bool ok = true;
            for (int n = 0; n < 3; ++n) {
                const auto &file = (i + n) % 2 ? legacy : modern;
                auto r = read_pfx(file.bytes, bytes_of(default_password));
                ok = ok && r.status == pfx_status::ok &&
                     r.certificate->legacy_format == (&file == &legacy) &&
                     r.certificate->thumbprint == test::sha1_hex(file.certificate_der);
                ok = ok && read_pfx(file.bytes, bytes_of("wrong")).status == pfx_status::bad_password;
            }
            return ok;
        }));
    }
    for (auto &run : runs) CHECK(run.get());
    CHECK(OSSL_PROVIDER_available(nullptr, "legacy") == 0);
}
