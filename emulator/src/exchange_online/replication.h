#pragma once
// Directory replication as Exchange Online shows it (wire-apis.md §1.7): an object made by New-*
// is not yet on the domain controller that serves the next Get-/Set-/Remove-, which answer 404
// until the delay has passed. Only creation times are kept here, outside the state document, so
// GET /control/state shows the object as stored and a seed or reset forgets the delays.
#include <chrono>
#include <map>
#include <string>
#include <string_view>

namespace emulator::exchange_online {

class replication {
public:
    using clock = std::chrono::steady_clock;

    // `kind` names the collection ("TransportRule" …); names compare case-insensitively.
    void created(std::string_view tenant_id, std::string_view kind, std::string_view name, double delay_seconds);
    bool visible(std::string_view tenant_id, std::string_view kind, std::string_view name) const;
    void forget(std::string_view tenant_id, std::string_view kind, std::string_view name);
    void clear() { pending_.clear(); }

private:
    static std::string key(std::string_view tenant_id, std::string_view kind, std::string_view name);
    std::map<std::string, clock::time_point> pending_;  // key → when the object becomes visible
};

} // namespace emulator::exchange_online
