#include "transport/host_error.h"

namespace mailint {

namespace {

struct category_map {
    const char *category;
    errc code;
    const char *id;
};

// PowerShell's ErrorCategory names, mapped onto the pinned codes.
constexpr category_map kCategories[] = {
    {"ObjectNotFound", errc::not_found, "host.object_not_found"},
    {"ResourceExists", errc::already_exists, "host.object_exists"},
    {"InvalidArgument", errc::invalid_argument, "host.invalid_argument"},
    {"InvalidData", errc::invalid_argument, "host.invalid_argument"},
    {"InvalidType", errc::invalid_argument, "host.invalid_argument"},
    {"PermissionDenied", errc::permission_denied, "host.permission_denied"},
    {"SecurityError", errc::permission_denied, "host.permission_denied"},
    {"AuthenticationError", errc::unauthenticated, "host.unauthenticated"},
    {"ResourceUnavailable", errc::unavailable, "host.unavailable"},
    {"ConnectionError", errc::unavailable, "host.unavailable"},
    {"OperationTimeout", errc::timeout, "host.timeout"},
    {"LimitsExceeded", errc::throttled, "host.throttled"},
    {"QuotaExceeded", errc::throttled, "host.throttled"},
    {"ResourceBusy", errc::conflict, "host.conflict"},
    {"OperationStopped", errc::cancelled, "host.cancelled"},
    {"InvalidOperation", errc::failed_precondition, "host.invalid_operation"},
};

}  // namespace

error host_error(const host_command &command, const host_failure &failure) {
    nlohmann::json detail = {{"command", command.name}, {"exceptionType", failure.type},
                             {"category", failure.category}};
    if (failure.type.find("CommandNotFound") != std::string::npos) {
        // The Dynamics 365 deployment's commands come from its snap-in and Tools folder.
        const bool crm = command.name.find("-Crm") != std::string::npos || command.name.find("CertificateReconfiguration") != std::string::npos;
        return error(errc::failed_precondition, "host.command_not_found",
                     command.name + " is not available in this session: " +
                         (crm ? std::string("run on the Dynamics 365 server with the deployment tools role, after "
                                            "Add-PSSnapin Microsoft.Crm.PowerShell (CertificateReconfiguration.ps1 is in its Tools "
                                            "folder: -CrmToolsPath)")
                              : std::string("run in the Exchange Management Shell, or import the Exchange session")) +
                         ", then try again.",
                     detail);
    }
    std::string message = command.name + ": " + (failure.message.empty() ? failure.type : failure.message);
    if (!failure.error_id.empty()) return error(failure.code.value_or(errc::generic), failure.error_id, message, detail);
    if (failure.type.find("ManagementObjectAlreadyExistsException") != std::string::npos)
        return error(errc::already_exists, "host.object_exists", message, detail);
    if (failure.type.find("ManagementObjectNotFoundException") != std::string::npos)
        return error(errc::not_found, "host.object_not_found", message, detail);
    for (const auto &c : kCategories)
        if (failure.category == c.category) return error(c.code, c.id, message, detail);
    return error(errc::generic, "host.command_failed", message, detail);
}

}  // namespace mailint
