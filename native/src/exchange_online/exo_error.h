#pragma once
// Exchange Online's failure answers (wire-apis.md §1.7) as mailint::error with stable ids, and
// which of them are worth sending again (§1.8).
//
// The envelope is {"error":{"code","message","details":[{"message":"<stringId>|<Class>|<text>"}],
// "innererror":{…}}}; the exception class is what tells the failures apart (error.message is
// "Error executing cmdlet" or "Invalid Operation" whatever happened). A 403 has no envelope at
// all — its body is a run of NUL bytes — and the reason is in the x-ms-diagnostics header.
//
// Ids (errc):
//   exchange.object_not_found (not_found)          ManagementObjectNotFoundException, or a 404
//   exchange.object_already_exists (already_exists) ManagementObjectAlreadyExistsException
//   exchange.parameter_invalid (invalid_argument)  ParameterBindingException & co., or a 400
//                                                  whose text names a parameter
//   exchange.validation_failed (invalid_argument)  DataValidationException, or any other 400
//   exchange.permission_denied (permission_denied) 403 (missing role / RBAC, unknown cmdlet)
//   exchange.unauthenticated (unauthenticated)     401 after the channel re-acquired the token
//   exchange.throttled (throttled)                 429 after the retries
//   exchange.unavailable (unavailable)             5xx (or a transient exception) after retries
//   exchange.command_failed (generic)              anything else
// The message is the service's own text; the detail is {"cmdlet","status","exceptionType"
// (short class),"stringId","requestId","clientRequestId"} plus "parameter" when one is named and
// "outcomeUnknown" for a create answered 504. Never the token, never the request body.
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "http/http_client.h"

namespace mailint::exchange_online {

// details[0].message split into its parts; fields stay empty when the service sent less.
struct service_error {
    int status = 0;
    std::string code;             // error.code ("NotFound")
    std::string string_id;        // "Ex6F9304"
    std::string exception_class;  // "Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException"
    std::string text;             // the human-readable part
};

// What the answer says, read leniently (a body that is not the envelope yields only the status).
service_error parse_service_error(const http::response &answer);

// "Microsoft.Exchange.Foo.BarException" → "BarException".
std::string short_class_name(std::string_view exception_class);

struct error_context {
    std::string cmdlet;
    std::string client_request_id;
    bool idempotent = true;
};

// The mailint::error for a non-2xx answer.
error to_error(const http::response &answer, const error_context &context);

// The answer names one of the exceptions ExchangeOnlineManagement retries (DCOverloadedException,
// SuitabilityDirectoryException, ServerInMMException, ADServerSettingsChangedException,
// StorageTransientException) in details[0].message: for call_options::transient.
bool is_transient_answer(const http::response &answer);

// ManagementObjectNotFoundException or a 404: what directory replication produces for an object
// created a moment ago.
bool is_not_found_answer(const http::response &answer);

}  // namespace mailint::exchange_online
