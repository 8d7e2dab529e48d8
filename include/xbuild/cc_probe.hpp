#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <xbuild/environment.hpp>
#include <xbuild/error.hpp>
#include <xbuild/process.hpp>
#include <xbuild/store.hpp>
#include <xbuild/target.hpp>

namespace xbuild {

// What compiling a tiny C file with a compiler showed about it.
struct CcProbeResult {
    bool matches = false;     // it wrote an object file for the target
    std::string description;  // what it wrote, e.g. "ELF 64-bit amd64"; empty when it failed
    std::string message;      // why it does not match, one line; empty when it matches
    bool cached = false;      // answered from the store without running the compiler
};

// Decides whether a C compiler builds for a target: the seam between compiler
// selection and running compilers.
class CcProber {
public:
    virtual ~CcProber() = default;
    // `cc` is the compiler's argv prefix, `resolved_path` where its argv[0] was
    // found. A compiler that fails or builds for another target is a result
    // (matches == false), not an error; errors are xbuild's own failures.
    virtual Result<CcProbeResult> probe(const std::vector<std::string>& cc,
                                        const std::string& resolved_path, const Target& target) = 0;
};

// The real prober: writes probe.c into a fresh directory under `work_dir`
// (removed afterwards), runs `CC... -c probe.c -o probe.o` through `runner`
// with `env`, and checks the object's header with check_object_matches.
// With a store, outcomes that depend only on the compiler (match, wrong
// target) are cached under <store>/cc-probes/, keyed by resolved path, argv
// and target, and reused while the compiler's size and mtime are unchanged.
// Compile failures are not cached: installing missing headers fixes them
// without touching the compiler.
class CompileCcProber final : public CcProber {
public:
    CompileCcProber(CommandRunner& runner, Environment env, std::filesystem::path work_dir,
                    std::optional<Store> store);

    Result<CcProbeResult> probe(const std::vector<std::string>& cc,
                                const std::string& resolved_path, const Target& target) override;

private:
    Result<CcProbeResult> compile(const std::vector<std::string>& cc, const Target& target);

    CommandRunner& m_runner;
    Environment m_env;
    std::filesystem::path m_work_dir;
    std::optional<Store> m_store;
};

// Where the probe cache keeps the result for one compiler command and target.
std::filesystem::path cc_probe_cache_path(const Store& store, const std::string& resolved_path,
                                          const std::vector<std::string>& cc, const Target& target);

// The command as a person would type it, for messages: "zig cc -target x86_64-linux-gnu".
std::string display_command(const std::vector<std::string>& argv);

}  // namespace xbuild
