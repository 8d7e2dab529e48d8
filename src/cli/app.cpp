#include <xbuild/cli.hpp>

#include <algorithm>
#include <cctype>
#include <unistd.h>
#include <cstdio>
#include <exception>
#include <string_view>
#include <thread>

#include <fmt/core.h>

#include <xbuild/exit_codes.hpp>
#include <xbuild/store.hpp>
#include <xbuild/text.hpp>

#include "commands.hpp"

namespace xbuild {

namespace cli {

const std::vector<CommandEntry>& command_table() {
    static const std::vector<CommandEntry> table = {
        {"build", "cross-build Go main packages for many targets (the default)", add_build_command},
        {"config", "print the effective configuration and where each value came from",
         add_config_command},
        {"targets", "list the targets the Go toolchain can build", add_targets_command},
        {"toolchain", "bootstrap targets, build SDKs from source, list and remove them",
         add_toolchain_command},
        {"env", "print the Go environment xbuild uses for a target", add_env_command},
        {"doctor", "per target: SDK, bootstrap state, C compiler, and whether it runs here",
         add_doctor_command},
        {"report", "work with JSON reports (merge the reports of CI shards)", add_report_command},
        {"completion", "print a shell completion script (bash, zsh, fish)", add_completion_command},
        {"version", "print xbuild's version", add_version_command},
    };
    return table;
}

std::vector<std::string> split_all(const std::vector<std::string>& items) {
    std::vector<std::string> out;
    for (const std::string& item : items) {
        for (std::string& piece : split_list(item)) out.push_back(std::move(piece));
    }
    return out;
}

std::vector<std::string>& passthrough_args() {
    static std::vector<std::string> args;
    return args;
}

std::size_t default_jobs() {
    const unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : cores;
}

Result<std::filesystem::path> current_directory() {
    std::error_code ec;
    auto cwd = std::filesystem::current_path(ec);
    if (ec) return make_error("cannot read the current directory: {}", ec.message());
    return cwd;
}

std::filesystem::path self_executable() {
    std::error_code ec;
    auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::path("xbuild") : path;
}

Result<ConsoleStyle> stderr_console_style(const Environment& env, bool quiet) {
    ConsoleStyleChoice choice = choose_console_style(::isatty(STDERR_FILENO) != 0, env, quiet);
    if (!choice.error.empty()) return make_error("{}", choice.error);
    return choice.style;
}

int report_error(const Error& error, int exit_code) {
    fmt::print(stderr, "xbuild: error: {}\n", error.message);
    return exit_code;
}

}  // namespace cli

namespace {

bool is_command_name(std::string_view word) {
    for (const auto& entry : cli::command_table()) {
        if (word == entry.name) return true;
    }
    return false;
}

// `build` is implied unless the first word names another subcommand, as
// `xbuild --os darwin` must work. A word that is not a package pattern but
// looks like a typo of a subcommand gets a "did you mean" instead of being
// handed to go as a package.
std::optional<Error> insert_default_command(std::vector<std::string>& args) {
    if (args.empty()) {
        args.insert(args.begin(), "build");
        return std::nullopt;
    }
    const std::string& first = args.front();
    if (first == "-h" || first == "--help" || is_command_name(first)) return std::nullopt;
    const bool pattern_like = first.starts_with('-') || first.find_first_of("./") != std::string::npos;
    if (!pattern_like) {
        std::vector<std::string> names;
        for (const auto& entry : cli::command_table()) names.emplace_back(entry.name);
        if (const auto guess = closest_match(first, names)) {
            return make_error("unknown command \"{}\" (did you mean \"{}\"?); run 'xbuild --help'",
                              first, *guess);
        }
    }
    args.insert(args.begin(), "build");
    return std::nullopt;
}

int run(int argc, char** argv) {
    CLI::App app{"xbuild: cross-build Go programs for many targets, verified", "xbuild"};
    app.require_subcommand(0, 1);
    app.set_help_all_flag("--help-all", "show help for every subcommand");
    app.footer("Run 'xbuild COMMAND --help' for a command's flags. 'build' is the default command.");

    std::vector<std::pair<CLI::App*, cli::CommandRunnerFn>> commands;
    for (const auto& entry : cli::command_table()) {
        auto run_fn = entry.add(app);
        commands.emplace_back(app.get_subcommand(entry.name), std::move(run_fn));
    }

    std::vector<std::string> args(argv + 1, argv + argc);
    if (auto error = insert_default_command(args)) return cli::report_error(*error, k_exit_usage);
    // Everything after "--" goes to `go build` verbatim; CLI11 would treat it
    // as more positional packages.
    if (const auto dashes = std::find(args.begin(), args.end(), "--"); dashes != args.end()) {
        cli::passthrough_args().assign(dashes + 1, args.end());
        args.erase(dashes, args.end());
    }
    // CLI11 wants the arguments reversed when given as a vector.
    std::reverse(args.begin(), args.end());
    try {
        app.parse(args);
    } catch (const CLI::CallForHelp&) {
        std::fputs(app.help().c_str(), stdout);
        return k_exit_ok;
    } catch (const CLI::CallForAllHelp&) {
        std::fputs(app.help("", CLI::AppFormatMode::All).c_str(), stdout);
        return k_exit_ok;
    } catch (const CLI::ParseError& error) {
        std::string message = error.what();
        if (!message.empty() && std::islower(static_cast<unsigned char>(message[0])) == 0) {
            message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
        }
        return cli::report_error(Error{message + "; run 'xbuild --help' for usage"}, k_exit_usage);
    }
    for (auto& [sub, run_fn] : commands) {
        if (sub->parsed()) return run_fn();
    }
    return cli::report_error(Error{"no command given"}, k_exit_usage);
}

}  // namespace

int run_main(int argc, char** argv) {
    // Internal: block until a lock file is free, then exit. Bootstrap tasks
    // run this as a child to wait for another xbuild without blocking.
    if (argc == 3 && std::string_view(argv[1]) == "__wait-lock") {
        auto lock = FileLock::acquire(argv[2]);
        return lock ? k_exit_ok : cli::report_error(lock.error(), k_exit_failed);
    }
    try {
        return run(argc, argv);
    } catch (const std::exception& error) {
        // Core code reports errors as values; reaching here is a bug, but the
        // user still gets one line and a defined exit code, not a trace.
        return cli::report_error(make_error("internal error: {}", error.what()), k_exit_usage);
    }
}

}  // namespace xbuild
