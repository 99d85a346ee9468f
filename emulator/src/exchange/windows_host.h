#pragma once
// The Windows Server state of the on-premises personality (cmdlets/windows_host.cpp), shared with
// the recorded processes (setup.com, ARRConfig) whose effects land in it.
#include "util/json.h"

namespace emulator::exchange {

// org["windowsHost"], with what the seed left out filled in.
json& windows_host(json& org);

} // namespace emulator::exchange
