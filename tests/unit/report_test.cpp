#include <xbuild/report.hpp>

#include <csignal>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <xbuild/exit_codes.hpp>

using namespace xbuild;

namespace {

TargetReport ok_target() {
    TargetReport t;
    t.target = Target{"linux", "arm", "v7"};
    t.package = "example.com/hello";
    t.status = TargetStatus::ok;
    t.output = "/work/proj/dist/hello_linux_arm_v7";
    t.size = 2000000;
    t.sha256 = std::string(64, 'a');
    BinaryInfo info;
    info.format = BinaryFormat::elf;
    info.machines = {"arm"};
    info.bits = 32;
    t.binary = info;
    t.duration_ms = 3200;
    t.command = {"go", "build", "-o", "/work/proj/dist/.tmp", "."};
    t.env = {{"GOOS", "linux"}, {"GOARCH", "arm"}, {"GOARM", "7"}};
    t.log = "";
    return t;
}

TargetReport failed_target() {
    TargetReport t;
    t.target = Target{"windows", "amd64", ""};
    t.package = "example.com/hello";
    t.status = TargetStatus::failed;
    t.output = "/work/proj/dist/hello_windows_amd64.exe";
    t.size = 99;  // a stale value must not leak into the report
    t.sha256 = "stale";
    t.duration_ms = 1100;
    t.command = {"go", "build"};
    t.env = {{"GOOS", "windows"}, {"GOARCH", "amd64"}};
    t.error = "go build exited with status 1";
    t.log = "main.go:3:1: syntax error\n";
    return t;
}

RunReport sample_run() {
    RunReport r;
    r.xbuild_version = "0.1.0";
    r.go_version = "go1.19.8";
    r.goroot = "/usr/lib/go-1.19";
    r.host = "linux/amd64";
    r.started_at = std::chrono::system_clock::from_time_t(1796324400);  // 2026-12-03T19:00:00Z
    r.started_at += std::chrono::milliseconds(750);
    r.duration_ms = 12345;
    r.targets = {ok_target(), failed_target()};
    return r;
}

}  // namespace

TEST_CASE("status strings for people and for JSON", "[report]") {
    CHECK(std::string(to_string(TargetStatus::timed_out)) == "timed out");
    CHECK(std::string(to_json_string(TargetStatus::timed_out)) == "timed_out");
    CHECK(std::string(to_string(TargetStatus::ok)) == "ok");
    CHECK(std::string(to_json_string(TargetStatus::refused)) == "refused");
    CHECK(std::string(to_json_string(TargetStatus::interrupted)) == "interrupted");
}

