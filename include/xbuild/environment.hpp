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

// Whether `path` is a regular file this process may execute.
bool is_executable_file(const std::string& path);

// Where a program would be run from, as execvp would find it but over `env`'s
// PATH rather than xbuild's (a job that sets PATH, e.g. to a store SDK's bin,
// must run the go it names). A name containing '/' is taken as a path and
// made absolute. Empty PATH entries are skipped rather than meaning the
// current directory: running whatever lies in the working directory is a
// trap, and Go skips them too. nullopt when nothing executable is found.
std::optional<std::string> find_program(const std::string& name, const Environment& env);

// "KEY=VALUE" strings for posix_spawn, sorted by key.
std::vector<std::string> to_envp(const Environment& env);

}  // namespace xbuild
