#include <xbuild/config_view.hpp>

#include <array>

#include <fmt/format.h>

#include <xbuild/output_template.hpp>
#include <xbuild/text.hpp>

namespace xbuild {

namespace {

using Ordered = nlohmann::ordered_json;

template <typename T>
Ordered sourced_json(const T& value, const std::string& source) {
    return Ordered{{"value", value}, {"source", source}};
}

Ordered map_json(const std::map<std::string, Sourced<std::string>>& entries) {
    Ordered object = Ordered::object();
    for (const auto& [key, entry] : entries) object[key] = sourced_json(entry.value, entry.source);
    return object;
}

// An unset output shows the template that will be used, not an empty string.
std::string shown_output(const ConfigView& view) {
    const bool has_variant = view.target && !view.target->variant.empty();
    return effective_output_template(view.settings.output.value, has_variant);
}

std::string selection_text(const TargetSelection& selection) {
    std::vector<std::string> parts;
    if (!selection.os_list.empty())
        parts.push_back(fmt::format("--os {}", fmt::join(selection.os_list, ",")));
    if (!selection.arch_list.empty())
        parts.push_back(fmt::format("--arch {}", fmt::join(selection.arch_list, ",")));
    if (!selection.specs.empty())
        parts.push_back(fmt::format("{}", fmt::join(selection.specs, " ")));
    return parts.empty() ? std::string("(the host)") : fmt::format("{}", fmt::join(parts, " "));
}

std::string quoted_if_empty(const std::string& value) {
    return value.empty() ? std::string("\"\"") : printable(value);
}

void line(std::string& out, std::string_view key, const std::string& value,
          const std::string& source, std::string_view indent = {}) {
    std::string text =
        fmt::format("{}{:<{}} {:<40} {}", indent, key, 9 - indent.size(), value, source);
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out += text + "\n";
}

// A layer's string settings by key, for the text view and the JSON one alike.
std::array<std::pair<const char*, const std::optional<Sourced<std::string>>*>, 4> string_settings(
    const SettingsLayer& layer) {
    return {{{"output", &layer.output},
             {"ldflags", &layer.ldflags},
             {"gcflags", &layer.gcflags},
             {"tags", &layer.tags}}};
}

void settings_lines(std::string& out, const SettingsLayer& layer) {
    for (const auto& [key, field] : string_settings(layer)) {
        if (*field) line(out, key, quoted_if_empty((*field)->value), (*field)->source, "  ");
    }
    if (layer.trimpath)
        line(out, "trimpath", layer.trimpath->value ? "true" : "false", layer.trimpath->source,
             "  ");
    if (layer.cgo) line(out, "cgo", to_string(layer.cgo->value), layer.cgo->source, "  ");
    for (const auto& [key, entries] :
         {std::pair{"cc", &layer.cc}, std::pair{"cxx", &layer.cxx}, std::pair{"env", &layer.env}}) {
        for (const auto& [name, entry] : *entries) {
            line(out, key, printable(fmt::format("{}={}", name, entry.value)), entry.source, "  ");
        }
    }
}

}  // namespace

ConfigView make_config_view(const ConfigLayers& layers, std::size_t default_jobs,
                            const std::optional<Target>& target,
                            const std::vector<Platform>& platforms) {
    ConfigView view;
    if (layers.file) view.file = layers.file->name;
    view.targets = effective_targets(layers);
    view.jobs = effective_jobs(layers).value_or(Sourced<std::size_t>{default_jobs, "default"});
    view.target = target;
    if (target) {
        view.settings = target_settings(layers, *target, platforms);
        view.applied = matching_overrides(layers, *target, platforms);
    } else {
        view.settings = base_settings(layers);
        if (layers.file) view.overrides = layers.file->overrides;
    }
    return view;
}

Ordered config_view_json(const ConfigView& view) {
    const TargetSettings& s = view.settings;
    Ordered targets = sourced_json(view.targets.value.specs, view.targets.source);
    if (!view.targets.value.os_list.empty()) targets["os"] = view.targets.value.os_list;
    if (!view.targets.value.arch_list.empty()) targets["arch"] = view.targets.value.arch_list;
    Ordered settings = {
        {"targets", targets},
        {"jobs", sourced_json(view.jobs.value, view.jobs.source)},
        {"output", sourced_json(shown_output(view), s.output.source)},
        {"ldflags", sourced_json(s.ldflags.value, s.ldflags.source)},
        {"gcflags", sourced_json(s.gcflags.value, s.gcflags.source)},
        {"tags", sourced_json(s.tags.value, s.tags.source)},
        {"trimpath", sourced_json(s.trimpath.value, s.trimpath.source)},
        {"cgo", sourced_json(to_string(s.cgo.value), s.cgo.source)},
        {"cc", map_json(s.cc)},
        {"cxx", map_json(s.cxx)},
        {"env", map_json(s.env)},
    };
    Ordered json = {{"file", view.file.empty() ? Ordered(nullptr) : Ordered(view.file)},
                    {"target", view.target ? Ordered(view.target->str()) : Ordered(nullptr)},
                    {"settings", settings}};
    if (view.target) {
        json["applied_overrides"] = view.applied;
        return json;
    }
    Ordered overrides = Ordered::array();
    for (const ConfigOverride& entry : view.overrides) {
        Ordered patterns = Ordered::array();
        for (const auto& pattern : entry.targets) patterns.push_back(pattern.value);
        Ordered values = Ordered::object();
        const SettingsLayer& layer = entry.settings;
        for (const auto& [key, field] : string_settings(layer)) {
            if (*field) values[key] = sourced_json((*field)->value, (*field)->source);
        }
        if (layer.trimpath)
            values["trimpath"] = sourced_json(layer.trimpath->value, layer.trimpath->source);
        if (layer.cgo) values["cgo"] = sourced_json(to_string(layer.cgo->value), layer.cgo->source);
        if (!layer.cc.empty()) values["cc"] = map_json(layer.cc);
        if (!layer.cxx.empty()) values["cxx"] = map_json(layer.cxx);
        if (!layer.env.empty()) values["env"] = map_json(layer.env);
        overrides.push_back(
            {{"targets", patterns}, {"source", entry.source}, {"settings", values}});
    }
    json["overrides"] = overrides;
    return json;
}

std::string format_config_view(const ConfigView& view) {
    const TargetSettings& s = view.settings;
    std::string out;
    line(out, "file", view.file.empty() ? "(none)" : printable(view.file), "");
    if (view.target) line(out, "target", view.target->str(), "");
    line(out, "targets", printable(selection_text(view.targets.value)), view.targets.source);
    line(out, "jobs", std::to_string(view.jobs.value), view.jobs.source);
    line(out, "output", printable(shown_output(view)), s.output.source);
    line(out, "ldflags", quoted_if_empty(s.ldflags.value), s.ldflags.source);
    line(out, "gcflags", quoted_if_empty(s.gcflags.value), s.gcflags.source);
    line(out, "tags", quoted_if_empty(s.tags.value), s.tags.source);
    line(out, "trimpath", s.trimpath.value ? "true" : "false", s.trimpath.source);
    line(out, "cgo", to_string(s.cgo.value), s.cgo.source);
    for (const auto& [key, entries] :
         {std::pair{"cc", &s.cc}, std::pair{"cxx", &s.cxx}, std::pair{"env", &s.env}}) {
        for (const auto& [name, entry] : *entries) {
            line(out, key, printable(fmt::format("{}={}", name, entry.value)), entry.source);
        }
    }
    if (view.target) {
        for (const std::string& source : view.applied) line(out, "override", "applied", source);
        return out;
    }
    for (const ConfigOverride& entry : view.overrides) {
        std::vector<std::string> patterns;
        for (const auto& pattern : entry.targets) patterns.push_back(printable(pattern.value));
        line(out, "override", fmt::format("{}", fmt::join(patterns, " ")), entry.source);
        settings_lines(out, entry.settings);
    }
    return out;
}

}  // namespace xbuild
