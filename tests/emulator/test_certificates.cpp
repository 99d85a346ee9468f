// Import-/Enable-ExchangeCertificate with real PKCS#12 files.
#include "support/helpers.h"

#include <catch2/catch.hpp>

using namespace emutest;

TEST_CASE("Import-ExchangeCertificate reads a PFX with its password", "[certificate]")
{
    auto& emu = fresh_emulator();
    const std::string password = "P@ss\"w0rd;$(x)`é";
    const auto certificate = make_modern_pfx("/C=US/O=Contoso/CN=mail.contoso.com",
                                             {"mail.contoso.com", "autodiscover.contoso.com"}, password);
    const auto reply = emu.invoke("Import-ExchangeCertificate", {{"FileData", byte_array(certificate.pfx)},
                                                                {"Password", secure_string(password)},
                                                                {"PrivateKeyExportable", true},
                                                                {"Force", true}});
    REQUIRE(reply.status == 200);
    const json expected = {{"Thumbprint", certificate.thumbprint},
                           {"Subject", "CN=mail.contoso.com, O=Contoso, C=US"},
                           {"Issuer", "CN=mail.contoso.com, O=Contoso, C=US"},
                           {"CertificateDomains", json::array({"mail.contoso.com", "autodiscover.contoso.com"})},
                           {"Services", "None"},
                           {"NotBefore", certificate.not_before},
                           {"NotAfter", certificate.not_after},
                           {"HasPrivateKey", true},
                           {"IsSelfSigned", true}};
    CHECK(value_of(reply) == json::array({expected}));
    CHECK(org_state(emu).at("certificates").at(1) == expected);

    // The same certificate again is refused, as in Exchange.
    const auto again = emu.invoke("Import-ExchangeCertificate", {{"FileData", byte_array(certificate.pfx)},
                                                                {"Password", secure_string(password)}});
    CHECK(again.status == 400);
    CHECK(again.exception_class() == "Microsoft.Exchange.Configuration.Tasks.ManagementObjectAlreadyExistsException");
}

TEST_CASE("Import-ExchangeCertificate reads a legacy RC2-40 PFX", "[certificate]")
{
    auto& emu = fresh_emulator();
    const auto certificate = make_legacy_pfx("/CN=legacy.contoso.com", {}, "legacy-secret");
    const auto reply = emu.invoke("Import-ExchangeCertificate", {{"FileData", byte_array(certificate.pfx)},
                                                                {"Password", secure_string("legacy-secret")}});
    REQUIRE(reply.status == 200);
    const json imported = value_of(reply).at(0);
    CHECK(imported.at("Thumbprint") == certificate.thumbprint);
    CHECK(imported.at("Subject") == "CN=legacy.contoso.com");
    // No SAN: the CN is the only domain.
    CHECK(imported.at("CertificateDomains") == json::array({"legacy.contoso.com"}));
    CHECK(imported.at("HasPrivateKey") == true);
}

TEST_CASE("a wrong PFX password is 400 CryptographicException", "[certificate]")
{
    auto& emu = fresh_emulator();
    const auto modern = make_modern_pfx("/CN=mail.contoso.com", {"mail.contoso.com"}, "right");
    const auto legacy = make_legacy_pfx("/CN=mail.contoso.com", {"mail.contoso.com"}, "right");
    for (const auto* certificate : {&modern, &legacy}) {
        const auto reply = emu.invoke("Import-ExchangeCertificate", {{"FileData", byte_array(certificate->pfx)},
                                                                    {"Password", secure_string("wrong")}});
        CHECK(reply.status == 400);
        CHECK(reply.exception_class() == "System.Security.Cryptography.CryptographicException");
        CHECK(reply.error_text() == "The PKCS12 password is incorrect.");
    }
    const auto garbage = emu.invoke("Import-ExchangeCertificate", {{"FileData", byte_array({1, 2, 3, 4})},
                                                                  {"Password", secure_string("x")}});
    CHECK(garbage.status == 400);
    CHECK(garbage.exception_class() == "System.Security.Cryptography.CryptographicException");
    CHECK(org_state(emu).at("certificates").size() == 1);
}

TEST_CASE("Enable-ExchangeCertificate adds services, given as one string or as a list", "[certificate]")
{
    auto& emu = fresh_emulator();
    const auto a = make_modern_pfx("/CN=a.contoso.com", {"a.contoso.com"}, "pw");
    const auto b = make_modern_pfx("/CN=b.contoso.com", {"b.contoso.com"}, "pw");
    for (const auto* certificate : {&a, &b})
        REQUIRE(emu.invoke("Import-ExchangeCertificate", {{"FileData", byte_array(certificate->pfx)},
                                                          {"Password", secure_string("pw")}})
                    .status == 200);

    REQUIRE(emu.invoke("Enable-ExchangeCertificate",
                       {{"Thumbprint", a.thumbprint}, {"Services", "POP, IIS, IMAP, SMTP"}, {"Force", true}})
                .status == 200);
    REQUIRE(emu.invoke("Enable-ExchangeCertificate",
                       {{"Thumbprint", b.thumbprint}, {"Services", json::array({"SMTP", "iis"})}, {"Server", "EX01"}})
                .status == 200);
    REQUIRE(emu.invoke("Enable-ExchangeCertificate", {{"Identity", "EX01\\" + b.thumbprint}, {"Services", "POP"}}).status == 200);
    const json certificates = org_state(emu).at("certificates");
    CHECK(certificates.at(1).at("Services") == "IMAP, POP, IIS, SMTP");
    CHECK(certificates.at(2).at("Services") == "POP, IIS, SMTP");

    CHECK(emu.invoke("Enable-ExchangeCertificate", {{"Thumbprint", a.thumbprint}, {"Services", "POP, Fax"}}).status == 400);
    CHECK(emu.invoke("Enable-ExchangeCertificate", {{"Thumbprint", std::string(40, '0')}, {"Services", "IIS"}}).status == 404);
    CHECK(emu.invoke("Enable-ExchangeCertificate", {{"Services", "IIS"}}).status == 400);
}
