#include <xbuild/cgo_scan.hpp>

#include <algorithm>
#include <deque>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include <xbuild/go_list.hpp>

namespace xbuild {

namespace {

// The fields scan_cgo reads; `-json=fields` (Go >= 1.19) keeps go list from
// computing and printing everything else.
constexpr const char* k_list_fields =
    "ImportPath,Name,Dir,Standard,CgoFiles,SwigFiles,SwigCXXFiles,Imports,Error,DepsErrors";

struct ListedPackage {
    std::string import_path;
    std::string name;
    std::string dir;
    bool standard = false;
    std::vector<std::string> cgo_files;
    std::vector<std::string> imports;
    std::string error;
};

std::string string_field(const nlohmann::json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string()) return {};
    return it->get<std::string>();
}

void append_strings(const nlohmann::json& object, const char* key, std::vector<std::string>& out) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_array()) return;
    for (const nlohmann::json& item : *it) {
        if (item.is_string()) out.push_back(item.get<std::string>());
    }
}

// Go's messages may span lines ("...; to add it:\n\tgo get x"); errors are one line.
std::string one_line(std::string_view text) {
    std::string out;
    bool pending_space = false;
    for (const char c : text) {
        if (c == '\n' || c == '\r' || c == '\t') {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space && c != ' ') out += ' ';
        pending_space = false;
        out += c;
    }
    return out;
}

Result<std::vector<ListedPackage>> parse_listing(std::string_view stream) {
    auto objects = split_json_stream(stream);
    if (!objects) return objects.error();
    std::vector<ListedPackage> packages;
    for (const std::string_view text : *objects) {
        const nlohmann::json object =
            nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
        if (object.is_discarded() || !object.is_object()) {
            return make_error("go list printed malformed JSON: {}", one_line(text.substr(0, 80)));
        }
        ListedPackage package;
        package.import_path = string_field(object, "ImportPath");
        package.name = string_field(object, "Name");
        package.dir = string_field(object, "Dir");
        const auto standard = object.find("Standard");
        package.standard =
            standard != object.end() && standard->is_boolean() && standard->get<bool>();
        append_strings(object, "CgoFiles", package.cgo_files);
        append_strings(object, "SwigFiles", package.cgo_files);
        append_strings(object, "SwigCXXFiles", package.cgo_files);
        append_strings(object, "Imports", package.imports);
        const auto error = object.find("Error");
        if (error != object.end() && error->is_object()) {
            package.error = string_field(*error, "Err");
        }
        packages.push_back(std::move(package));
    }
    return packages;
}

}  // namespace

std::vector<std::string> cgo_scan_args(const std::string& main_import_path) {
    return {"list", "-e", "-deps", std::string("-json=") + k_list_fields, main_import_path};
}

Result<CgoScan> scan_cgo(std::string_view go_list_json, std::string_view main_import_path) {
    auto listed = parse_listing(go_list_json);
    if (!listed) return listed.error();
    const std::vector<ListedPackage>& packages = *listed;

    // -deps prints each package once; should a path repeat, the first wins so
    // that the result does not depend on later noise.
    std::unordered_map<std::string_view, std::size_t> index;
    for (std::size_t i = 0; i < packages.size(); ++i) {
        if (!packages[i].import_path.empty()) index.emplace(packages[i].import_path, i);
    }
    const auto main_it = index.find(main_import_path);
    if (main_it == index.end()) {
        return make_error(
            "go list printed no package \"{}\"; expected the main package in its "
            "-deps output (is the import path right?)",
            main_import_path);
    }
    const ListedPackage& main_package = packages[main_it->second];
    if (main_package.name.empty() && !main_package.error.empty()) {
        return make_error("cannot load {}: {}", main_import_path, one_line(main_package.error));
    }

    // Breadth-first over Imports in listed order: the first parent to reach a
    // package lies on a shortest chain, and the order makes the chain stable.
    // Imports that go list did not print ("C", unresolved paths) are skipped.
    constexpr std::size_t k_none = static_cast<std::size_t>(-1);
    std::vector<std::size_t> parent(packages.size(), k_none);
    std::vector<bool> seen(packages.size(), false);
    std::deque<std::size_t> queue{main_it->second};
    seen[main_it->second] = true;
    while (!queue.empty()) {
        const std::size_t current = queue.front();
        queue.pop_front();
        for (const std::string& imported : packages[current].imports) {
            const auto it = index.find(imported);
            if (it == index.end() || seen[it->second]) continue;
            seen[it->second] = true;
            parent[it->second] = current;
            queue.push_back(it->second);
        }
    }

    CgoScan scan;
    for (std::size_t i = 0; i < packages.size(); ++i) {
        const ListedPackage& package = packages[i];
        if (package.cgo_files.empty() || package.import_path.empty()) continue;
        if (index.find(package.import_path)->second != i) continue;
        if (package.standard) {
            scan.std_cgo.push_back(package.import_path);
            continue;
        }
        CgoPackage found;
        found.import_path = package.import_path;
        found.cgo_files = package.cgo_files;
        found.dir = package.dir;
        if (seen[i]) {
            for (std::size_t at = i; at != k_none; at = parent[at]) {
                found.import_chain.push_back(packages[at].import_path);
            }
            std::reverse(found.import_chain.begin(), found.import_chain.end());
        }
        scan.packages.push_back(std::move(found));
    }
    std::sort(
        scan.packages.begin(), scan.packages.end(),
        [](const CgoPackage& a, const CgoPackage& b) { return a.import_path < b.import_path; });
    std::sort(scan.std_cgo.begin(), scan.std_cgo.end());
    return scan;
}

std::string format_import_chain(const std::vector<std::string>& chain) {
    // " → " spelled in UTF-8 bytes, whatever the compiler's execution charset.
    constexpr std::string_view k_arrow = " \xe2\x86\x92 ";
    std::string out;
    for (std::size_t i = 0; i < chain.size(); ++i) {
        if (i > 0) out += k_arrow;
        out += (i == 0 && chain[i] == "command-line-arguments") ? "main" : chain[i];
    }
    return out;
}

}  // namespace xbuild
