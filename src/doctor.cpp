#include <xbuild/doctor.hpp>

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include <xbuild/cc_probe.hpp>

namespace xbuild {

std::optional<std::string> qemu_user_program(const std::string& goarch) {
    // qemu names architectures as the kernel and GNU triplets do, not as Go does.
    static const std::map<std::string, std::string> qemu_arch = {
        {"386", "i386"},         {"amd64", "x86_64"},     {"arm", "arm"},
        {"arm64", "aarch64"},    {"loong64", "loongarch64"}, {"mips", "mips"},
        {"mipsle", "mipsel"},    {"mips64", "mips64"},    {"mips64le", "mips64el"},
        {"ppc64", "ppc64"},      {"ppc64le", "ppc64le"},  {"riscv64", "riscv64"},
        {"s390x", "s390x"},
    };
    const auto it = qemu_arch.find(goarch);
    if (it == qemu_arch.end()) return std::nullopt;
    return "qemu-" + it->second;
}

RunCapability run_capability(const Target& target, const Target& host, const Environment& env) {
    RunCapability capability;
    if (target.os == host.os &&
        (target.arch == host.arch || (target.arch == "386" && host.arch == "amd64"))) {
        capability.how = RunCapability::How::native;
        return capability;
    }
    // Wine runs x86 Windows programs on an x86-64 Linux host.
    if (target.os == "windows" && host.os == "linux" && host.arch == "amd64" &&
        (target.arch == "amd64" || target.arch == "386")) {
        for (const char* name : {"wine", "wine64"}) {
            if (auto found = find_program(name, env)) {
                capability.how = RunCapability::How::emulated;
                capability.emulator = *found;
                return capability;
            }
        }
        capability.hint = "install wine (apt-get install wine) to run it";
        return capability;
    }
    if (target.os != "linux" || host.os != "linux") return capability;
    const auto program = qemu_user_program(target.arch);
    if (!program) return capability;
    for (const std::string& name : {*program, *program + "-static"}) {
        if (auto found = find_program(name, env)) {
            capability.how = RunCapability::How::emulated;
            capability.emulator = *found;
            return capability;
        }
    }
    capability.hint = fmt::format("install qemu-user (apt-get install qemu-user) to run it with {}",
                                  *program);
    return capability;
}

CcDiagnosis diagnose_cc(const Result<CcSelection>* selection, const CcRegistry& registry,
                        const Target& target, bool cgo_supported) {
    CcDiagnosis diagnosis;
    if (!cgo_supported) {
        diagnosis.status = CcDiagnosis::Status::unsupported;
        diagnosis.message = fmt::format("Go has no cgo for {}", target.str());
        return diagnosis;
    }
    if (selection == nullptr) return diagnosis;
    if (!*selection) {
        diagnosis.status = CcDiagnosis::Status::rejected;
        diagnosis.message = selection->error().message;
        diagnosis.hint = install_hint(registry, target);
        return diagnosis;
    }
    if ((*selection)->choice) {
        diagnosis.status = CcDiagnosis::Status::found;
        diagnosis.choice = (*selection)->choice;
        return diagnosis;
    }
    diagnosis.status = CcDiagnosis::Status::missing;
    diagnosis.message = describe_tried((*selection)->tried);
    diagnosis.hint = install_hint(registry, target);
    return diagnosis;
}

const char* to_string(CcDiagnosis::Status status) {
    switch (status) {
        case CcDiagnosis::Status::found: return "found";
        case CcDiagnosis::Status::missing: return "missing";
        case CcDiagnosis::Status::rejected: return "rejected";
        case CcDiagnosis::Status::unsupported: return "unsupported";
    }
    return "missing";
}

const char* to_string(RunCapability::How how) {
    switch (how) {
        case RunCapability::How::native: return "native";
        case RunCapability::How::emulated: return "qemu-user";
        case RunCapability::How::no: return "no";
    }
    return "no";
}

namespace {

nlohmann::ordered_json cc_to_json(const CcDiagnosis& cc) {
    nlohmann::ordered_json json;
    json["status"] = to_string(cc.status);
    if (cc.choice) {
        json["cc"] = display_command(cc.choice->cc);
        json["origin"] = cc.choice->origin;
        json["path"] = cc.choice->resolved_path;
        if (cc.choice->probe) json["builds"] = cc.choice->probe->description;
        if (!cc.choice->cxx.empty()) json["cxx"] = display_command(cc.choice->cxx);
    }
    if (!cc.message.empty()) json["message"] = cc.message;
    if (!cc.hint.empty()) json["hint"] = cc.hint;
    return json;
}

nlohmann::ordered_json run_to_json(const RunCapability& run) {
    nlohmann::ordered_json json;
    json["how"] = to_string(run.how);
    if (!run.emulator.empty()) json["emulator"] = run.emulator;
    if (!run.hint.empty()) json["hint"] = run.hint;
    return json;
}

std::string cc_cell(const CcDiagnosis& cc) {
    switch (cc.status) {
        case CcDiagnosis::Status::found:
            return fmt::format("{} ({})", display_command(cc.choice->cc), cc.choice->origin);
        case CcDiagnosis::Status::missing: return "none";
        case CcDiagnosis::Status::rejected: return "rejected";
        case CcDiagnosis::Status::unsupported: return "no cgo";
    }
    return "";
}

std::string run_cell(const RunCapability& run) {
    if (run.how == RunCapability::How::emulated) {
        return fmt::format("qemu-user ({})", run.emulator.substr(run.emulator.rfind('/') + 1));
    }
    return to_string(run.how);
}

}  // namespace

nlohmann::ordered_json doctor_to_json(const DoctorReport& report) {
    nlohmann::ordered_json json;
    json["schema_version"] = 1;
    json["go"] = {{"path", report.go},
                  {"version", report.go_version},
                  {"goroot", report.goroot},
                  {"found_by", report.found_by}};
    json["host"] = report.host;
    json["store"] = report.store;
    json["targets"] = nlohmann::ordered_json::array();
    for (const DoctorEntry& entry : report.targets) {
        nlohmann::ordered_json target;
        target["target"] = entry.target.str();
        target["first_class"] = entry.first_class;
        target["cgo_supported"] = entry.cgo_supported;
        target["bootstrap"] = to_string(entry.bootstrap);
        target["cc"] = cc_to_json(entry.cc);
        target["run"] = run_to_json(entry.run);
        json["targets"].push_back(std::move(target));
    }
    return json;
}

std::string format_doctor(const DoctorReport& report) {
    std::string text = fmt::format("go      {} ({}, found by {})\nhost    {}\nstore   {}\n\n",
                                   report.go_version, report.go, report.found_by, report.host,
                                   report.store);
    struct Row {
        std::string target, bootstrap, cc, run;
    };
    std::vector<Row> rows{{"TARGET", "BOOTSTRAP", "C COMPILER", "RUNS HERE"}};
    for (const DoctorEntry& entry : report.targets) {
        rows.push_back(
            {entry.target.str(), to_string(entry.bootstrap), cc_cell(entry.cc), run_cell(entry.run)});
    }
    std::size_t widths[3] = {0, 0, 0};
    for (const Row& row : rows) {
        widths[0] = std::max(widths[0], row.target.size());
        widths[1] = std::max(widths[1], row.bootstrap.size());
        widths[2] = std::max(widths[2], row.cc.size());
    }
    for (const Row& row : rows) {
        text += fmt::format("{:<{}}  {:<{}}  {:<{}}  {}\n", row.target, widths[0], row.bootstrap,
                            widths[1], row.cc, widths[2], row.run);
    }

    std::string notes;
    std::vector<std::string> unready;
    for (const DoctorEntry& entry : report.targets) {
        if (entry.bootstrap != Readiness::ready) unready.push_back(entry.target.str());
    }
    if (!unready.empty()) {
        std::string names;
        for (const std::string& name : unready) names += (names.empty() ? "" : " ") + name;
        notes += fmt::format("not bootstrapped yet: {} (a build bootstraps them; or `xbuild "
                             "toolchain bootstrap {}`)\n",
                             names, names);
    }
    for (const DoctorEntry& entry : report.targets) {
        const std::string name = entry.target.str();
        if (entry.cc.status == CcDiagnosis::Status::rejected) {
            notes += fmt::format("{}: C compiler rejected: {}\n", name, entry.cc.message);
        }
        if (entry.cc.status == CcDiagnosis::Status::missing ||
            entry.cc.status == CcDiagnosis::Status::rejected) {
            notes += fmt::format("{}: packages that use cgo would be refused: {}\n", name,
                                 entry.cc.hint);
        }
        if (!entry.run.hint.empty()) {
            notes += fmt::format("{}: cannot run here: {}\n", name, entry.run.hint);
        }
    }
    if (!notes.empty()) text += "\n" + notes;
    return text;
}

}  // namespace xbuild
