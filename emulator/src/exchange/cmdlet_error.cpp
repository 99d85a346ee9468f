#include "exchange/cmdlet_error.h"

namespace emulator::exchange {

void throw_not_found(std::string_view identity, std::string_view where)
{
    throw cmdlet_error(404, exception_class::not_found,
                       "The operation couldn't be performed because object '" + std::string(identity) +
                           "' couldn't be found on '" + std::string(where) + "'.");
}

void throw_already_exists(const std::string& message)
{
    throw cmdlet_error(400, exception_class::already_exists, message);
}

void throw_invalid_argument(std::string_view parameter, std::string_view reason)
{
    throw cmdlet_error(400, exception_class::parameter_binding,
                       "Cannot validate argument on parameter '" + std::string(parameter) + "'. " +
                           std::string(reason));
}

void throw_parameter_binding(const std::string& message)
{
    throw cmdlet_error(400, exception_class::parameter_binding, message);
}

void throw_data_validation(const std::string& message)
{
    throw cmdlet_error(400, exception_class::data_validation, message);
}

} // namespace emulator::exchange
