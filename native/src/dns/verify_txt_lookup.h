#pragma once
// The SPF lookup count (spf_lookups.h) asks for TXT records one name at a time; this answers it
// from the live resolver. For a run over many domains the include and redirect trees are fetched
// first, wave by wave, each wave concurrently on the resolver's channel, so the count itself then
// reads from memory instead of waiting out one round trip per include.
//
// A failed query stays a failure (txt_answer::status::error with the dns.query.* id in its text):
// the count then says it is incomplete rather than counting a void lookup that did not happen.
#include <span>
#include <string>
#include <unordered_map>

#include "dns/resolver.h"
#include "dns/spf_lookups.h"
#include "dns/spf_record.h"

namespace mailint::dns {

// The resolver's answer in the count's terms: each TXT record's strings joined; an alias
// followed to a name without TXT is nodata, to a missing name nxdomain.
txt_answer to_txt_answer(const query_answer &answer);

// One query per call, no memory: for a single domain checked once.
txt_lookup resolver_txt_lookup(resolver &r);

class txt_lookup_cache {
public:
    explicit txt_lookup_cache(resolver &r) : resolver_(r) {}

    // Fetches the include and redirect targets of `roots` concurrently, then those of the SPF
    // records found there, and so on for at most `waves` levels. Targets with macros are left to
    // the count (it decides what they mean). Only a speed-up: what is not fetched here is asked
    // by lookup() when the count needs it.
    void prefetch(std::span<const spf_record> roots, int waves = spf_max_lookups);

    // From memory, or one query (then remembered). Names are compared case-insensitively.
    txt_answer lookup(const std::string &name);

    // lookup() as the count's txt_lookup; the cache must outlive it.
    txt_lookup as_lookup() {
        return [this](const std::string &name) { return lookup(name); };
    }

    std::size_t size() const { return answers_.size(); }

private:
    resolver &resolver_;
    std::unordered_map<std::string, txt_answer> answers_;
};

}  // namespace mailint::dns