TEST_CASE("report_to_json follows the documented schema", "[report]") {
    RunReport run = sample_run();
    // Round trip through text, as a consumer of --json sees it.
    nlohmann::json j = nlohmann::json::parse(report_to_json(run).dump());

    SECTION("top-level keys") {
        for (const char* key : {"schema_version", "xbuild_version", "go_version", "goroot", "host",
                                "started_at", "duration_ms", "exit_code", "interrupted", "counts",
                                "targets"}) {
            INFO(key);
            CHECK(j.contains(key));
        }
        CHECK(j.size() == 13);
        CHECK(j["xbuild_self"]["cpu_ms"] == -1);
        CHECK(j["up_to_date"] == false);
        CHECK(j["schema_version"] == 1);
        CHECK(j["xbuild_version"] == "0.1.0");
        CHECK(j["go_version"] == "go1.19.8");
        CHECK(j["goroot"] == "/usr/lib/go-1.19");
        CHECK(j["host"] == "linux/amd64");
        CHECK(j["started_at"] == "2026-12-03T19:00:00Z");
        CHECK(j["duration_ms"] == 12345);
        CHECK(j["interrupted"] == false);
        CHECK(j["exit_code"] == 1);  // the sample has a failed target
    }
    SECTION("counts") {
        const auto& counts = j["counts"];
        CHECK(counts.size() == 7);
        CHECK(counts["total"] == 2);
        CHECK(counts["ok"] == 1);
        CHECK(counts["failed"] == 1);
        CHECK(counts["skipped"] == 0);
        CHECK(counts["interrupted"] == 0);
        CHECK(counts["timed_out"] == 0);
        CHECK(counts["refused"] == 0);
    }
    SECTION("an ok target") {
        REQUIRE(j["targets"].size() == 2);
        const auto& t = j["targets"][0];
        for (const char* key : {"target", "os", "arch", "variant", "package", "status", "output",
                                "size", "sha256", "binary", "duration_ms", "command", "env",
                                "error", "log", "bootstrap", "cgo", "up_to_date", "smoke"}) {
            INFO(key);
            CHECK(t.contains(key));
        }
        CHECK(t.size() == 19);
        CHECK(t["target"] == "linux/arm/v7");
        CHECK(t["os"] == "linux");
        CHECK(t["arch"] == "arm");
        CHECK(t["variant"] == "v7");
        CHECK(t["package"] == "example.com/hello");
        CHECK(t["status"] == "ok");
        CHECK(t["output"] == "/work/proj/dist/hello_linux_arm_v7");
        CHECK(t["size"] == 2000000);
        CHECK(t["sha256"] == std::string(64, 'a'));
        REQUIRE(t["binary"].is_object());
        CHECK(t["binary"].size() == 4);
        CHECK(t["binary"]["format"] == "elf");
        CHECK(t["binary"]["machines"] == nlohmann::json::array({"arm"}));
        CHECK(t["binary"]["bits"] == 32);
        CHECK(t["binary"]["description"].is_string());
        CHECK(t["duration_ms"] == 3200);
        CHECK(t["command"] ==
              nlohmann::json::array({"go", "build", "-o", "/work/proj/dist/.tmp", "."}));
        CHECK(t["env"] == nlohmann::json({{"GOARCH", "arm"}, {"GOARM", "7"}, {"GOOS", "linux"}}));
        CHECK(t["error"].is_null());
        CHECK(t["log"] == "");
        CHECK(t["bootstrap"].is_null());
        CHECK(t["smoke"].is_null());
    }
    SECTION("a failed target has nulls where documented") {
        const auto& t = j["targets"][1];
        CHECK(t.size() == 19);
        CHECK(t["target"] == "windows/amd64");
        CHECK(t["variant"] == "");
        CHECK(t["status"] == "failed");
        CHECK(t["output"] == "/work/proj/dist/hello_windows_amd64.exe");
        CHECK(t["size"].is_null());
        CHECK(t["sha256"].is_null());
        CHECK(t["binary"].is_null());
        CHECK(t["error"] == "go build exited with status 1");
        CHECK(t["log"] == "main.go:3:1: syntax error\n");
    }
    SECTION("an ok target without header information has a null binary") {
        run.targets[0].binary.reset();
        auto j2 = report_to_json(run);
        CHECK(j2["targets"][0]["binary"].is_null());
        CHECK(j2["targets"][0]["size"] == 2000000);
    }
}

TEST_CASE("report_to_json records the bootstrap", "[report]") {
    RunReport run = sample_run();
    run.targets[0].bootstrap = BootstrapInfo{true, false, 4200};
    auto b = report_to_json(run)["targets"][0]["bootstrap"];
    CHECK(b == nlohmann::json({{"ran", true}, {"waited", false}, {"duration_ms", 4200}}));
    CHECK_THAT(format_target_line(run.targets[0], "/work/proj"),
               Catch::EndsWith("  3.2s  (bootstrap 4.2s)"));
}

TEST_CASE("report_to_json names the interrupting signal", "[report]") {
    RunReport run = sample_run();
    run.interrupt_signal = SIGINT;
    run.targets[1].status = TargetStatus::interrupted;
    auto j = report_to_json(run);
    CHECK(j["interrupted"] == "SIGINT");
    CHECK(j["counts"]["interrupted"] == 1);
    run.interrupt_signal = SIGTERM;
    CHECK(report_to_json(run)["interrupted"] == "SIGTERM");
}

