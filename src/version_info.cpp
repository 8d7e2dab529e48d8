#include <xbuild/version_info.hpp>

#include <charconv>

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace xbuild {

namespace {

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
    return text;
}

// git's answer, or an error carrying its last line.
Result<std::string> git(CommandRunner& runner, const std::filesystem::path& dir, const Environment& env,
                        std::vector<std::string> args) {
    args.insert(args.begin(), "git");
    auto exit = runner.run(ProcessSpec{std::move(args), env, dir});
    if (!exit) return exit.error();
    if (!exit->success()) {
        std::string why = trimmed(exit->output);
        if (const auto newline = why.rfind('\n'); newline != std::string::npos) why.erase(0, newline + 1);
        return Error{why.empty() ? exit->describe() : why};
    }
    return trimmed(exit->output);
}

Result<std::int64_t> parse_epoch(std::string_view text, std::string_view what) {
    std::int64_t seconds = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || seconds < 0) {
        return make_error("{} \"{}\": expected seconds since 1970 (e.g. 1733300000)", what, text);
    }
    return seconds;
}

std::string rfc3339(std::int64_t seconds) {
    return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(static_cast<std::time_t>(seconds)));
}

}  // namespace

bool uses_version_fields(const std::vector<std::string>& templates) {
    for (const std::string& text : templates) {
        for (const char* field : {".Version", ".Commit", ".Date"}) {
            if (text.find(field) != std::string::npos) return true;
        }
    }
    return false;
}

Result<TemplateFields> resolve_version_fields(CommandRunner& runner, const std::filesystem::path& dir,
                                              const Environment& env,
                                              const std::optional<std::string>& version_string,
                                              std::chrono::system_clock::time_point now) {
    TemplateFields fields;
    auto commit = git(runner, dir, env, {"rev-parse", "HEAD"});
    if (version_string) {
        fields["Version"] = *version_string;
    } else {
        if (!commit) {
            return make_error("{{{{.Version}}}} needs git to describe {} ({}); pass --version-string",
                              dir.string(), commit.error().message);
        }
        auto described = git(runner, dir, env, {"describe", "--tags", "--always", "--dirty"});
        if (!described) return make_error("git describe: {}; pass --version-string", described.error().message);
        fields["Version"] = *described;
    }
    fields["Commit"] = commit ? *commit : "unknown";

    if (const auto epoch = lookup(env, "SOURCE_DATE_EPOCH")) {
        auto seconds = parse_epoch(*epoch, "SOURCE_DATE_EPOCH");
        if (!seconds) return seconds.error();
        fields["Date"] = rfc3339(*seconds);
    } else if (auto committed = commit ? git(runner, dir, env, {"log", "-1", "--format=%ct"})
                                       : Result<std::string>(commit.error());
               committed && parse_epoch(*committed, "git log")) {
        fields["Date"] = rfc3339(*parse_epoch(*committed, "git log"));
    } else {
        fields["Date"] = rfc3339(std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
    }
    return fields;
}

}  // namespace xbuild
