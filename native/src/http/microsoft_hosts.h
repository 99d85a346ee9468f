#pragma once
// Hosts of Microsoft's production services (Entra ID, Graph, Exchange Online, Dataverse) in every
// cloud. They are kept in one list because it guards credentials: a client secret, a signed
// assertion or a bearer token sent to one of these hosts over a connection whose certificate was
// not verified could be taken by anyone on the path. So the TLS opt-out (meant for the emulator
// or a lab endpoint with a self-signed certificate) and plain http:// are refused for them,
// whatever the caller asks.
#include <string_view>

namespace mailint::http {

// True for an exact listed host or any subdomain of a listed domain; case-insensitive, trailing
// dot ignored.
bool is_microsoft_service_host(std::string_view host);

}  // namespace mailint::http
