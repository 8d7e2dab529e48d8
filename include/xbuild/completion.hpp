#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <xbuild/error.hpp>

namespace xbuild {

// What a shell needs to complete xbuild's command line: the commands, their
// subcommands and flags. Built from the CLI definition (src/cli), so that a
// new flag is completed without touching the scripts.
struct CompletionFlag {
    std::vector<std::string> names;  // "-t", "--target"
    std::string description;
    bool takes_value = false;
    // What the value is, for value completion: "target" (TARGET lists),
    // "os", "arch", "file", "dir", or empty for anything.
    std::string value_kind;
};

struct CompletionCommand {
    std::string name;  // "toolchain bootstrap" for a nested one
    std::string description;
    std::vector<CompletionFlag> flags;
    std::vector<CompletionCommand> subcommands;
};

// The shells `xbuild completion` knows.
const std::vector<std::string>& completion_shells();

// The completion script for `shell` ("bash", "zsh", "fish"); an error names
// the shell and the ones there are. Target names are not baked in: the
// scripts ask `xbuild targets` when they complete -t, --os or --arch, so they
// follow the SDK (its target list is cached, about 10 ms).
Result<std::string> render_completion(std::string_view shell, const std::vector<CompletionCommand>& commands);

}  // namespace xbuild
