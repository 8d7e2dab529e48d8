#include <xbuild/environment.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
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

bool is_executable_file(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
           ::access(path.c_str(), X_OK) == 0;
}

std::optional<std::string> find_program(const std::string& name, const Environment& env) {
    if (name.find('/') != std::string::npos) {
        if (!is_executable_file(name)) return std::nullopt;
        std::error_code ec;
        const std::filesystem::path absolute = std::filesystem::absolute(name, ec);
        return ec ? name : absolute.string();
    }
    const std::string path = lookup(env, "PATH").value_or("");
    std::size_t begin = 0;
    while (begin <= path.size()) {
        std::size_t end = path.find(':', begin);
        if (end == std::string::npos) end = path.size();
        const std::string dir = path.substr(begin, end - begin);
        if (!dir.empty() && is_executable_file(dir + "/" + name)) return dir + "/" + name;
        begin = end + 1;
    }
    return std::nullopt;
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
