#include "graph/json_wipe.h"

#include <openssl/crypto.h>

namespace mailint::graph {

namespace {
void wipe_strings(nlohmann::json &node) {
    if (node.is_string()) {
        auto &text = node.get_ref<std::string &>();
        if (!text.empty()) OPENSSL_cleanse(text.data(), text.size());
    } else if (node.is_structured()) {
        for (auto &child : node) wipe_strings(child);
    }
}
}  // namespace

void wipe_json(nlohmann::json &document) {
    wipe_strings(document);
    document = nullptr;
}

}  // namespace mailint::graph
