#include <xbuild/doctor.hpp>

#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "test_data.hpp"

using namespace xbuild;

namespace {

CcRegistry registry_with_arm64() {
    auto registry = parse_cc_registry(R"({"schema_version": 1, "targets": {"linux/arm64": [
        {"cc": ["aarch64-linux-gnu-gcc"], "debian": "gcc-aarch64-linux-gnu"}]}})",
                                      "test.json");
    REQUIRE(registry.ok());
    return *registry;
}

// A PATH holding an executable stand-in for each of `programs`.
Environment path_with(const test::TempDir& dir, std::initializer_list<const char*> programs) {
    for (const char* program : programs) {
        const auto path = dir.path() / program;
        std::ofstream(path) << "#!/bin/sh\n";
        std::filesystem::permissions(path, std::filesystem::perms::owner_all);
    }
    return {{"PATH", dir.path().string()}};
}

const Target linux_amd64{"linux", "amd64", ""};

}  // namespace

TEST_CASE("qemu_user_program maps Go arches to qemu's names", "[doctor]") {
    CHECK(qemu_user_program("arm64") == "qemu-aarch64");
    CHECK(qemu_user_program("amd64") == "qemu-x86_64");
    CHECK(qemu_user_program("386") == "qemu-i386");
    CHECK(qemu_user_program("mips64le") == "qemu-mips64el");
    CHECK(qemu_user_program("loong64") == "qemu-loongarch64");
    CHECK_FALSE(qemu_user_program("wasm"));
}

TEST_CASE("run_capability: native, under qemu-user, or not at all", "[doctor]") {
    test::TempDir dir;
    const Environment with_qemu = path_with(dir, {"qemu-aarch64", "qemu-riscv64-static"});

    CHECK(run_capability(linux_amd64, linux_amd64, with_qemu).how == RunCapability::How::native);
    CHECK(run_capability({"linux", "amd64", "v3"}, linux_amd64, {}).how ==
          RunCapability::How::native);
    CHECK(run_capability({"linux", "386", ""}, linux_amd64, {}).how == RunCapability::How::native);

    const RunCapability arm64 = run_capability({"linux", "arm64", ""}, linux_amd64, with_qemu);
    CHECK(arm64.how == RunCapability::How::emulated);
    CHECK(arm64.emulator == (dir.path() / "qemu-aarch64").string());
    CHECK(run_capability({"linux", "riscv64", ""}, linux_amd64, with_qemu).emulator ==
          (dir.path() / "qemu-riscv64-static").string());

    const RunCapability missing = run_capability({"linux", "s390x", ""}, linux_amd64, with_qemu);
    CHECK(missing.how == RunCapability::How::no);
    CHECK_THAT(missing.hint, Catch::Contains("qemu-user") && Catch::Contains("qemu-s390x"));

    // qemu-user runs Linux binaries only, and only on Linux.
    const RunCapability darwin = run_capability({"darwin", "arm64", ""}, linux_amd64, with_qemu);
    CHECK(darwin.how == RunCapability::How::no);
    CHECK(darwin.hint.empty());
    CHECK(run_capability({"linux", "arm64", ""}, {"darwin", "amd64", ""}, with_qemu).how ==
          RunCapability::How::no);
    CHECK(run_capability({"js", "wasm", ""}, linux_amd64, with_qemu).hint.empty());
}

TEST_CASE("run_capability: x86 Windows programs under wine", "[doctor]") {
    test::TempDir dir;
    const Environment with_wine = path_with(dir, {"wine"});
    const RunCapability amd64 = run_capability({"windows", "amd64", ""}, linux_amd64, with_wine);
    CHECK(amd64.how == RunCapability::How::emulated);
    CHECK(amd64.emulator == (dir.path() / "wine").string());
    CHECK(run_capability({"windows", "386", ""}, linux_amd64, with_wine).how == RunCapability::How::emulated);
    CHECK(run_capability({"windows", "arm64", ""}, linux_amd64, with_wine).how == RunCapability::How::no);
    const RunCapability without = run_capability({"windows", "amd64", ""}, linux_amd64, {});
    CHECK(without.how == RunCapability::How::no);
    CHECK_THAT(without.hint, Catch::Contains("apt-get install wine"));
}

