#pragma once

// Internal to the command-line front end: the subcommand table.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <xbuild/console.hpp>
#include <xbuild/environment.hpp>
#include <xbuild/error.hpp>
#include <xbuild/target.hpp>

namespace xbuild::cli {

// Registers a subcommand on `app` (its options bound to state the returned
// function owns) and returns the function that runs it after parsing.
using CommandRunnerFn = std::function<int()>;
using AddCommandFn = CommandRunnerFn (*)(CLI::App& app);

struct CommandEntry {
    const char* name;
    const char* description;
    AddCommandFn add;
};

CommandRunnerFn add_build_command(CLI::App& app);
CommandRunnerFn add_config_command(CLI::App& app);
CommandRunnerFn add_targets_command(CLI::App& app);
CommandRunnerFn add_version_command(CLI::App& app);
CommandRunnerFn add_toolchain_command(CLI::App& app);
CommandRunnerFn add_env_command(CLI::App& app);
CommandRunnerFn add_doctor_command(CLI::App& app);
CommandRunnerFn add_report_command(CLI::App& app);
CommandRunnerFn add_completion_command(CLI::App& app);

// The table, in help order. `build` is the default subcommand.
const std::vector<CommandEntry>& command_table();

// Every item of a repeatable list option split on commas and spaces
// (`-t linux/amd64,darwin/arm64 -t 'windows/*'`).
std::vector<std::string> split_all(const std::vector<std::string>& items);

// The arguments after "--", for `go build`.
std::vector<std::string>& passthrough_args();

// This machine's cores (at least 1): the default number of parallel jobs.
std::size_t default_jobs();

// The working directory, or an error that says it cannot be read (it was
// deleted, or a parent is not searchable).
Result<std::filesystem::path> current_directory();

// xbuild's own binary (/proc/self/exe), to run itself as a helper.
std::filesystem::path self_executable();

// How output for people on stderr looks (console.hpp); an error for a bad
// XBUILD_PROGRESS_INTERVAL.
Result<ConsoleStyle> stderr_console_style(const Environment& env, bool quiet);

// Prints "xbuild: error: <message>" to stderr and returns `exit_code`.
int report_error(const Error& error, int exit_code);

}  // namespace xbuild::cli
