#include <xbuild/cgo_policy.hpp>

#include <fmt/format.h>

#include <xbuild/cc_probe.hpp>

namespace xbuild {

Result<CgoMode> parse_cgo_mode(std::string_view text) {
    if (text == "auto") return CgoMode::automatic;
    if (text == "on") return CgoMode::on;
    if (text == "off") return CgoMode::off;
    return make_error("--cgo {}: expected auto, on or off", text);
}

const char* to_string(CgoMode mode) {
    switch (mode) {
        case CgoMode::automatic: return "auto";
        case CgoMode::on: return "on";
        case CgoMode::off: return "off";
    }
    return "auto";
}

bool cgo_needs_compiler(CgoMode mode, const CgoScan& scan) {
    return mode == CgoMode::on || (mode == CgoMode::automatic && scan.needs_cgo());
}

std::string describe_cgo_package(const CgoPackage& package) {
    std::vector<std::string> parts;
    if (!package.cgo_files.empty()) parts.push_back(fmt::format("{}", fmt::join(package.cgo_files, ", ")));
    if (!package.import_chain.empty()) parts.push_back(format_import_chain(package.import_chain));
    if (parts.empty()) return package.import_path;
    return fmt::format("{} ({})", package.import_path, fmt::join(parts, "; "));
}

namespace {

std::string describe_needs(const std::vector<CgoPackage>& needs) {
    std::vector<std::string> described;
    for (const CgoPackage& package : needs) described.push_back(describe_cgo_package(package));
    return fmt::format("{} {} cgo: {}", needs.size() == 1 ? "package" : "packages",
                       needs.size() == 1 ? "uses" : "use", fmt::join(described, ", "));
}

}  // namespace

CgoDecision decide_cgo(CgoMode mode, const Target& target, const CgoScan& scan,
                       const Result<CcSelection>* selection, const CcRegistry& registry,
                       bool cgo_supported) {
    CgoDecision decision;
    decision.mode = mode;
    decision.needs = scan.packages;
    if (mode == CgoMode::off) {
        if (scan.needs_cgo()) {
            decision.warning = fmt::format("--cgo off: built without cgo; {} (their cgo files were left out)",
                                           describe_needs(scan.packages));
        }
        return decision;
    }
    if (!cgo_needs_compiler(mode, scan)) return decision;

    const std::string why = scan.needs_cgo() ? describe_needs(scan.packages)
                                             : std::string("--cgo on asks for cgo");
    const std::string fallback = scan.needs_cgo() ? ", or --cgo off to build its pure-Go fallback" : "";
    if (!cgo_supported) {
        decision.refusal = fmt::format("{}, but go does not support cgo on {}{}", why, target.str(), fallback);
        return decision;
    }
    if (selection == nullptr || !selection->ok()) {
        const std::string error = selection ? selection->error().message : "no compiler was looked for";
        decision.refusal = fmt::format("{}, and the C compiler for {} is unusable: {}; fix it or pass "
                                       "--cc {}=CMD{}",
                                       why, target.str(), error, target.str(), fallback);
        return decision;
    }
    if (!(*selection)->choice) {
        const std::string tried = describe_tried((*selection)->tried);
        const std::string hint = install_hint(registry, target);
        const std::string cc_hint = hint.find("--cc") == std::string::npos
                                        ? fmt::format(", or pass --cc {}=CMD", target.str())
                                        : "";
        decision.refusal = fmt::format("{}, and no C compiler for {} was found{}; {}{}{}", why,
                                       target.str(), tried.empty() ? "" : " (" + tried + ")", hint,
                                       cc_hint, fallback);
        return decision;
    }
    decision.enabled = true;
    decision.cc = (*selection)->choice;
    return decision;
}

}  // namespace xbuild