TEST_CASE("diagnose_cc turns a selection into found, missing, rejected or unsupported", "[doctor]") {
    const CcRegistry registry = registry_with_arm64();
    const Target arm64{"linux", "arm64", ""};

    SECTION("found") {
        CcChoice choice;
        choice.cc = {"aarch64-linux-gnu-gcc"};
        choice.origin = "discovered";
        const Result<CcSelection> selection = CcSelection{choice, {}};
        const CcDiagnosis diagnosis = diagnose_cc(&selection, registry, arm64, true);
        CHECK(diagnosis.status == CcDiagnosis::Status::found);
        REQUIRE(diagnosis.choice);
        CHECK(diagnosis.choice->origin == "discovered");
        CHECK(diagnosis.hint.empty());
    }
    SECTION("missing names the package to install and what was tried") {
        CcCandidateResult tried;
        tried.candidate.cc = {"aarch64-linux-gnu-gcc"};
        tried.origin = "discovered";
        const Result<CcSelection> selection = CcSelection{std::nullopt, {tried}};
        const CcDiagnosis diagnosis = diagnose_cc(&selection, registry, arm64, true);
        CHECK(diagnosis.status == CcDiagnosis::Status::missing);
        CHECK_THAT(diagnosis.hint, Catch::Contains("apt-get install gcc-aarch64-linux-gnu"));
        CHECK_THAT(diagnosis.message, Catch::Contains("aarch64-linux-gnu-gcc: not on PATH"));
    }
    SECTION("an explicit compiler that failed its probe is rejected") {
        const Result<CcSelection> selection =
            make_error("--cc linux/arm64: gcc does not target linux/arm64");
        const CcDiagnosis diagnosis = diagnose_cc(&selection, registry, arm64, true);
        CHECK(diagnosis.status == CcDiagnosis::Status::rejected);
        CHECK_THAT(diagnosis.message, Catch::Contains("does not target"));
        CHECK_THAT(diagnosis.hint, Catch::Contains("gcc-aarch64-linux-gnu"));
    }
    SECTION("no cgo in Go for the target") {
        const CcDiagnosis diagnosis = diagnose_cc(nullptr, registry, {"js", "wasm", ""}, false);
        CHECK(diagnosis.status == CcDiagnosis::Status::unsupported);
    }
}

TEST_CASE("the doctor report as JSON and as a table", "[doctor]") {
    DoctorReport report;
    report.go = "/usr/lib/go-1.19/bin/go";
    report.go_version = "go1.19.8";
    report.goroot = "/usr/lib/go-1.19";
    report.found_by = "PATH";
    report.host = "linux/amd64";
    report.store = "/cache/xbuild";

    DoctorEntry arm64;
    arm64.target = {"linux", "arm64", ""};
    arm64.first_class = true;
    arm64.cgo_supported = true;
    arm64.bootstrap = Readiness::ready;
    arm64.cc.status = CcDiagnosis::Status::found;
    arm64.cc.choice = CcChoice{};
    arm64.cc.choice->cc = {"aarch64-linux-gnu-gcc"};
    arm64.cc.choice->origin = "discovered";
    arm64.cc.choice->resolved_path = "/usr/bin/aarch64-linux-gnu-gcc";
    arm64.cc.choice->probe = CcProbeResult{true, "ELF 64-bit arm64", "", false};
    arm64.run = {RunCapability::How::emulated, "/usr/bin/qemu-aarch64", ""};

    DoctorEntry darwin;
    darwin.target = {"darwin", "arm64", ""};
    darwin.cgo_supported = true;
    darwin.bootstrap = Readiness::stale;
    darwin.cc.status = CcDiagnosis::Status::missing;
    darwin.cc.hint = "install osxcross (oa64-clang)";
    report.targets = {arm64, darwin};

    const auto json = doctor_to_json(report);
    CHECK(json["schema_version"] == 1);
    CHECK(json["go"]["version"] == "go1.19.8");
    REQUIRE(json["targets"].size() == 2);
    CHECK(json["targets"][0]["target"] == "linux/arm64");
    CHECK(json["targets"][0]["bootstrap"] == "ready");
    CHECK(json["targets"][0]["cc"]["status"] == "found");
    CHECK(json["targets"][0]["cc"]["cc"] == "aarch64-linux-gnu-gcc");
    CHECK(json["targets"][0]["cc"]["builds"] == "ELF 64-bit arm64");
    CHECK(json["targets"][0]["run"]["how"] == "qemu-user");
    CHECK(json["targets"][0]["run"]["emulator"] == "/usr/bin/qemu-aarch64");
    CHECK(json["targets"][1]["bootstrap"] == "stale");
    CHECK(json["targets"][1]["cc"]["status"] == "missing");
    CHECK(json["targets"][1]["cc"]["hint"] == "install osxcross (oa64-clang)");
    CHECK(json["targets"][1]["run"]["how"] == "no");

    const std::string table = format_doctor(report);
    CHECK_THAT(table, Catch::Contains("go1.19.8"));
    CHECK_THAT(table, Catch::Contains("aarch64-linux-gnu-gcc (discovered)"));
    CHECK_THAT(table, Catch::Contains("qemu-user (qemu-aarch64)"));
    CHECK_THAT(table, Catch::Contains("not bootstrapped yet: darwin/arm64"));
    CHECK_THAT(table, Catch::Contains("darwin/arm64: packages that use cgo would be refused: "
                                      "install osxcross (oa64-clang)"));
    CHECK_THAT(table, !Catch::Contains("linux/arm64: packages"));
}
