#include <xbuild/environment.hpp>

#include <string_view>

extern char** environ;

namespace xbuild {

Environment current_environment() {
    Environment env;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        const std::string_view text(*entry);
        const std::size_t equals = text.find('=');
        // An entry without '=' cannot be passed on as KEY=VALUE; getenv ignores it too.
        if (equals == std::string_view::npos || equals == 0) {
            continue;
        }
        // emplace keeps the first of duplicated names, which is the one getenv returns.
        env.emplace(std::string(text.substr(0, equals)), std::string(text.substr(equals + 1)));
    }
    return env;
}

std::optional<std::string> lookup(const Environment& env, const std::string& name) {
    const auto it = env.find(name);
    if (it == env.end()) {
        return std::nullopt;
    }
    return it->second;
}

std::vector<std::string> to_envp(const Environment& env) {
    std::vector<std::string> envp;
    envp.reserve(env.size());
    for (const auto& [name, value] : env) {
        envp.push_back(name + "=" + value);
    }
    return envp;
}

}  // namespace xbuild
