#pragma once
// The command sessions one apply may use, by the transport name a plan step carries
// ("host-session", "graph", "exchange-online", "dns"). Every transport runs named commands with
// parameters as data (host_session's contract), so the executor, the journal and -WhatIf treat a
// Graph call exactly like an on-premises cmdlet: "Confirm-MgDomain -DomainId contoso.com".
#include <map>
#include <string>

#include "transport/host_session.h"

namespace mailint {

class transport_set {
public:
    transport_set() = default;
    explicit transport_set(host_session &host) { add("host-session", host); }

    // `session` must outlive the set.
    void add(std::string transport, host_session &session) { sessions_[std::move(transport)] = &session; }
    bool has(const std::string &transport) const { return sessions_.count(transport) != 0; }
    // Throws mailint::error internal (plan.transport.unavailable) when a plan names a transport
    // this apply was not given: a plan built for a connection applied without it.
    host_session &at(const std::string &transport) const;

private:
    std::map<std::string, host_session *> sessions_;
};

}  // namespace mailint
