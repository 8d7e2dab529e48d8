#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <xbuild/bootstrap.hpp>
#include <xbuild/cc_registry.hpp>
#include <xbuild/environment.hpp>
#include <xbuild/target.hpp>
#include <xbuild/toolchain.hpp>

namespace xbuild {

// How a target's binaries can be run on this machine.
struct RunCapability {
    enum class How { native, emulated, no };
    How how = How::no;
    std::string emulator;  // the qemu-user binary when emulated
    std::string hint;      // when no and qemu-user would do: what to install
};

// The qemu-user binary name for a GOARCH ("arm64" -> "qemu-aarch64"); nullopt
// for architectures qemu-user does not emulate.
std::optional<std::string> qemu_user_program(const std::string& goarch);

// Native when the target is the host, or 386 on an amd64 host of the same
// OS; emulated when both are linux and qemu-<arch> (or qemu-<arch>-static)
// is on env's PATH, or for windows/amd64 and windows/386 on a linux/amd64
// host with wine (or wine64) on PATH; otherwise no, with the Debian package
// to install when qemu-user or wine would do.
RunCapability run_capability(const Target& target, const Target& host, const Environment& env);

// What doctor found about the C compiler for one target.
struct CcDiagnosis {
    enum class Status { found, missing, rejected, unsupported };
    Status status = Status::missing;
    std::optional<CcChoice> choice;  // when found
    std::string message;             // rejected: why; missing: what was tried
    std::string hint;                // missing or rejected: what to install or pass
};

// From select_cc's outcome: found, missing (with install_hint), rejected (an
// explicit compiler failed), or unsupported when Go has no cgo for the target.
CcDiagnosis diagnose_cc(const Result<CcSelection>* selection, const CcRegistry& registry,
                        const Target& target, bool cgo_supported);

// One row of `xbuild doctor`.
struct DoctorEntry {
    Target target;
    bool first_class = false;
    bool cgo_supported = false;
    Readiness bootstrap = Readiness::missing;
    CcDiagnosis cc;
    RunCapability run;
};

struct DoctorReport {
    std::string go;          // the go binary
    std::string go_version;
    std::string goroot;
    std::string found_by;
    std::string host;
    std::string store;
    std::vector<DoctorEntry> targets;
};

const char* to_string(CcDiagnosis::Status status);
const char* to_string(RunCapability::How how);

// schema_version 1; the README documents the keys.
nlohmann::ordered_json doctor_to_json(const DoctorReport& report);

// A table for people, then one line per hint.
std::string format_doctor(const DoctorReport& report);

}  // namespace xbuild
