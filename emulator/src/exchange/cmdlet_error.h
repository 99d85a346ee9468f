#pragma once
// A failed cmdlet, carried to the envelope writer: the HTTP status and the Exchange exception
// class decide how a client (and the forwarding module) classifies the failure.
#include <stdexcept>
#include <string>
#include <string_view>

namespace emulator::exchange {

namespace exception_class {
inline constexpr std::string_view not_found = "Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException";
inline constexpr std::string_view already_exists = "Microsoft.Exchange.Configuration.Tasks.ManagementObjectAlreadyExistsException";
inline constexpr std::string_view parameter_binding = "System.Management.Automation.ParameterBindingException";
inline constexpr std::string_view data_validation = "Microsoft.Exchange.Data.DataValidationException";
inline constexpr std::string_view cryptographic = "System.Security.Cryptography.CryptographicException";
inline constexpr std::string_view command_not_found = "System.Management.Automation.CommandNotFoundException";
inline constexpr std::string_view bad_request = "Microsoft.Exchange.Admin.OData.Core.ODataServiceException";
inline constexpr std::string_view ambiguous = "Microsoft.Exchange.Configuration.Tasks.ManagementObjectAmbiguousException";
inline constexpr std::string_view dehydrated = "Microsoft.Exchange.Configuration.Tasks.InvalidOperationInDehydratedContextException";
inline constexpr std::string_view invalid_operation = "System.InvalidOperationException";
inline constexpr std::string_view task_validation = "Microsoft.Exchange.Management.Tasks.ValidationException";
} // namespace exception_class

class cmdlet_error : public std::runtime_error {
public:
    cmdlet_error(int status, std::string_view exception_class, const std::string& message)
        : std::runtime_error(message), status_(status), exception_class_(exception_class)
    {
    }
    int status() const { return status_; }
    const std::string& exception_class() const { return exception_class_; }

private:
    int status_;
    std::string exception_class_;
};

// "The operation couldn't be performed because object 'X' couldn't be found on 'Y'."
[[noreturn]] void throw_not_found(std::string_view identity, std::string_view where);
[[noreturn]] void throw_already_exists(const std::string& message);
// A 400 ParameterBindingException: "Cannot validate argument on parameter 'P'. <reason>"
[[noreturn]] void throw_invalid_argument(std::string_view parameter, std::string_view reason);
[[noreturn]] void throw_parameter_binding(const std::string& message);
[[noreturn]] void throw_data_validation(const std::string& message);

} // namespace emulator::exchange
