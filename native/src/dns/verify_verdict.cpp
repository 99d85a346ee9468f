#include "dns/verify_verdict.h"

#include <algorithm>

#include "dns/overloaded.h"

namespace mailint::dns {

const char *to_string(record_status s) {
    switch (s) {
    case record_status::present: return "present";
    case record_status::missing: return "missing";
    case record_status::different: return "different";
    case record_status::conflicting: return "conflicting";
    case record_status::error: return "error";
    }
    return "error";
}

bool record_verdict::has_finding(std::string_view id) const {
    return std::any_of(findings.begin(), findings.end(), [&](const verify_finding &f) { return f.id == id; });
}

std::string expected_value(const dns_record &record) {
    return std::visit(overloaded{
                          [](const a_data &d) { return d.address.to_string(); },
                          [](const mx_data &d) { return std::to_string(d.preference) + " " + d.exchange; },
                          [](const txt_data &d) { return d.text; },
                          [](const srv_data &d) {
                              return std::to_string(d.priority) + " " + std::to_string(d.weight) + " " +
                                     std::to_string(d.port) + " " + d.target;
                          },
                          [](const cname_data &d) { return d.canonical_name; },
                      },
                      record.data);
}

record_verdict make_verdict(const dns_record &expected, record_status status, std::string id, std::string message,
                            severity level) {
    record_verdict v;
    v.expected = expected;
    v.status = status;
    v.findings.push_back({std::move(id), level, std::move(message), nlohmann::json::object()});
    return v;
}

nlohmann::json record_verdict::to_json() const {
    nlohmann::json out{{"name", expected.name},
                       {"fqdn", expected.fqdn},
                       {"type", to_string(expected.type())},
                       {"status", to_string(status)},
                       {"expected", expected_value(expected)},
                       {"expectedRecord", expected.to_json()},
                       {"actual", actual},
                       {"suggested", suggested ? nlohmann::json(*suggested) : nlohmann::json(nullptr)},
                       {"findingId", findings.empty() ? std::string() : finding_id()},
                       {"message", findings.empty() ? std::string() : message()}};
    auto list = nlohmann::json::array();
    for (const auto &f : findings)
        list.push_back({{"id", f.id}, {"severity", to_string(f.level)}, {"message", f.message}, {"detail", f.detail}});
    out["findings"] = std::move(list);
    return out;
}

}  // namespace mailint::dns
