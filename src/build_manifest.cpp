#include <xbuild/build_manifest.hpp>

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include <xbuild/atomic_file.hpp>
#include <xbuild/json_text.hpp>
#include <xbuild/sha256.hpp>

namespace xbuild {

namespace fs = std::filesystem;

namespace {

nlohmann::json identity_to_json(const FileIdentity& identity) {
    return {identity.path, identity.size, identity.mtime_ns};
}

bool identity_from_json(const nlohmann::json& json, FileIdentity& out) {
    if (!json.is_array() || json.size() != 3 || !json[0].is_string() || !json[1].is_number_unsigned() ||
        !json[2].is_number_integer()) {
        return false;
    }
    out = FileIdentity{json[0].get<std::string>(), json[1].get<std::uint64_t>(),
                       json[2].get<std::int64_t>()};
    return true;
}

nlohmann::json paths_to_json(const std::vector<fs::path>& paths) {
    nlohmann::json list = nlohmann::json::array();
    for (const fs::path& path : paths) list.push_back(path.string());
    return list;
}

bool paths_from_json(const nlohmann::json& json, std::vector<fs::path>& out) {
    if (!json.is_array()) return false;
    for (const auto& entry : json) {
        if (!entry.is_string()) return false;
        out.emplace_back(entry.get<std::string>());
    }
    return true;
}

}  // namespace

fs::path manifest_path(const Store& store, const std::string& request) {
    return store.root() / "manifests" / (path_key(request) + ".json");
}

Result<BuildManifest> read_manifest(const fs::path& path) {
    auto text = read_file(path);
    if (!text) return make_error("no manifest at {}", path.string());
    const nlohmann::json json = nlohmann::json::parse(*text, nullptr, false);
    auto malformed = [&] { return make_error("{} is malformed", path.string()); };
    if (!json.is_object() || !json.contains("request") || !json["request"].is_string()) {
        return malformed();
    }
    BuildManifest manifest;
    manifest.request = json["request"].get<std::string>();
    if (!identity_from_json(json.value("go", nlohmann::json()), manifest.go)) return malformed();
    const nlohmann::json tools = json.value("tools", nlohmann::json());
    if (!tools.is_array()) return malformed();
    for (const auto& tool : tools) {
        FileIdentity identity;
        if (!identity_from_json(tool, identity)) return malformed();
        manifest.tools.push_back(std::move(identity));
    }
    if (!paths_from_json(json.value("roots", nlohmann::json()), manifest.scope.roots) ||
        !paths_from_json(json.value("excluded", nlohmann::json()), manifest.scope.excluded) ||
        manifest.scope.roots.empty()) {
        return malformed();
    }
    auto inputs = input_set_from_json(json.value("inputs", nlohmann::json()));
    if (!inputs) return malformed();
    manifest.inputs = std::move(*inputs);
    const nlohmann::json outputs = json.value("outputs", nlohmann::json());
    if (!outputs.is_array()) return malformed();
    for (const auto& entry : outputs) {
        if (!entry.is_array() || entry.size() != 4 || !entry[0].is_string() ||
            !entry[1].is_number_unsigned() || !entry[2].is_number_integer() || !entry[3].is_string()) {
            return malformed();
        }
        manifest.outputs.push_back(BuildManifest::Output{
            entry[0].get<std::string>(), entry[1].get<std::uint64_t>(),
            entry[2].get<std::int64_t>(), entry[3].get<std::string>()});
    }
    manifest.report = json.value("report", nlohmann::json());
    if (!manifest.report.is_object()) return malformed();
    return manifest;
}

Result<void> write_manifest(const fs::path& path, const BuildManifest& manifest) {
    nlohmann::json tools = nlohmann::json::array();
    for (const FileIdentity& tool : manifest.tools) tools.push_back(identity_to_json(tool));
    nlohmann::json outputs = nlohmann::json::array();
    for (const auto& output : manifest.outputs) {
        outputs.push_back({output.path, output.size, output.mtime_ns, output.sha256});
    }
    const nlohmann::json json = {
        {"request", manifest.request},
        {"go", identity_to_json(manifest.go)},
        {"tools", tools},
        {"roots", paths_to_json(manifest.scope.roots)},
        {"excluded", paths_to_json(manifest.scope.excluded)},
        {"inputs", to_json(manifest.inputs)},
        {"outputs", outputs},
        {"report", manifest.report},
    };
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) return make_error("cannot create {}: {}", path.parent_path().string(), ec.message());
    return write_file_atomic(path, json_text(json));
}

Result<BuildManifest::Output> record_output(const fs::path& path, const std::string& sha256) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return make_error("cannot stat {}", path.string());
    return BuildManifest::Output{
        path.string(), static_cast<std::uint64_t>(st.st_size),
        static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec, sha256};
}

Staleness check_staleness(const BuildManifest& recorded, const std::string& request,
                          const FileIdentity& go) {
    Staleness staleness;
    auto everything = [&](std::string why) {
        staleness.everything = std::move(why);
        return staleness;
    };
    if (recorded.request != request) return everything("the flags, environment or xbuild changed");
    if (recorded.go != go) return everything(fmt::format("the Go SDK {} changed", go.path));
    for (const FileIdentity& tool : recorded.tools) {
        auto now = identify_file(tool.path);
        if (!now || *now != tool) return everything(fmt::format("the C compiler {} changed", tool.path));
    }
    // Inputs before artifacts: an edited source file rebuilds every target,
    // so which artifacts are stale would not matter.
    auto paths = list_inputs(recorded.scope);
    if (!paths) return everything(paths.error().message);
    if (auto changed = inputs_changed(recorded.inputs, *paths)) return everything(*changed);
    for (const auto& output : recorded.outputs) {
        auto now = record_output(output.path, output.sha256);
        std::optional<std::string> why;
        if (!now) {
            why = fmt::format("artifact {} is missing", output.path);
        } else if (now->size != output.size || now->mtime_ns != output.mtime_ns) {
            auto digest = sha256_file(output.path);
            if (!digest || *digest != output.sha256) {
                why = fmt::format("artifact {} was modified", output.path);
            }
        }
        if (why) {
            staleness.stale_outputs.push_back(output.path);
            staleness.reasons.push_back(std::move(*why));
        }
    }
    return staleness;
}

}  // namespace xbuild
