#include <xbuild/completion.hpp>

#include <catch2/catch.hpp>

using namespace xbuild;
using Catch::Contains;

namespace {

std::vector<CompletionCommand> model() {
    CompletionCommand build{"build", "cross-build", {}, {}};
    build.flags.push_back({{"-t", "--target"}, "targets", true, "target"});
    build.flags.push_back({{"--json"}, "print JSON", false, ""});
    CompletionCommand toolchain{"toolchain", "SDKs", {}, {}};
    CompletionCommand bootstrap{"bootstrap", "ready targets", {}, {}};
    bootstrap.flags.push_back({{"-j", "--jobs"}, "at once", true, ""});
    toolchain.subcommands.push_back(bootstrap);
    return {build, toolchain};
}

}  // namespace

TEST_CASE("render_completion writes each shell's script from the command model", "[completion]") {
    SECTION("bash") {
        auto script = render_completion("bash", model());
        REQUIRE(script);
        CHECK_THAT(*script, Contains("complete -o nosort -F _xbuild xbuild"));
        CHECK_THAT(*script, Contains("\"build\"|\"toolchain\"|\"toolchain bootstrap\")"));
        CHECK_THAT(*script, Contains("\"\") subs=\"build toolchain\"; flags=\"-t --target --json --help\""));
        CHECK_THAT(*script, Contains("\"toolchain\") subs=\"bootstrap\""));
        // The root stands for build, the default command.
        CHECK_THAT(*script, Contains("\"build|-t\"|\"|-t\"|\"build|--target\"|\"|--target\") echo \"target\""));
        CHECK_THAT(*script, Contains("\"toolchain bootstrap|-j\"|\"toolchain bootstrap|--jobs\") echo \"any\""));
    }
    SECTION("zsh runs the bash function through bashcompinit") {
        auto script = render_completion("zsh", model());
        REQUIRE(script);
        CHECK(script->rfind("#compdef xbuild\n", 0) == 0);
        CHECK_THAT(*script, Contains("bashcompinit"));
        CHECK_THAT(*script, Contains("_xbuild()"));
    }
    SECTION("fish") {
        auto script = render_completion("fish", model());
        REQUIRE(script);
        CHECK_THAT(*script, Contains("complete -c xbuild -n '__fish_use_subcommand' -a toolchain -d 'SDKs'"));
        CHECK_THAT(*script, Contains("-s t -l target -r -a '(__xbuild_targets) all first-class'"));
        CHECK_THAT(*script, Contains("'__fish_seen_subcommand_from toolchain; and __fish_seen_subcommand_from bootstrap' -s j -l jobs -r"));
    }
    SECTION("an unknown shell names the known ones") {
        auto script = render_completion("tcsh", model());
        REQUIRE_FALSE(script);
        CHECK(script.error().message == "completion: unknown shell \"tcsh\" (xbuild knows bash, zsh, fish)");
    }
}
