#include <map>

#include <fmt/format.h>

#include <xbuild/completion.hpp>
#include <xbuild/exit_codes.hpp>

#include "commands.hpp"

namespace xbuild::cli {

namespace {

// What the value of a flag is, by its long name, for value completion.
std::string value_kind(const CLI::Option& option) {
    static const std::map<std::string, std::string> k_kinds = {
        {"target", "target"}, {"os", "os"},         {"arch", "arch"},    {"report", "file"},
        {"checksums", "file"}, {"output", "file"},  {"go", "file"},      {"bootstrap-go", "file"},
        {"src", "dir"},       {"config", "file"},
    };
    for (const std::string& name : option.get_lnames()) {
        if (auto found = k_kinds.find(name); found != k_kinds.end()) return found->second;
    }
    return {};
}

CompletionCommand describe(const CLI::App& app) {
    CompletionCommand command{app.get_name(), app.get_description(), {}, {}};
    for (const CLI::Option* option : app.get_options()) {
        if (!option->nonpositional()) continue;
        CompletionFlag flag;
        for (const std::string& name : option->get_snames()) flag.names.push_back("-" + name);
        for (const std::string& name : option->get_lnames()) {
            if (name == "help" || name == "help-all") continue;
            flag.names.push_back("--" + name);
        }
        if (flag.names.empty()) continue;
        flag.description = option->get_description();
        flag.takes_value = option->get_expected_max() != 0 && option->get_type_size_max() != 0;
        flag.value_kind = value_kind(*option);
        command.flags.push_back(std::move(flag));
    }
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        command.subcommands.push_back(describe(*sub));
    }
    return command;
}

}  // namespace

CommandRunnerFn add_completion_command(CLI::App& app) {
    auto shell = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand("completion", "print a shell completion script (bash, zsh, fish)");
    cmd->add_option("shell", *shell, "bash, zsh or fish")->required();
    cmd->footer("bash: source <(xbuild completion bash); zsh: source <(xbuild completion zsh); "
                "fish: xbuild completion fish | source");
    // The root app outlives the command's run (both live in cli::run).
    CLI::App* root = &app;
    return [shell, root] {
        std::vector<CompletionCommand> commands;
        for (const CLI::App* sub : root->get_subcommands([](const CLI::App*) { return true; })) {
            commands.push_back(describe(*sub));
        }
        auto script = render_completion(*shell, commands);
        if (!script) return report_error(script.error(), k_exit_usage);
        fmt::print("{}", *script);
        return k_exit_ok;
    };
}

}  // namespace xbuild::cli
