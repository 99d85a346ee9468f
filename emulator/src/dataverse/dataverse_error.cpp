#include "dataverse/dataverse_error.h"

namespace emulator::dataverse {
namespace {

http_response_data with_odata_version(http_response_data response)
{
    response.headers.emplace_back("OData-Version", "4.0");
    return response;
}

} // namespace

http_response_data error(int status, std::string_view code, const std::string& message)
{
    return with_odata_version({status, dump_json(json{{"error", {{"code", code}, {"message", message}}}}), {}});
}

http_response_data json_reply(int status, const json& body) { return with_odata_version({status, dump_json(body), {}}); }

http_response_data no_content() { return with_odata_version({204, std::string(), {}}); }

} // namespace emulator::dataverse
