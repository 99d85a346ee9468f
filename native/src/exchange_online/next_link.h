#pragma once
// Where the next page of an answer is fetched from. @odata.nextLink is the service's text, and
// following it sends the bearer token there, so only links back to the endpoint's own origin (or,
// for a Microsoft endpoint, to another Microsoft service host over https — the real service
// answers outlook.office365.com requests with outlook.office.com links) are followed.
#include <string>
#include <string_view>

namespace mailint::exchange_online {

// The absolute URL to POST the next page to; a relative link ("/adminapi/…") is taken against
// the base's origin. Throws mailint::error unavailable (exchange.next_link.refused) for a link
// to anywhere else or that is not an http(s) URL.
std::string resolve_next_link(std::string_view base, std::string_view link);

}  // namespace mailint::exchange_online