TEST_CASE("report_to_json survives invalid UTF-8 and counts timed_out", "[report]") {
    RunReport run;
    TargetReport t = failed_target();
    t.status = TargetStatus::timed_out;
    t.log = "bad \xFF\xC3 bytes \xE2\x82\xAC ok \xED\xA0\x80";
    t.error = "\xC0\xAF";
    run.targets = {t};
    auto j = report_to_json(run);
    std::string text;
    REQUIRE_NOTHROW(text = j.dump());
    auto back = nlohmann::json::parse(text);
    CHECK(back["targets"][0]["status"] == "timed_out");
    CHECK(back["counts"]["timed_out"] == 1);
    CHECK(back["targets"][0]["log"] ==
          "bad \xEF\xBF\xBD\xEF\xBF\xBD bytes \xE2\x82\xAC ok "
          "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(back["targets"][0]["error"] == "\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(back["started_at"] == "1970-01-01T00:00:00Z");
}

TEST_CASE("format_target_line", "[report]") {
    const std::filesystem::path cwd = "/work/proj";
    SECTION("ok: relative output, size and time") {
        CHECK(format_target_line(ok_target(), cwd) ==
              "ok           linux/arm/v7     dist/hello_linux_arm_v7  1.9 MiB  3.2s");
    }
    SECTION("outputs outside cwd, or without a cwd, stay as they are") {
        CHECK_THAT(format_target_line(ok_target(), "/elsewhere"),
                   Catch::Contains("  /work/proj/dist/hello_linux_arm_v7  "));
        CHECK_THAT(format_target_line(ok_target(), "/work/pro"),
                   Catch::Contains("  /work/proj/dist/hello_linux_arm_v7  "));
        CHECK_THAT(format_target_line(ok_target(), ""),
                   Catch::Contains("  /work/proj/dist/hello_linux_arm_v7  "));
    }
    SECTION("failed: the error's first line instead of the output") {
        auto t = failed_target();
        t.error = "go build exited with status 1\nmore";
        CHECK(format_target_line(t, cwd) ==
              "FAILED       windows/amd64    go build exited with status 1  1.1s");
    }
    SECTION("columns line up whatever the status") {
        auto a = format_target_line(ok_target(), cwd);
        auto t = failed_target();
        t.status = TargetStatus::interrupted;
        auto b = format_target_line(t, cwd);
        CHECK(a.find("linux/arm/v7") == b.find("windows/amd64"));
    }
    SECTION("long targets keep a gap") {
        auto t = ok_target();
        t.target = Target{"linux", "mips64le", "softfloat"};
        CHECK_THAT(format_target_line(t, cwd),
                   Catch::Contains("linux/mips64le/softfloat  dist/"));
    }
    SECTION("a skipped target that never ran shows no time") {
        TargetReport t;
        t.target = Target{"linux", "386", ""};
        t.status = TargetStatus::skipped;
        t.error = "skipped after an earlier failure";
        CHECK(format_target_line(t, cwd) ==
              "skipped      linux/386        skipped after an earlier failure");
        t.status = TargetStatus::timed_out;
        t.error = "timed out after 10m0s";
        t.duration_ms = 600000;
        CHECK(format_target_line(t, cwd) ==
              "TIMED OUT    linux/386        timed out after 10m0s  10m0s");
    }
}

TEST_CASE("format_summary", "[report]") {
    RunReport run = sample_run();
    CHECK(format_summary(run) == "2 targets: 1 ok, 1 failed in 12.3s");
    run.targets.push_back(failed_target());
    run.targets.back().status = TargetStatus::skipped;
    run.targets.push_back(failed_target());
    run.targets.back().status = TargetStatus::timed_out;
    CHECK(format_summary(run) == "4 targets: 1 ok, 1 failed, 1 skipped, 1 timed out in 12.3s");
    run.targets = {ok_target()};
    run.duration_ms = 500;
    CHECK(format_summary(run) == "1 target: 1 ok in 500ms");
    run.targets.clear();
    CHECK(format_summary(run) == "0 targets: 0 ok in 500ms");
    run.interrupt_signal = SIGINT;
    CHECK(format_summary(run) == "0 targets: 0 ok in 500ms (interrupted by SIGINT)");
}

TEST_CASE("format_size", "[report]") {
    CHECK(format_size(0) == "0 B");
    CHECK(format_size(1023) == "1023 B");
    CHECK(format_size(1024) == "1.0 KiB");
    CHECK(format_size(1536) == "1.5 KiB");
    CHECK(format_size(1024 * 1024 - 1) == "1.0 MiB");
    CHECK(format_size(2000000) == "1.9 MiB");
    CHECK(format_size(5ULL * 1024 * 1024 * 1024) == "5.0 GiB");
    CHECK(format_size(2048ULL * 1024 * 1024 * 1024) == "2048.0 GiB");
    CHECK_NOTHROW(format_size(UINT64_MAX));
}

TEST_CASE("format_duration_ms", "[report]") {
    CHECK(format_duration_ms(0) == "0ms");
    CHECK(format_duration_ms(12) == "12ms");
    CHECK(format_duration_ms(999) == "999ms");
    CHECK(format_duration_ms(1000) == "1.0s");
    CHECK(format_duration_ms(1234) == "1.2s");
    CHECK(format_duration_ms(1250) == "1.3s");
    CHECK(format_duration_ms(59949) == "59.9s");
    CHECK(format_duration_ms(59950) == "1m0s");
    CHECK(format_duration_ms(61000) == "1m1s");
    CHECK(format_duration_ms(3723000) == "1h2m3s");
    CHECK(format_duration_ms(-5) == "0ms");
    CHECK_NOTHROW(format_duration_ms(INT64_MAX));
}

TEST_CASE("exit_code_for", "[report]") {
    RunReport run = sample_run();
    SECTION("all ok") {
        run.targets = {ok_target(), ok_target()};
        CHECK(exit_code_for(run) == k_exit_ok);
    }
    SECTION("no targets") {
        run.targets.clear();
        CHECK(exit_code_for(run) == k_exit_ok);
    }
    SECTION("a failure") { CHECK(exit_code_for(run) == k_exit_failed); }
    SECTION("skipped alone is not a failure, skipped after a failure is") {
        run.targets[1].status = TargetStatus::skipped;
        CHECK(exit_code_for(run) == k_exit_ok);
        run.targets.push_back(failed_target());
        CHECK(exit_code_for(run) == k_exit_failed);
    }
    SECTION("timed out, refused and interrupted targets fail the run") {
        for (auto status :
             {TargetStatus::timed_out, TargetStatus::refused, TargetStatus::interrupted}) {
            run.targets[1].status = status;
            CHECK(exit_code_for(run) == k_exit_failed);
        }
    }
    SECTION("an interrupted run exits 128+signal") {
        run.interrupt_signal = SIGINT;
        CHECK(exit_code_for(run) == 130);
        run.interrupt_signal = SIGTERM;
        CHECK(exit_code_for(run) == 143);
    }
}

TEST_CASE("report_to_json shows the cgo decision", "[report]") {
    RunReport report;
    TargetReport target;
    target.target = Target{"linux", "arm64", ""};
    target.status = TargetStatus::ok;
    CgoDecision cgo;
    cgo.enabled = true;
    cgo.needs = {CgoPackage{"example.com/app/store", {"store.go"}, "/src/store",
                            {"example.com/app", "example.com/app/store"}}};
    cgo.cc = CcChoice{{"aarch64-linux-gnu-gcc"}, {}, "discovered", "", "/usr/bin/aarch64-linux-gnu-gcc", {}};
    target.cgo = cgo;
    report.targets.push_back(target);
    const nlohmann::json json = report_to_json(report)["targets"][0]["cgo"];
    CHECK(json["mode"] == "auto");
    CHECK(json["enabled"] == true);
    CHECK(json["cc"] == "aarch64-linux-gnu-gcc");
    CHECK(json["cc_origin"] == "discovered");
    CHECK(json["warning"].is_null());
    REQUIRE(json["packages"].size() == 1);
    CHECK(json["packages"][0]["package"] == "example.com/app/store");
    CHECK(json["packages"][0]["files"][0] == "store.go");
    CHECK(json["packages"][0]["chain"] == "example.com/app \u2192 example.com/app/store");
}
