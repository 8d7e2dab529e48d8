#include <xbuild/cgo_policy.hpp>

#include <catch2/catch.hpp>

using namespace xbuild;

namespace {

CgoScan scan_with_store() {
    CgoScan scan;
    scan.packages = {CgoPackage{"example.com/app/store", {"store.go"}, "/src/store",
                                {"example.com/app", "example.com/app/store"}}};
    return scan;
}

CcRegistry registry_with_arm64() {
    auto registry = parse_cc_registry(R"({"schema_version": 1, "targets": {"linux/arm64": [
        {"cc": ["aarch64-linux-gnu-gcc"], "debian": "gcc-aarch64-linux-gnu"}]}})",
                                      "test.json");
    REQUIRE(registry.ok());
    return *registry;
}

}  // namespace

TEST_CASE("parse_cgo_mode accepts auto, on, off", "[cgo_policy]") {
    CHECK(*parse_cgo_mode("auto") == CgoMode::automatic);
    CHECK(*parse_cgo_mode("on") == CgoMode::on);
    CHECK(*parse_cgo_mode("off") == CgoMode::off);
    auto bad = parse_cgo_mode("maybe");
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error().message, Catch::Contains("maybe"));
}

TEST_CASE("decide_cgo: auto without cgo packages needs no compiler", "[cgo_policy]") {
    const CgoScan none;
    CHECK_FALSE(cgo_needs_compiler(CgoMode::automatic, none));
    CHECK(cgo_needs_compiler(CgoMode::on, none));
    CHECK_FALSE(cgo_needs_compiler(CgoMode::off, scan_with_store()));
    const CgoDecision decision = decide_cgo(CgoMode::automatic, {"linux", "arm64", ""}, none, nullptr,
                                            registry_with_arm64(), true);
    CHECK_FALSE(decision.enabled);
    CHECK(decision.refusal.empty());
}

TEST_CASE("decide_cgo refuses with the package, file, chain and remedies", "[cgo_policy]") {
    const Result<CcSelection> nothing = CcSelection{};
    const CgoDecision decision = decide_cgo(CgoMode::automatic, {"linux", "arm64", ""}, scan_with_store(),
                                            &nothing, registry_with_arm64(), true);
    CHECK_FALSE(decision.enabled);
    CHECK_THAT(decision.refusal, Catch::Contains("example.com/app/store"));
    CHECK_THAT(decision.refusal, Catch::Contains("store.go"));
    CHECK_THAT(decision.refusal, Catch::Contains("example.com/app \u2192 example.com/app/store"));
    CHECK_THAT(decision.refusal, Catch::Contains("gcc-aarch64-linux-gnu"));
    CHECK_THAT(decision.refusal, Catch::Contains("--cc linux/arm64=CMD"));
    CHECK_THAT(decision.refusal, Catch::Contains("--cgo off"));
}

TEST_CASE("decide_cgo uses the selected compiler", "[cgo_policy]") {
    CcSelection selection;
    selection.choice = CcChoice{{"aarch64-linux-gnu-gcc"}, {}, "discovered", "", "/usr/bin/aarch64-linux-gnu-gcc", {}};
    const Result<CcSelection> selected = selection;
    const CgoDecision decision = decide_cgo(CgoMode::automatic, {"linux", "arm64", ""}, scan_with_store(),
                                            &selected, registry_with_arm64(), true);
    CHECK(decision.enabled);
    REQUIRE(decision.cc.has_value());
    CHECK(decision.cc->cc.front() == "aarch64-linux-gnu-gcc");
    CHECK(decision.refusal.empty());
}

TEST_CASE("decide_cgo: explicit compiler errors, unsupported targets, off", "[cgo_policy]") {
    const Result<CcSelection> failed = Error{"--cc linux/arm64: gcc does not target linux/arm64"};
    const CgoDecision explicit_bad = decide_cgo(CgoMode::automatic, {"linux", "arm64", ""}, scan_with_store(),
                                                &failed, registry_with_arm64(), true);
    CHECK_THAT(explicit_bad.refusal, Catch::Contains("does not target linux/arm64"));

    const CgoDecision unsupported = decide_cgo(CgoMode::automatic, {"js", "wasm", ""}, scan_with_store(),
                                               nullptr, registry_with_arm64(), false);
    CHECK_THAT(unsupported.refusal, Catch::Contains("does not support cgo on js/wasm"));

    const CgoDecision off = decide_cgo(CgoMode::off, {"linux", "arm64", ""}, scan_with_store(), nullptr,
                                       registry_with_arm64(), true);
    CHECK_FALSE(off.enabled);
    CHECK(off.refusal.empty());
    CHECK_THAT(off.warning, Catch::Contains("example.com/app/store"));

    const Result<CcSelection> nothing = CcSelection{};
    const CgoDecision on = decide_cgo(CgoMode::on, {"linux", "arm64", ""}, CgoScan{}, &nothing,
                                      registry_with_arm64(), true);
    CHECK_THAT(on.refusal, Catch::Contains("--cgo on"));
}
