#include "model/resource_type.h"

#include <strings.h>

namespace mailint {

const property_spec *resource_type::find(const std::string &property) const {
    for (const auto &p : properties)
        if (strcasecmp(p.name.c_str(), property.c_str()) == 0) return &p;
    return nullptr;
}

}  // namespace mailint
