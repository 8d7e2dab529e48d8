#include <xbuild/sdk_registry.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include <xbuild/atomic_file.hpp>
#include <xbuild/json_text.hpp>

namespace xbuild {

namespace fs = std::filesystem;

namespace {

std::optional<BuiltSdk> read_registration(const fs::path& path) {
    const nlohmann::json json = nlohmann::json::parse(read_file(path).value_or(""), nullptr, false);
    if (!json.is_object()) return std::nullopt;
    auto field = [&](const char* key) {
        const auto it = json.find(key);
        return it != json.end() && it->is_string() ? it->get<std::string>() : std::string{};
    };
    BuiltSdk sdk{field("name"), field("goroot"), field("version"), field("source"),
                 field("bootstrap_go"), field("created_at")};
    if (sdk.name.empty() || sdk.goroot.empty()) return std::nullopt;
    return sdk;
}

}  // namespace

Result<void> validate_sdk_name(const std::string& name) {
    const bool valid = !name.empty() && name.front() != '.' && name.size() <= 100 &&
                       std::all_of(name.begin(), name.end(), [](char c) {
                           return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' ||
                                  c == '-';
                       });
    if (!valid) {
        return make_error("invalid SDK name \"{}\": use letters, digits, '.', '_' and '-'", name);
    }
    return {};
}

std::vector<BuiltSdk> list_built_sdks(const Store& store) {
    std::vector<BuiltSdk> sdks;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(store.sdks_dir(), ec)) {
        if (entry.path().extension() != ".json") continue;
        auto sdk = read_registration(entry.path());
        if (!sdk || !fs::exists(sdk->go(), ec)) continue;
        sdks.push_back(std::move(*sdk));
    }
    std::sort(sdks.begin(), sdks.end(),
              [](const BuiltSdk& a, const BuiltSdk& b) { return a.name < b.name; });
    return sdks;
}

Result<void> register_built_sdk(const Store& store, const BuiltSdk& sdk) {
    if (auto valid = validate_sdk_name(sdk.name); !valid) return valid;
    const nlohmann::json json = {{"name", sdk.name},         {"goroot", sdk.goroot.string()},
                                 {"version", sdk.version},   {"source", sdk.source},
                                 {"bootstrap_go", sdk.bootstrap_go}, {"created_at", sdk.created_at}};
    return write_file_atomic(store.sdks_dir() / (sdk.name + ".json"), json_text(json, 2) + "\n");
}

Result<void> remove_built_sdk(const Store& store, const std::string& name) {
    if (auto valid = validate_sdk_name(name); !valid) return valid;
    const fs::path registration = store.sdks_dir() / (name + ".json");
    const fs::path tree = store.sdks_dir() / name;
    std::error_code ec;
    if (!fs::exists(registration, ec) && !fs::exists(tree, ec)) {
        return make_error("no SDK named \"{}\" in {}; see 'xbuild toolchain list'", name,
                          store.sdks_dir().string());
    }
    fs::remove(registration, ec);
    if (ec) return make_error("cannot remove {}: {}", registration.string(), ec.message());
    fs::remove_all(tree, ec);
    if (ec) return make_error("cannot remove {}: {}", tree.string(), ec.message());
    return {};
}

}  // namespace xbuild
