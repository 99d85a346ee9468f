#pragma once
// A fresh directory under the system temp folder, removed with everything in it when the test
// ends, so tests that write files neither collide nor leave litter.
#include <filesystem>
#include <string_view>

namespace mailint::test {

class temp_dir {
public:
    temp_dir();
    ~temp_dir();
    temp_dir(const temp_dir &) = delete;
    temp_dir &operator=(const temp_dir &) = delete;

    const std::filesystem::path &path() const { return path_; }
    std::filesystem::path operator/(std::string_view name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

}  // namespace mailint::test
