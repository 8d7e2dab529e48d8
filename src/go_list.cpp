#include <xbuild/go_list.hpp>

#include <nlohmann/json.hpp>

namespace xbuild {

Result<std::vector<std::string_view>> split_json_stream(std::string_view stream) {
    std::vector<std::string_view> objects;
    std::size_t pos = 0;
    while (pos < stream.size()) {
        const std::size_t open = stream.find('{', pos);
        if (open == std::string_view::npos) break;
        int depth = 0;
        bool in_string = false;
        bool escaped = false;
        std::size_t end = std::string_view::npos;
        for (std::size_t i = open; i < stream.size(); ++i) {
            const char c = stream[i];
            if (in_string) {
                if (escaped) escaped = false;
                else if (c == '\\') escaped = true;
                else if (c == '"') in_string = false;
                continue;
            }
            if (c == '"') in_string = true;
            else if (c == '{') ++depth;
            else if (c == '}' && --depth == 0) {
                end = i;
                break;
            }
        }
        if (end == std::string_view::npos) {
            return make_error("go list output ends inside a JSON object (at byte {})", open);
        }
        objects.push_back(stream.substr(open, end - open + 1));
        pos = end + 1;
    }
    return objects;
}

namespace {

std::string string_field(const nlohmann::json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string()) return {};
    return it->get<std::string>();
}

}  // namespace

Result<std::vector<GoPackage>> parse_go_list_json(std::string_view stream) {
    auto objects = split_json_stream(stream);
    if (!objects) return objects.error();
    std::vector<GoPackage> packages;
    for (const std::string_view text : *objects) {
        const nlohmann::json object = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
        if (object.is_discarded() || !object.is_object()) {
            return make_error("go list printed malformed JSON: {}", text.substr(0, 80));
        }
        GoPackage package;
        package.import_path = string_field(object, "ImportPath");
        package.name = string_field(object, "Name");
        package.dir = string_field(object, "Dir");
        const auto standard = object.find("Standard");
        package.standard = standard != object.end() && standard->is_boolean() && standard->get<bool>();
        const auto error = object.find("Error");
        if (error != object.end() && error->is_object()) package.error = string_field(*error, "Err");
        packages.push_back(std::move(package));
    }
    return packages;
}

}  // namespace xbuild
