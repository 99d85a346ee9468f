#pragma once
// What Test-MailDnsRecord reports for one required record: how the live DNS compares with it,
// why, and what to change. One verdict per required record; the cmdlet layer shows status,
// expected and actual values and the message, and keys its error records on the finding id.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"
#include "dns/dns_record.h"

namespace mailint::dns {

enum class record_status {
    present,      // the live DNS holds the record (for SPF: a single record that authorises
                  // everything the required one does)
    missing,      // nothing of this kind at the name: the record is to be added
    different,    // the name holds records of this type, not this value (MX to another host, a
                  // CNAME to another target, an SPF lacking a required mechanism): to be edited
    conflicting,  // what is live makes the record impossible or ineffective as published: a CNAME
                  // beside other data (RFC 1034 §3.6.2), two SPF records or one receivers reject
                  // (RFC 7208 permerror), an MX preference that breaks the migration rule
    error,        // the live DNS could not be read: unknown, never taken for absent
};

const char *to_string(record_status s);  // "present", "missing", "different", "conflicting", "error"

struct verify_finding {
    // Stable: dns.verify.* for the verdicts, dns.query.* when a query failed, dns.spf.* passed on
    // from the SPF lookup count.
    std::string id;
    severity level = severity::error;
    std::string message;  // one English line: what is wrong and how to fix it
    nlohmann::json detail = nlohmann::json::object();  // e.g. {"lookups":12,"chain":[...]}
};

struct record_verdict {
    dns_record expected;
    record_status status = record_status::error;
    std::vector<std::string> actual;  // live values of this type at the name, as resource_record::value
    std::optional<std::string> suggested;  // the value to publish instead, when one can be computed
    // Never empty: the first decided the status; the rest add to it (e.g. an SPF that lacks the
    // Microsoft include *and* is over the lookup limit).
    std::vector<verify_finding> findings;

    const std::string &finding_id() const { return findings.front().id; }
    const std::string &message() const { return findings.front().message; }
    bool has_finding(std::string_view id) const;

    // {"name","fqdn","type","status","expected","expectedRecord","actual","suggested",
    //  "findingId","message","findings":[{"id","severity","message","detail"}]}; "expected" is the
    // value as administrators read it (resource_record::value's format).
    nlohmann::json to_json() const;
};

// The required record's value in resource_record::value's format ("10 mail.contoso.com").
std::string expected_value(const dns_record &record);

// A verdict whose status and first finding are given.
record_verdict make_verdict(const dns_record &expected, record_status status, std::string id, std::string message,
                            severity level = severity::error);

}  // namespace mailint::dns
