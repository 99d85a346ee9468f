#pragma once
// The Dataverse tables the emulator holds and their columns, with the types and the exact option
// values of wire-apis.md §3.1–3.3, so writes are validated as Dataverse validates them.
#include "util/json.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace emulator::dataverse {

enum class column_kind { text, memo, integer, boolean, picklist, guid, datetime, lookup };

struct column {
    std::string name;  // logical name; for a lookup, its navigation property (stored as _<name>_value)
    column_kind kind = column_kind::text;
    std::vector<int> options;               // picklist: the valid values
    long long min = 0, max = 0;             // integer: the valid range (min == max: unbounded)
    std::size_t max_length = 0;             // text: 0 = unbounded
    std::vector<std::string> targets;       // lookup: entity sets it may point to
    bool writable = true;                   // false: system-maintained, a write is refused
    bool readable = true;                   // false: write-only (secrets), never stored or returned
    json default_value = nullptr;
};

struct table {
    std::string set;      // "mailboxes"
    std::string logical;  // "mailbox"
    std::string key;      // "mailboxid"
    bool creatable = true;
    std::vector<column> columns;
};

const std::vector<table>& tables();
const table* find_table(std::string_view set);
const column* find_column(const table& t, std::string_view name);
// The stored (and $select / $filter) name of a column: "_<name>_value" for lookups.
std::string stored_name(const column& c);
// The column a stored or selectable name refers to: a column name or a lookup's _<name>_value.
const column* column_for_attribute(const table& t, std::string_view attribute);

} // namespace emulator::dataverse
