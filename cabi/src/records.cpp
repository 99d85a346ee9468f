// mailint_records_render: the DNS records a scenario needs (seed X2), as JSON, zone or CSV.
#include "blueprint/scenario.h"
#include "dns/csv_render.h"
#include "dns/exchange_onprem_records.h"
#include "dns/zone_render.h"
#include "error_state.h"
#include "session.h"

using namespace mailint;

extern "C" {

MAILINT_EXTERN(int) mailint_records_render(mailint_session *session, const char *request_json, size_t len,
                                           int format, mailint_buf *out) {
    return cabi::guard([&] {
        if (!session || !out) throw error(errc::misuse, "abi.null_argument", "mailint_records_render: a required argument is NULL.");
        *out = MAILINT_BUF_INIT;
        auto request = cabi::parse_document(request_json, len);
        const auto &p = request_parameters(request);
        if (request.value("scenario", "") != "exchange-onprem")
            throw error(errc::unsupported, "request.scenario.unknown",
                        "DNS records are known for the scenario exchange-onprem only.");
        dns::exchange_onprem_dns_options options;
        if (auto h = p.find("HostName"); h != p.end() && h->is_string() && !h->get<std::string>().empty())
            options.host_label = h->get<std::string>();
        if (auto a = p.find("Autodiscover"); a != p.end() && a->is_string()) {
            auto v = a->get<std::string>();
            if (v == "A" || v == "a") options.autodiscover = dns::autodiscover_style::a_record;
            else if (v != "Srv" && v != "SRV" && v != "srv")
                throw error(errc::invalid_argument, "validation.autodiscover.unknown",
                            "Autodiscover must be Srv or A.");
        }
        if (auto t = p.find("Ttl"); t != p.end() && t->is_number_integer()) {
            auto ttl = t->get<long long>();
            if (ttl < 60 || ttl > 2147483647)
                throw error(errc::invalid_argument, "validation.ttl.out_of_range",
                            "Ttl must be between 60 and 2147483647 seconds.");
            options.ttl = static_cast<std::uint32_t>(ttl);
        }
        diagnostics found;
        auto records = dns::exchange_onprem_records(p.value("DomainName", ""), p.value("PublicIpAddress", ""),
                                                    options, found);
        if (found.has_errors() || !records) {
            const auto *first = found.first_error();
            throw error(errc::invalid_argument, first ? first->id : "validation.failed",
                        first ? first->message : "Invalid input.",
                        {{"diagnostics", found.to_json()}});
        }
        switch (format) {
        case MAILINT_RECORDS_JSON: {
            nlohmann::json doc = {{"schemaVersion", 1}, {"zone", records->zone}, {"hostName", records->host_name},
                                  {"records", nlohmann::json::array()}, {"certificateNames", records->certificate_names},
                                  {"notes", records->notes}, {"diagnostics", found.to_json()}};
            for (const auto &r : records->records) doc["records"].push_back(r.to_json());
            cabi::fill_buf(out, doc.dump());
            break;
        }
        case MAILINT_RECORDS_ZONE:
            cabi::fill_buf(out, dns::render_zone_fragment(records->zone, records->records,
                                                          {"Public DNS records for on-premises Exchange (X2)", options.ttl}));
            break;
        case MAILINT_RECORDS_CSV: cabi::fill_buf(out, dns::render_csv(records->records)); break;
        default: throw error(errc::invalid_argument, "render.format.unknown", "Unknown records format.");
        }
        return MAILINT_OK;
    });
}

}  // extern "C"
