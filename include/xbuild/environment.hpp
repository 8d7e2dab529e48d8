#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace xbuild {

// A process environment as plain data, so that logic never calls getenv deep
// inside and tests can pass any environment they like.
using Environment = std::map<std::string, std::string>;

// Snapshot of this process's environment (from `environ`).
Environment current_environment();

// The value of `name`, or nullopt when unset. An empty value counts as set.
std::optional<std::string> lookup(const Environment& env, const std::string& name);

// "KEY=VALUE" strings for posix_spawn, sorted by key.
std::vector<std::string> to_envp(const Environment& env);

}  // namespace xbuild
