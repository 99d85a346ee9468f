#pragma once
// Shorthands for the Dataverse tests: a token for https://contoso.crm.dynamics.com (the demo org)
// and Web API calls with the headers Dataverse clients send.
#include "graph/graph_support.h"

#include <map>
#include <string>

namespace emutest {

inline const std::string contoso_org = "https://contoso.crm.dynamics.com";

inline std::string dataverse_token(const emulator_process& emu, const std::string& org = contoso_org)
{
    return token_for(emu, demo_client, demo_secret, org + "/.default");
}

inline http_reply dv(const emulator_process& emu, const std::string& method, const std::string& path,
                     const std::string& token, const json& body = nullptr, std::map<std::string, std::string> headers = {})
{
    headers["OData-MaxVersion"] = "4.0";
    headers["OData-Version"] = "4.0";
    headers["Accept"] = "application/json";
    return call(emu, method, "/api/data/v9.2/" + path, token, body, headers);
}

// The GUID in an OData-EntityId header ("…/emailserverprofiles(<guid>)").
inline std::string entity_id(const http_reply& reply)
{
    const std::string header = reply.headers.at("odata-entityid");
    const auto open = header.rfind('(');
    return header.substr(open + 1, header.size() - open - 2);
}

} // namespace emutest
