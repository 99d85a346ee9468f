#include "traffic/request_annotation.h"

namespace emulator::traffic {
namespace {

thread_local std::optional<std::string> annotated_scope;
thread_local std::optional<std::string> annotated_lost_reply;

} // namespace

std::optional<std::string> current_scope() { return annotated_scope; }

std::optional<std::string> current_lost_reply() { return annotated_lost_reply; }

thread_annotation::thread_annotation(std::optional<std::string>& slot, std::string value)
    : slot_(slot), previous_(std::move(slot))
{
    slot_ = std::move(value);
}

thread_annotation::~thread_annotation() { slot_ = std::move(previous_); }

scope_annotation::scope_annotation(std::string scope) : thread_annotation(annotated_scope, std::move(scope)) {}

lost_reply_annotation::lost_reply_annotation(std::string fault)
    : thread_annotation(annotated_lost_reply, std::move(fault))
{
}

} // namespace emulator::traffic
