#include "dns/text_render.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include "core/error.h"
#include "dns/overloaded.h"

namespace mailint::dns {

namespace {

constexpr const char *eol = "\r\n";
// Far more files than anyone keeps; only a bound so a folder that refuses every name cannot loop.
constexpr unsigned max_file_number = 1000000;

// Purposes and notes are prose: a line break in one would start a field of its own.
std::string one_line(std::string_view text) {
    std::string out(text);
    for (char &c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
    return out;
}

// TXT data is bytes that must reach the registrar unchanged, so a control byte is shown in the
// escape DNS software reads back rather than replaced.
std::string txt_value(std::string_view text) {
    std::string out;
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) {
            char esc[5];
            std::snprintf(esc, sizeof esc, "\\%03u", u);
            out += esc;
        } else {
            out += c;
        }
    }
    return out;
}

std::string without_trailing_dot(std::string_view host) {
    if (host.ends_with('.')) host.remove_suffix(1);
    return std::string(host);
}

using field = std::pair<const char *, std::string>;

std::vector<field> fields_of(const dns_record &r) {
    return std::visit(
        overloaded{
            [&](const a_data &d) {
                return std::vector<field>{{"HostName", r.name}, {"Address", d.address.to_string()}};
            },
            [&](const mx_data &d) {
                return std::vector<field>{{"HostName", r.name},
                                          {"Address", without_trailing_dot(d.exchange)},
                                          {"Priority", std::to_string(d.preference)}};
            },
            [&](const txt_data &d) { return std::vector<field>{{"HostName", r.name}, {"Text", txt_value(d.text)}}; },
            [&](const srv_data &d) {
                std::vector<field> out;
                if (auto parts = split_srv_owner(r.name)) {
                    out = {{"Service", parts->service}, {"Protocol", parts->protocol}, {"HostName", parts->host}};
                } else {
                    out = {{"HostName", r.name}};
                }
                out.insert(out.end(), {{"Priority", std::to_string(d.priority)},
                                       {"Weight", std::to_string(d.weight)},
                                       {"Port", std::to_string(d.port)},
                                       {"Target", without_trailing_dot(d.target)}});
                return out;
            },
            [&](const cname_data &d) {
                return std::vector<field>{{"HostName", r.name}, {"Address", without_trailing_dot(d.canonical_name)}};
            },
        },
        r.data);
}

[[noreturn]] void write_failed(const std::filesystem::path &file, int error_number) {
    throw error(errc::unavailable, "dns.text_file.write_failed",
                "Cannot write the DNS records file " + file.string() + ": " + std::strerror(error_number));
}

}  // namespace

std::string timespan_text(std::uint32_t seconds) {
    const std::uint32_t days = seconds / 86400;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02u:%02u:%02u", (seconds / 3600) % 24, (seconds / 60) % 60, seconds % 60);
    return days ? std::to_string(days) + "." + buf : std::string(buf);
}

std::string render_text(std::string_view zone, std::span<const dns_record> records,
                        const text_render_options &options) {
    const std::string z(zone);
    const std::string title = one_line(options.title.empty() ? "New DNS records for " + z : options.title);
    std::string out = title + eol + std::string(title.size(), '=') + eol + eol;
    out += "This server does not manage the DNS zone of " + z +
           ". Add each record below at the domain's registrar or DNS host; entry forms differ, so ask "
           "the registrar if a field is unclear." + eol;
    out += "HostName is relative to the domain: \"@\" means " + z +
           " itself. Host names in Address and Target are complete names." + eol;
    out += "TTL is hours:minutes:seconds (01:00:00 is 3600 seconds)." + std::string(eol);
    if (!options.notes.empty()) {
        out += std::string(eol) + "Notes:" + eol;
        for (const auto &note : options.notes) out += "- " + one_line(note) + eol;
    }
    const std::string total = std::to_string(records.size());
    std::size_t n = 0;
    for (const auto &r : records) {
        out += std::string(eol) + "Record " + std::to_string(++n) + " of " + total + ": " + to_string(r.type()) + eol;
        if (!r.purpose.empty()) out += "Purpose: " + one_line(r.purpose) + eol;
        out += std::string("Type=") + to_string(r.type()) + eol;
        out += "TTL=" + timespan_text(r.ttl) + eol;
        for (const auto &[name, value] : fields_of(r)) out += std::string(name) + "=" + value + eol;
    }
    return out;
}

std::string records_file_name(unsigned n) { return "NewDNSRecords_" + std::to_string(n) + ".txt"; }

std::filesystem::path next_records_file(const std::filesystem::path &folder) {
    for (unsigned n = 1; n <= max_file_number; ++n) {
        auto candidate = folder / records_file_name(n);
        std::error_code ec;
        if (!std::filesystem::exists(std::filesystem::symlink_status(candidate, ec))) return candidate;
    }
    throw error(errc::unavailable, "dns.text_file.write_failed",
                "Cannot find a free NewDNSRecords_<n>.txt name in " + folder.string());
}

std::filesystem::path write_records_file(const std::filesystem::path &folder, std::string_view text) {
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec))
        throw error(errc::not_found, "dns.text_file.folder_not_found",
                    "The folder " + folder.string() + " for the DNS records file does not exist");
    for (unsigned n = 1; n <= max_file_number; ++n) {
        auto file = folder / records_file_name(n);
        if (std::filesystem::exists(std::filesystem::symlink_status(file, ec))) continue;
        // "x": fail rather than overwrite when another writer took the name after the check above.
#ifdef _WIN32
        std::FILE *f = ::_wfopen(file.c_str(), L"wbx");  // the wide path: user folders need not be ANSI
#else
        std::FILE *f = std::fopen(file.c_str(), "wbx");
#endif
        if (!f) {
            if (errno == EEXIST) continue;
            write_failed(file, errno);
        }
        const bool written = std::fwrite(text.data(), 1, text.size(), f) == text.size();
        const int write_errno = errno;
        if (std::fclose(f) != 0 || !written) {
            const int error_number = written ? errno : write_errno;
            std::filesystem::remove(file, ec);
            write_failed(file, error_number);
        }
        return file;
    }
    throw error(errc::unavailable, "dns.text_file.write_failed",
                "Cannot find a free NewDNSRecords_<n>.txt name in " + folder.string());
}

}  // namespace mailint::dns
