#include "traffic/request_annotation.h"

namespace emulator::traffic {
namespace {

thread_local std::optional<std::string> annotated_scope;
thread_local std::optional<std::string> annotated_lost_reply;

} // namespace

std::optional<std::string> current_scope() { return annotated_scope; }

scope_annotation::scope_annotation(std::string scope) : previous_(std::move(annotated_scope))
{
    annotated_scope = std::move(scope);
}

scope_annotation::~scope_annotation() { annotated_scope = std::move(previous_); }

std::optional<std::string> current_lost_reply() { return annotated_lost_reply; }

lost_reply_annotation::lost_reply_annotation(std::string fault) : previous_(std::move(annotated_lost_reply))
{
    annotated_lost_reply = std::move(fault);
}

lost_reply_annotation::~lost_reply_annotation() { annotated_lost_reply = std::move(previous_); }

} // namespace emulator::traffic
