#pragma once
#include <string>

namespace mailint {

// 128 random bits as 32 lower-case hex digits (plan and run ids: unique without coordination).
std::string random_id();

}  // namespace mailint
