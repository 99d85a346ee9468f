#pragma once
// Records as the plain text file the Essentials wizard leaves when the server does not manage the
// domain's zone (seed M3: "%username%\NewDNSRecords_(n).txt, where (n) is a number"), for the
// administrator to read while entering each record at the registrar.
//
// The M3 document names the file but does not show its contents. The one record it writes out,
// the optional mail CNAME, reads "Type=CNAME, TTL=01:00:00, HostName=mail,
// Address=mail.office365.com", so this layout (our design) uses those field names and that TTL
// form, one field per line, one block per record:
//
//   New DNS records for contoso.com
//   ===============================
//   <how to use the file: relative host names, "@", TTL format>
//
//   Notes:                                   (only when there are notes)
//   - <note>
//
//   Record 1 of 6: MX
//   Purpose: Routes mail for contoso.com to Exchange Online
//   Type=MX
//   TTL=01:00:00
//   HostName=@
//   Address=contoso-com.mail.protection.outlook.com
//   Priority=0
//
// Fields by type, after Type and TTL:
//   A      HostName, Address
//   MX     HostName, Address (the mail server), Priority (the MX preference)
//   TXT    HostName, Text (whole and unquoted: registrar forms quote and split it themselves)
//   CNAME  HostName, Address (the canonical name)
//   SRV    Service, Protocol, HostName (the name they go under, "@" for the domain), Priority,
//          Weight, Port, Target
// HostName is relative to the domain ("@" for the domain itself); host names in Address and
// Target are absolute without the trailing dot, as web forms want them. TTL is the TimeSpan form
// Windows shows ([d.]hh:mm:ss). Control characters in a TXT value are written as \DDD (RFC 1035),
// in a purpose or note as spaces, so every field stays on its line. Lines end with CRLF: the file
// is opened in Notepad on the Essentials server. UTF-8 without a byte order mark.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dns/dns_record.h"

namespace mailint::dns {

struct text_render_options {
    std::string title;               // first line; default "New DNS records for <zone>"
    std::vector<std::string> notes{};  // e.g. m365_dns::notes
};

std::string render_text(std::string_view zone, std::span<const dns_record> records,
                        const text_render_options &options = {});

// "01:00:00" for 3600, "1.00:00:00" for 86400: .NET TimeSpan's constant ("c") format.
std::string timespan_text(std::uint32_t seconds);

// "NewDNSRecords_<n>.txt". The document's "(n)" stands for the number, so it is not kept in the name.
std::string records_file_name(unsigned n);

// The wizard picks a random n; this picks the smallest n >= 1 whose file does not exist in
// `folder`, so successive runs sort in the order they were made and none is overwritten.
std::filesystem::path next_records_file(const std::filesystem::path &folder);

// Writes `text` to a new NewDNSRecords_<n>.txt in `folder`, the smallest free n, created
// exclusively: a file another process created meanwhile is never overwritten, the next n is used.
// Returns the file's path. Throws mailint::error:
//   dns.text_file.folder_not_found  (not_found)    `folder` is not an existing folder
//   dns.text_file.write_failed      (unavailable)  the file cannot be created or written
std::filesystem::path write_records_file(const std::filesystem::path &folder, std::string_view text);

}  // namespace mailint::dns
