#pragma once

// Internal to the command-line front end: the flags that set configuration,
// defined once for every command that takes them (build, config).

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <xbuild/effective_config.hpp>
#include <xbuild/environment.hpp>
#include <xbuild/error.hpp>

namespace xbuild::cli {

struct ConfigFlags {
    std::vector<std::string> os_list;
    std::vector<std::string> arch_list;
    std::vector<std::string> target_specs;
    std::string output;
    std::string ldflags;
    std::string gcflags;
    std::string tags;
    bool trimpath = false;
    std::size_t jobs = 0;
    std::string cgo;
    std::vector<std::string> cc_specs;
    std::vector<std::string> cxx_specs;
    std::optional<std::string> config_file;

    // Set by add_config_flags: whether a flag was given at all (count()), so
    // that an empty --ldflags '' or --trimpath=false still beats the file.
    const CLI::Option* os_option = nullptr;
    const CLI::Option* arch_option = nullptr;
    const CLI::Option* target_option = nullptr;
    const CLI::Option* output_option = nullptr;
    const CLI::Option* ldflags_option = nullptr;
    const CLI::Option* gcflags_option = nullptr;
    const CLI::Option* tags_option = nullptr;
    const CLI::Option* trimpath_option = nullptr;
    const CLI::Option* jobs_option = nullptr;
    const CLI::Option* cgo_option = nullptr;
};

// Registers --config, --os, --arch, -t/--target, --cc and --cxx on `cmd`,
// bound to `flags`, which must outlive the parse: what picks the targets and
// their C compilers (doctor needs no more).
void add_target_flags(CLI::App& cmd, ConfigFlags& flags);

// add_target_flags and the build settings: -o/--output, --ldflags,
// --gcflags, --tags, --trimpath, -j/--jobs and --cgo.
void add_config_flags(CLI::App& cmd, ConfigFlags& flags);

// The command-line layer of the configuration: the flags given, each its
// own source ("--ldflags"). Errors for --cc/--cxx values that do not parse.
Result<ConfigLayer> command_line_layer(const ConfigFlags& flags);

// Every layer of a run in `cwd`: the configuration file (load_project_config),
// the XBUILD_* environment and the command line. Errors mean exit 2.
Result<ConfigLayers> resolve_config_layers(const ConfigFlags& flags,
                                           const std::filesystem::path& cwd,
                                           const Environment& env);

}  // namespace xbuild::cli
