#include "store.h"

#include "traffic/request_annotation.h"

#include <stdexcept>

namespace emulator {

store::store(json seed, std::optional<std::string> log_file) : seed_(std::move(seed)), state_(seed_)
{
    if (log_file) {
        log_file_.emplace(*log_file, std::ios::app);
        if (!*log_file_)
            throw std::runtime_error("cannot open log file " + *log_file);
    }
}

json store::state()
{
    std::lock_guard lock(mutex_);
    return state_;
}

json store::requests()
{
    std::lock_guard lock(mutex_);
    return json{{"requests", log_}};
}

json store::counters()
{
    std::lock_guard lock(mutex_);
    json by_cmdlet = json::object();
    for (const auto& [name, count] : by_cmdlet_)
        by_cmdlet[name] = count;
    json result{{"reads", reads_}, {"writes", writes_}, {"byCmdlet", by_cmdlet}};
    // Only once a service request was counted, so a run of cmdlets alone keeps its old shape.
    for (const auto& [service, count] : by_service_)
        result["byService"][service] = json{{"reads", count.first}, {"writes", count.second}};
    return result;
}

void store::record(request_record record)
{
    std::lock_guard lock(mutex_);
    record_locked(std::move(record));
}

void store::record_locked(request_record record)
{
    json entry = {{"seq", next_seq_++},
                  {"method", record.method},
                  {"path", record.path},
                  {"cmdlet", record.cmdlet ? json(*record.cmdlet) : json(nullptr)},
                  {"parameters", std::move(record.parameters)},
                  {"write", record.write},
                  {"status", record.status}};
    // The members that only some services have appear only on their entries, so older entries keep
    // their exact shape.
    if (record.tenant)
        entry["tenant"] = *record.tenant;
    if (record.batch)
        entry["batch"] = *record.batch;
    // Every entry says when it was logged (ms since start-up) and in which traffic scope (null
    // outside one), so a test can check the spacing of retries against Retry-After.
    entry["atMs"] = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started_).count();
    const auto scope = traffic::current_scope();
    entry["scope"] = scope ? json(*scope) : json(nullptr);
    if (record.fault)
        entry["fault"] = *record.fault;
    // Ran, and its reply is then replaced by a fault (processedShare): counted like any request.
    if (const auto lost = traffic::current_lost_reply(); lost && !record.fault) {
        entry["fault"] = *lost;
        entry["processed"] = true;
    }
    if (record.fault) {
        // Refused by the traffic layer before any service ran: nothing was read or written.
    } else if (record.cmdlet) {
        ++(record.write ? writes_ : reads_);
        ++by_cmdlet_[*record.cmdlet];
    } else if (record.service) {
        ++(record.write ? writes_ : reads_);
        auto& count = by_service_[*record.service];
        ++(record.write ? count.second : count.first);
    }
    if (log_file_) {
        *log_file_ << dump_json(entry) << '\n';
        log_file_->flush();
    }
    log_.push_back(std::move(entry));
}

void store::reset()
{
    std::lock_guard lock(mutex_);
    state_ = seed_;
    clear_locked();
}

void store::replace(json new_state)
{
    std::lock_guard lock(mutex_);
    state_ = std::move(new_state);
    clear_locked();
}

void store::clear_log_and_counters()
{
    std::lock_guard lock(mutex_);
    clear_locked();
}

void store::clear_locked()
{
    log_.clear();
    next_seq_ = 1;
    reads_ = 0;
    writes_ = 0;
    by_cmdlet_.clear();
    by_service_.clear();
}

} // namespace emulator
