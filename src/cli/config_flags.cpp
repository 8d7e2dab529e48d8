#include "config_flags.hpp"

#include <tuple>

#include <xbuild/cc_registry.hpp>
#include <xbuild/output_template.hpp>
#include <xbuild/plan.hpp>

#include "commands.hpp"

namespace xbuild::cli {

namespace {

bool given(const CLI::Option* option) {
    return option != nullptr && option->count() > 0;
}

}  // namespace

void add_target_flags(CLI::App& cmd, ConfigFlags& flags) {
    cmd.add_option_function<std::string>(
        "--config", [&flags](const std::string& file) { flags.config_file = file; },
        "the configuration file (default: XBUILD_CONFIG, else xbuild.json in the module root)");
    flags.os_option = cmd.add_option("--os", flags.os_list, "GOOS list (comma or space separated)")
                          ->allow_extra_args(false);
    flags.arch_option =
        cmd.add_option("--arch", flags.arch_list, "GOARCH list (comma or space separated)")
            ->allow_extra_args(false);
    flags.target_option =
        cmd.add_option("-t,--target", flags.target_specs,
                       "targets: os/arch[/variant], globs (linux/*), all, first-class, !exclusion")
            ->allow_extra_args(false);
    cmd.add_option("--cc", flags.cc_specs, "C compiler for a target: TARGET=CMD (repeatable)")
        ->allow_extra_args(false);
    cmd.add_option("--cxx", flags.cxx_specs, "C++ compiler for a target: TARGET=CMD (repeatable)")
        ->allow_extra_args(false);
}

void add_config_flags(CLI::App& cmd, ConfigFlags& flags) {
    add_target_flags(cmd, flags);
    flags.output_option =
        cmd.add_option("-o,--output", flags.output,
                       "output path template (default dist/{{.Dir}}_{{.OS}}_{{.Arch}})");
    flags.ldflags_option = cmd.add_option(
        "--ldflags", flags.ldflags,
        "go build -ldflags; may use {{.Version}}, {{.Commit}}, {{.Date}}, {{.OS}}, {{.Arch}}");
    flags.gcflags_option = cmd.add_option("--gcflags", flags.gcflags, "go build -gcflags");
    flags.tags_option = cmd.add_option("--tags", flags.tags, "go build -tags");
    flags.trimpath_option = cmd.add_flag("--trimpath", flags.trimpath,
                                         "go build -trimpath (--trimpath=false to turn it off)");
    flags.jobs_option =
        cmd.add_option("-j,--jobs", flags.jobs, "targets built at once (default: core count)")
            ->check(CLI::PositiveNumber);
    flags.cgo_option =
        cmd.add_option("--cgo", flags.cgo,
                       "auto: cgo only for targets whose packages need it, with a matching C "
                       "compiler; on; off")
            ->check(CLI::IsMember({"auto", "on", "off"}));
}

Result<ConfigLayer> command_line_layer(const ConfigFlags& flags) {
    ConfigLayer layer;
    if (given(flags.os_option) || given(flags.arch_option) || given(flags.target_option)) {
        std::string source;
        for (const auto& [option, name] :
             {std::pair{flags.target_option, "--target"}, std::pair{flags.os_option, "--os"},
              std::pair{flags.arch_option, "--arch"}}) {
            if (given(option)) source += source.empty() ? name : std::string(" ") + name;
        }
        layer.targets = Sourced<TargetSelection>{
            {split_all(flags.os_list), split_all(flags.arch_list), split_all(flags.target_specs)},
            source};
    }
    if (given(flags.jobs_option)) layer.jobs = Sourced<std::size_t>{flags.jobs, "--jobs"};
    SettingsLayer& settings = layer.settings;
    if (given(flags.output_option))
        settings.output = Sourced<std::string>{flags.output, "--output"};
    if (given(flags.ldflags_option))
        settings.ldflags = Sourced<std::string>{flags.ldflags, "--ldflags"};
    // Checked before any go query, as the file's and XBUILD_*'s templates are.
    for (const auto* field : {&settings.output, &settings.ldflags}) {
        if (!*field || (*field)->value.empty()) continue;
        if (auto valid = validate_output_template((*field)->value, template_field_names());
            !valid) {
            return make_error("{}: {}", (*field)->source, valid.error().message);
        }
    }
    if (given(flags.gcflags_option))
        settings.gcflags = Sourced<std::string>{flags.gcflags, "--gcflags"};
    if (given(flags.tags_option)) settings.tags = Sourced<std::string>{flags.tags, "--tags"};
    if (given(flags.trimpath_option))
        settings.trimpath = Sourced<bool>{flags.trimpath, "--trimpath"};
    if (given(flags.cgo_option)) {
        auto mode = parse_cgo_mode(flags.cgo);
        if (!mode) return mode.error();
        settings.cgo = Sourced<CgoMode>{*mode, "--cgo"};
    }
    for (const auto& [specs, language, into] :
         {std::tuple{&flags.cc_specs, CcLanguage::c, &settings.cc},
          std::tuple{&flags.cxx_specs, CcLanguage::cxx, &settings.cxx}}) {
        for (const std::string& spec : *specs) {
            auto parsed = parse_cc_spec(spec, language);
            if (!parsed) return parsed.error();
            // The text after '=' as given: entries are shown and compared as written.
            (*into)[parsed->target.str()] =
                Sourced<std::string>{spec.substr(spec.find('=') + 1), parsed->origin};
        }
    }
    return layer;
}

Result<ConfigLayers> resolve_config_layers(const ConfigFlags& flags,
                                           const std::filesystem::path& cwd,
                                           const Environment& env) {
    ConfigLayers layers;
    auto file = load_project_config(cwd, flags.config_file, env);
    if (!file) return file.error();
    layers.file = std::move(*file);
    auto environment = environment_layer(env);
    if (!environment) return environment.error();
    layers.environment = std::move(*environment);
    auto command_line = command_line_layer(flags);
    if (!command_line) return command_line.error();
    layers.command_line = std::move(*command_line);
    return layers;
}

}  // namespace xbuild::cli
