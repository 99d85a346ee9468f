#pragma once
// Cmdlet parameters in the shape the InvokeCommand endpoint expects (wire-apis.md §1.4), which
// is what ExchangeOnlineManagement's Transform-Parameters produces. Callers (the planner, the C
// ABI) describe values as plain JSON; the service needs .NET type hints to rebuild hashtables and
// byte arrays, so the encoder adds them:
//   - an object (a PowerShell hashtable) gets "@odata.type":"#Exchange.GenericHashTable", and so
//     does every object inside it;
//   - an array of objects also gets the sibling key "<Param>@odata.type":
//     "#Collection(Exchange.GenericHashTable)" (the service cannot tell a hashtable[] otherwise);
//   - {"$bytes":"<base64>"} is a byte[]: {"@odata.type":"#Exchange.ByteArrayType","Data":"<base64>"};
//     an array of them is a byte[][]: [{"Data":…}] with "<Param>@odata.type":
//     "#Collection(Exchange.ByteArrayType)";
//   - -Filter, -RecipientFilter and -RecipientPreviewFilter have $true/$false rewritten to 'True'
//     /'False' (the service cannot evaluate PowerShell variables);
//   - common parameters (-Verbose, -ErrorAction …) are sent as strings;
//   - strings, numbers, booleans (switches), null and arrays of those go as they are.
// A value the encoder cannot express is refused (invalid_argument, exchange.parameter.unsupported)
// rather than sent in a shape the service would misread: {"$secret":…} in particular, because
// SecureString parameters are RSA-encrypted with a key inside the real module, which this client
// does not do.
#include <string_view>

#include <nlohmann/json.hpp>

namespace mailint::exchange_online {

// The "Parameters" object of the CmdletInput envelope. Throws mailint::error invalid_argument:
// exchange.parameter.unsupported (a value it cannot express), exchange.parameter.name_invalid
// (a parameter name that is not a PowerShell parameter name), exchange.parameters.invalid (not an
// object). Messages name the parameter, never its value (it may be sensitive).
nlohmann::json encode_parameters(const nlohmann::json &parameters);

// {"CmdletInput":{"CmdletName":…,"Parameters":…}} with the parameters encoded.
nlohmann::json cmdlet_input(std::string_view cmdlet, const nlohmann::json &parameters);

// "Verb-Noun" with letters and digits only: the name also goes into the X-CmdletName header, so
// nothing else may reach it. Throws invalid_argument exchange.cmdlet.name_invalid.
void check_cmdlet_name(std::string_view cmdlet);

}  // namespace mailint::exchange_online
