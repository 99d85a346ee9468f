#pragma once
// Records as CSV (RFC 4180) for DNS hosts that are edited through a web form, one row per
// record, so the administrator copies field by field, and for spreadsheets and scripts.
//
// Columns, in this order, header row first:
//   Name      owner relative to the zone, "@" for the apex ("mail", "_autodiscover._tcp"),
//             the way registrar forms ask for it
//   Type      A, MX, TXT, SRV, CNAME
//   TTL       seconds
//   Value     A: the address; MX: the mail server; SRV: the target; CNAME: the canonical name
//             (host names absolute, without a trailing dot, as web forms expect them);
//             TXT: the whole text, unquoted and not split (forms split it themselves)
//   Priority  MX preference or SRV priority; empty for other types
//   Weight    SRV weight; empty otherwise
//   Port      SRV port; empty otherwise
//   Purpose   one English line saying what the record is for
// Lines end with CRLF; a field is quoted when it holds a comma, quote, CR, LF or leading or
// trailing space, with quotes doubled. Values are written as they are: no spreadsheet-formula
// escaping, because the data must survive a round trip through scripts unchanged.
#include <span>
#include <string>

#include "dns/dns_record.h"

namespace mailint::dns {

std::string render_csv(std::span<const dns_record> records);

}  // namespace mailint::dns
