#pragma once
// The module's small state files beside the journals (the Teams routing undo records, the
// Microsoft 365 account links): read whole, written atomically (a temporary file fsynced and
// renamed over), mode 0600 in a 0700 folder, so a crash leaves the old file or the new, never half.
#include <filesystem>
#include <optional>
#include <string>

namespace mailint {

// `state_directory`, or the user's state folder (the parent of the journals' "runs" folder).
std::filesystem::path state_root(const std::filesystem::path &state_directory);

// A name safe as one path segment (tenant ids, domains): other characters become '_'.
std::string state_file_segment(const std::string &name);

// nullopt when there is no file; throws mailint::error(unavailable, `id_prefix` + ".unreadable").
std::optional<std::string> read_state_file(const std::filesystem::path &path, const std::string &id_prefix, const std::string &what);

// Throws mailint::error(unavailable, `id_prefix` + ".write_failed"); `what` names the file in the message.
// `private_folder` false: a file the administrator named (a certificate request), written the same
// way but its folder's mode left alone.
void write_state_file(const std::filesystem::path &path, const std::string &body, const std::string &id_prefix, const std::string &what,
                      bool private_folder = true);

}  // namespace mailint
