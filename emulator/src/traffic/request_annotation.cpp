#include "traffic/request_annotation.h"

namespace emulator::traffic {
namespace {

thread_local std::optional<std::string> annotated_scope;

} // namespace

std::optional<std::string> current_scope() { return annotated_scope; }

scope_annotation::scope_annotation(std::string scope) : previous_(std::move(annotated_scope))
{
    annotated_scope = std::move(scope);
}

scope_annotation::~scope_annotation() { annotated_scope = std::move(previous_); }

} // namespace emulator::traffic
