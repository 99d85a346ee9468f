#include "support/crm_deployment_host.h"

#include <fstream>
#include <iterator>

#include "auth/base64url.h"

namespace mailint::test {

namespace {

std::string base64(std::span<const unsigned char> bytes) {
    std::string s = auth::base64url_encode(bytes);
    for (auto &c : s) c = c == '-' ? '+' : c == '_' ? '/' : c;
    while (s.size() % 4) s += '=';
    return s;
}

}  // namespace

host_result crm_deployment_host::invoke(const host_command &command) {
    commands.push_back(command);
    std::string name = command.name;
    nlohmann::json parameters = command.parameters;
    if (name.ends_with("CertificateReconfiguration.ps1")) {
        name = "CertificateReconfiguration";
        nlohmann::json p = nlohmann::json::object();
        std::ifstream in(parameters.at("certificateFile").get<std::string>(), std::ios::binary);
        std::vector<unsigned char> file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        p["CertificateFile"] = {{"@odata.type", "#Exchange.ByteArrayType"}, {"Data", base64(file)}};
        const auto &ref = parameters.at("password");
        const auto *secret = secrets_.find(ref.at("$secret").get<std::string>());
        if (!ref.value("asPlainText", false) || !secret) {
            host_result r;
            r.failure = host_failure{"ParameterBindingException", "InvalidArgument", "-password is not a plain-text secret reference", "", std::nullopt};
            return r;
        }
        p["Password"] = {{"@odata.type", "#Exchange.SecureStringType"}, {"Data", base64(secret->bytes())}};
        p["CertificateType"] = parameters.at("certificateType");
        p["ServiceAccount"] = parameters.value("serviceAccount", "");
        p["UpdateCrm"] = parameters.value("updateCrm", false);
        p["StoreFindType"] = parameters.value("storeFindType", "FindBySubjectDistinguishedName");
        parameters = std::move(p);
    }
    http::request request;
    request.method = "POST";
    request.url = url_ + "/crm-deployment/InvokeCommand";
    request.headers.set("Content-Type", "application/json");
    request.body = nlohmann::json{{"CmdletInput", {{"CmdletName", name}, {"Parameters", parameters}}}}.dump();
    bodies.push_back(request.body);
    const auto answer = http_.send(request);
    const auto body = nlohmann::json::parse(answer.body, nullptr, false);
    host_result r;
    if (answer.status < 200 || answer.status > 299) {
        std::string message = answer.body;
        if (!body.is_discarded() && body.contains("error")) message = body["error"].value("message", answer.body);
        r.failure = host_failure{"FaultException", answer.status == 404 ? "ObjectNotFound" : "InvalidArgument", message, "", std::nullopt};
        return r;
    }
    for (const auto &w : body.value("@adminapi.warnings", nlohmann::json::array())) r.warnings.push_back(w.get<std::string>());
    for (const auto &o : body.value("value", nlohmann::json::array())) r.objects.push_back(o);
    return r;
}

}  // namespace mailint::test
