#include "exchange/envelope.h"

#include "exchange/cmdlet_error.h"

#include <cstdint>
#include <cstdio>

namespace emulator::exchange {
namespace {

std::string status_code_name(int status)
{
    switch (status) {
    case 400: return "BadRequest";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "NotFound";
    case 429: return "TooManyRequests";
    case 503: return "ServiceUnavailable";
    default: return "InternalServerError";
    }
}

// Exchange string ids look like "Ex6F9304"; a stable hash of the class keeps them stable too.
std::string string_id(std::string_view exception_class)
{
    std::uint32_t hash = 2166136261u;
    for (const char c : exception_class)
        hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "Ex%06X", hash & 0xFFFFFF);
    return buffer;
}

} // namespace

cmdlet_input parse_cmdlet_input(std::string_view body)
{
    const json request = json::parse(body, nullptr, false);
    const json* input = request.is_object() && request.contains("CmdletInput") ? &request["CmdletInput"] : nullptr;
    const json* name = input && input->is_object() && input->contains("CmdletName") ? &(*input)["CmdletName"] : nullptr;
    if (!name || !name->is_string() || name->get_ref<const std::string&>().empty())
        throw cmdlet_error(400, exception_class::bad_request,
                           "The request body must be {\"CmdletInput\":{\"CmdletName\":…,\"Parameters\":{…}}}.");
    return {name->get<std::string>(), input->contains("Parameters") ? (*input)["Parameters"] : json()};
}

json success_envelope(const json& value, const std::vector<std::string>& warnings)
{
    return json{{"@odata.context", "$metadata#Collection(Exchange.GenericHashTable)"},
                {"adminapi.warnings@odata.type", "#Collection(String)"},
                {"@adminapi.warnings", warnings},
                {"value", value}};
}

json error_envelope(int status, std::string_view exception_class, std::string_view message)
{
    const std::string detail = string_id(exception_class) + "|" + std::string(exception_class) + "|" + std::string(message);
    return json{
        {"error",
         {{"code", status_code_name(status)},
          {"message", "Error executing cmdlet"},
          {"details", json::array({{{"code", "Client"}, {"target", ""}, {"message", detail}}})},
          {"innererror",
           {{"message", "Error executing cmdlet"},
            {"type", "Microsoft.Exchange.Admin.OData.Core.ODataServiceException"},
            {"internalexception",
             {{"message", "Exception of type 'Microsoft.Exchange.Management.PSDirectInvoke."
                          "DirectInvokeCmdletExecutionException' was thrown."},
              {"type", "Microsoft.Exchange.Management.PSDirectInvoke.DirectInvokeCmdletExecutionException"}}}}}}},
        {"adminapi.warnings@odata.type", "#Collection(String)"},
        {"@adminapi.warnings", json::array()}};
}

std::string short_class_name(std::string_view exception_class)
{
    const auto dot = exception_class.rfind('.');
    return std::string(dot == std::string_view::npos ? exception_class : exception_class.substr(dot + 1));
}

} // namespace emulator::exchange
