#pragma once
// Findings about a request: every check runs and every finding is kept, so an administrator
// fixes all of them in one go instead of one per run.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mailint {

enum class severity { error, warning, info };

const char *to_string(severity s);

struct diagnostic {
    std::string id;       // stable: "validation.domain.third_level"; never changes meaning
    severity level = severity::error;
    std::string target;   // the parameter or resource it is about: "DomainName"
    std::string message;  // one line: what is wrong and how to fix it; never a secret
};

class diagnostics {
public:
    void add(std::string id, severity level, std::string target, std::string message);
    void error(std::string id, std::string target, std::string message) {
        add(std::move(id), severity::error, std::move(target), std::move(message));
    }
    void warning(std::string id, std::string target, std::string message) {
        add(std::move(id), severity::warning, std::move(target), std::move(message));
    }
    void append(const diagnostics &other);

    bool has_errors() const;
    bool empty() const { return items_.empty(); }
    const std::vector<diagnostic> &items() const { return items_; }
    // The first error, for callers that can report only one (the C ABI's error id).
    const diagnostic *first_error() const;

    nlohmann::json to_json() const;  // [{id, severity, target, message}, ...]

private:
    std::vector<diagnostic> items_;
};

}  // namespace mailint
