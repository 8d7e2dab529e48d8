#include <xbuild/target.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <xbuild/text.hpp>

namespace xbuild {

namespace {

constexpr std::string_view k_spec_characters = "abcdefghijklmnopqrstuvwxyz0123456789._*?!-";
constexpr std::string_view k_list_hint = "run \"go tool dist list\" to see the valid targets";

bool all_digits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
    });
}

bool starts_with_then_digits(std::string_view text, std::string_view prefix) {
    return text.starts_with(prefix) && all_digits(text.substr(prefix.size()));
}

// The shapes below only tell a plausible spelling from an obvious mistake
// (linux/riscv64/v7); the toolchain decides which values it really knows.
bool is_v_number(std::string_view text) {
    return starts_with_then_digits(text, "v");
}

bool is_word(std::string_view text) {
    return !text.empty() && std::isalpha(static_cast<unsigned char>(text[0])) != 0 &&
           std::all_of(text.begin(), text.end(),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
}

bool is_power(std::string_view text) {
    return starts_with_then_digits(text, "power");
}

bool is_arm64_version(std::string_view text) {
    const std::size_t dot = text.find('.');
    if (dot == std::string_view::npos) {
        return is_v_number(text);
    }
    return is_v_number(text.substr(0, dot)) && all_digits(text.substr(dot + 1));
}

bool is_riscv_profile(std::string_view text) {
    return text.starts_with("rva") && text.ends_with("u64") && text.size() > 6 &&
           all_digits(text.substr(3, text.size() - 6));
}

struct VariantRule {
    std::string_view arch;
    std::string_view variable;
    std::string_view examples;
    bool (*accepts)(std::string_view);
};

constexpr std::array k_variant_rules = {
    VariantRule{"arm", "GOARM", "v5, v6, v7", is_v_number},
    VariantRule{"amd64", "GOAMD64", "v1, v2, v3, v4", is_v_number},
    VariantRule{"386", "GO386", "sse2, softfloat", is_word},
    VariantRule{"mips", "GOMIPS", "hardfloat, softfloat", is_word},
    VariantRule{"mipsle", "GOMIPS", "hardfloat, softfloat", is_word},
    VariantRule{"mips64", "GOMIPS64", "hardfloat, softfloat", is_word},
    VariantRule{"mips64le", "GOMIPS64", "hardfloat, softfloat", is_word},
    VariantRule{"ppc64", "GOPPC64", "power8, power9, power10", is_power},
    VariantRule{"ppc64le", "GOPPC64", "power8, power9, power10", is_power},
    VariantRule{"arm64", "GOARM64", "v8.0, v8.1, v9.0", is_arm64_version},
    VariantRule{"riscv64", "GORISCV64", "rva20u64, rva22u64", is_riscv_profile},
};

const VariantRule* find_variant_rule(std::string_view arch) {
    for (const VariantRule& rule : k_variant_rules) {
        if (rule.arch == arch) {
            return &rule;
        }
    }
    return nullptr;
}


bool has_wildcard(std::string_view text) {
    return text.find_first_of("*?") != std::string_view::npos;
}

// Checks the characters and slashes of `body` (a spec without its leading
// "!") and splits it into 1 to 3 non-empty parts. Errors quote `spec`.
Result<std::vector<std::string>> split_spec(std::string_view body, std::string_view spec) {
    if (body.empty()) {
        return make_error("empty target; write os/arch, e.g. \"linux/amd64\"");
    }
    // The body is the end of the spec (only a leading '!' is dropped).
    const std::size_t offset = spec.size() - body.size();
    for (std::size_t i = 0; i < body.size(); ++i) {
        const char c = body[i];
        if (k_spec_characters.find(c) == std::string_view::npos && c != '/') {
            return make_error(
                "invalid target \"{}\": unexpected character '{}' at column {}; targets are "
                "written os/arch[/variant] in lowercase",
                printable(spec), printable(std::string_view(&c, 1)), offset + i + 1);
        }
    }
    if (body.find('!') != std::string_view::npos) {
        return make_error(
            "invalid target \"{}\": \"!\" may only start an exclusion like \"!linux/386\"", spec);
    }
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t slash = body.find('/', start);
        parts.emplace_back(body.substr(start, slash - start));
        if (slash == std::string_view::npos) {
            break;
        }
        start = slash + 1;
    }
    if (parts.size() > 3) {
        return make_error("invalid target \"{}\": too many \"/\"; write os/arch[/variant]", spec);
    }
    static constexpr std::array<std::string_view, 3> k_part_names = {"os", "arch", "variant"};
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (parts[i].empty()) {
            return make_error("invalid target \"{}\": missing {}; write os/arch[/variant]", spec,
                              k_part_names[i]);
        }
    }
    return parts;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
    return fmt::format("{}", fmt::join(items, separator));
}

// The platforms of one toolchain, indexed for lookups and suggestions.
class Catalog {
public:
    explicit Catalog(const std::vector<Platform>& platforms) : m_platforms(platforms) {
        for (const Platform& platform : platforms) {
            m_oses.push_back(platform.os);
            m_arches.push_back(platform.arch);
            m_names.push_back(platform.os + "/" + platform.arch);
        }
        for (auto* names : {&m_oses, &m_arches}) {
            std::sort(names->begin(), names->end());
            names->erase(std::unique(names->begin(), names->end()), names->end());
        }
    }

    const std::vector<Platform>& platforms() const { return m_platforms; }
    const std::vector<std::string>& oses() const { return m_oses; }
    const std::vector<std::string>& arches() const { return m_arches; }
    const std::vector<std::string>& names() const { return m_names; }

    bool has_os(std::string_view os) const {
        return std::binary_search(m_oses.begin(), m_oses.end(), os);
    }
    bool has_arch(std::string_view arch) const {
        return std::binary_search(m_arches.begin(), m_arches.end(), arch);
    }
    bool has_pair(std::string_view os, std::string_view arch) const {
        return std::any_of(m_platforms.begin(), m_platforms.end(),
                           [&](const Platform& p) { return p.os == os && p.arch == arch; });
    }
    std::vector<std::string> arches_of(std::string_view os) const {
        std::vector<std::string> arches;
        for (const Platform& platform : m_platforms) {
            if (platform.os == os) {
                arches.push_back(platform.arch);
            }
        }
        return arches;
    }

private:
    const std::vector<Platform>& m_platforms;
    std::vector<std::string> m_oses;
    std::vector<std::string> m_arches;
    std::vector<std::string> m_names;
};

std::string suggestion(std::string_view word, const std::vector<std::string>& candidates,
                       std::string_view prefix = {}) {
    if (auto match = closest_match(word, candidates)) {
        return fmt::format(" (did you mean \"{}{}\"?)", prefix, *match);
    }
    return {};
}

Error unknown_name(std::string_view kind, std::string_view name, std::string_view spec,
                   const std::vector<std::string>& candidates) {
    const std::string hint = suggestion(name, candidates);
    const std::string where = spec == name ? std::string() : fmt::format(" in \"{}\"", spec);
    return make_error("unknown {} \"{}\"{}{}", kind, name, where,
                      hint.empty() ? fmt::format("; {}", k_list_hint) : hint);
}

Target to_target(const Platform& platform) {
    return Target{platform.os, platform.arch, {}};
}

// A bare word: an os name or os glob standing for all of its arches, or one
// of the named sets.
Result<std::vector<Target>> resolve_word(const std::string& word, std::string_view spec,
                                         std::string_view prefix, const Catalog& catalog) {
    std::vector<Target> targets;
    for (const Platform& platform : catalog.platforms()) {
        const bool matches = word == "all" || (word == "first-class" && platform.first_class) ||
                             glob_match(word, platform.os);
        if (matches) {
            targets.push_back(to_target(platform));
        }
    }
    if (!targets.empty()) {
        return targets;
    }
    if (word == "first-class" || word == "all") {
        return make_error("\"{}\" matches no target: this toolchain lists none", spec);
    }
    if (catalog.has_arch(word)) {
        return make_error("\"{}\" is an arch, not an os; write \"{}*/{}\" for every os with it",
                          spec, prefix, word);
    }
    if (has_wildcard(word)) {
        return make_error("\"{}\" matches no os; {}", spec, k_list_hint);
    }
    std::vector<std::string> candidates = catalog.oses();
    candidates.push_back("all");
    candidates.push_back("first-class");
    return unknown_name("os", word, spec, candidates);
}

Result<std::vector<Target>> resolve_glob(const std::vector<std::string>& parts,
                                         std::string_view body, std::string_view spec,
                                         std::string_view prefix, const Catalog& catalog) {
    if (parts.size() == 3) {
        return make_error(
            "invalid target \"{}\": a pattern cannot carry a variant; name each target, "
            "e.g. \"linux/arm/v7\"",
            spec);
    }
    // An exact half of a pattern is checked on its own so that a typo gets
    // a precise suggestion rather than "matches no target".
    if (!has_wildcard(parts[0]) && !catalog.has_os(parts[0])) {
        return unknown_name("os", parts[0], spec, catalog.oses());
    }
    if (!has_wildcard(parts[1]) && !catalog.has_arch(parts[1])) {
        return unknown_name("arch", parts[1], spec, catalog.arches());
    }
    std::vector<Target> targets;
    for (const Platform& platform : catalog.platforms()) {
        if (glob_match(parts[0], platform.os) && glob_match(parts[1], platform.arch)) {
            targets.push_back(to_target(platform));
        }
    }
    if (targets.empty()) {
        const std::string hint = suggestion(body, catalog.names(), prefix);
        return make_error("\"{}\" matches no target{}", spec,
                          hint.empty() ? fmt::format("; {}", k_list_hint) : hint);
    }
    return targets;
}

Result<std::vector<Target>> resolve_exact(const std::vector<std::string>& parts,
                                          std::string_view spec, std::string_view prefix,
                                          const Catalog& catalog) {
    const Target target{parts[0], parts[1], parts.size() == 3 ? parts[2] : std::string()};
    if (!catalog.has_pair(target.os, target.arch)) {
        if (catalog.has_os(target.os) && catalog.has_arch(target.arch)) {
            return make_error(
                "target \"{}\" is not supported: os \"{}\" exists but not with arch \"{}\" "
                "({} supports {})",
                spec, target.os, target.arch, target.os, join(catalog.arches_of(target.os), ", "));
        }
        const std::string variant_suffix = target.variant.empty() ? "" : "/" + target.variant;
        if (auto match = closest_match(target.os + "/" + target.arch, catalog.names())) {
            return make_error("unknown target \"{}\" (did you mean \"{}{}{}\"?)", spec, prefix,
                              *match, variant_suffix);
        }
        const Error detail = catalog.has_os(target.os)
                                 ? unknown_name("arch", target.arch, target.arch, catalog.arches())
                                 : unknown_name("os", target.os, target.os, catalog.oses());
        return make_error("unknown target \"{}\": {}", spec, detail.message);
    }
    if (auto setting = variant_setting(target); !setting) {
        return setting.error();
    }
    return std::vector<Target>{target};
}

// What one spec stands for. `prefix` is "!" for an exclusion, so that errors
// and suggestions read the way the user wrote the spec.
Result<std::vector<Target>> resolve_spec(std::string_view body, std::string_view prefix,
                                         const Catalog& catalog) {
    const std::string spec = fmt::format("{}{}", prefix, body);
    if (body.empty() && !prefix.empty()) {
        return make_error("invalid target \"{}\": nothing after \"!\"; write e.g. \"!windows\"",
                          spec);
    }
    auto parts = split_spec(body, spec);
    if (!parts) {
        return parts.error();
    }
    if (parts->size() == 1) {
        return resolve_word(parts->front(), spec, prefix, catalog);
    }
    if (std::any_of(parts->begin(), parts->end(), has_wildcard)) {
        return resolve_glob(*parts, body, spec, prefix, catalog);
    }
    return resolve_exact(*parts, spec, prefix, catalog);
}

Result<std::vector<Target>> expand_cross_product(const TargetSelection& selection,
                                                 const Catalog& catalog) {
    for (const std::string& os : selection.os_list) {
        if (!catalog.has_os(os)) {
            return unknown_name("os", printable(os), printable(os), catalog.oses());
        }
    }
    for (const std::string& arch : selection.arch_list) {
        if (!catalog.has_arch(arch)) {
            return unknown_name("arch", printable(arch), printable(arch), catalog.arches());
        }
    }
    const auto listed = [](const std::vector<std::string>& list, const std::string& name) {
        return list.empty() || std::find(list.begin(), list.end(), name) != list.end();
    };
    std::vector<Target> targets;
    for (const Platform& platform : catalog.platforms()) {
        if (listed(selection.os_list, platform.os) && listed(selection.arch_list, platform.arch)) {
            targets.push_back(to_target(platform));
        }
    }
    if (targets.empty()) {
        return make_error("--os {} and --arch {} give no valid os/arch pair; {}",
                          join(selection.os_list, ","), join(selection.arch_list, ","),
                          k_list_hint);
    }
    return targets;
}

std::string describe(const TargetSelection& selection) {
    std::vector<std::string> pieces;
    if (!selection.os_list.empty()) {
        pieces.push_back("--os " + join(selection.os_list, ","));
    }
    if (!selection.arch_list.empty()) {
        pieces.push_back("--arch " + join(selection.arch_list, ","));
    }
    if (!selection.specs.empty()) {
        pieces.push_back("-t " + join(selection.specs, ","));
    }
    return printable(join(pieces, " "));
}

bool excluded_by(const Target& target, const Target& exclusion) {
    return target.os == exclusion.os && target.arch == exclusion.arch &&
           (exclusion.variant.empty() || exclusion.variant == target.variant);
}

}  // namespace

std::string Target::str() const {
    std::string text = os + "/" + arch;
    if (!variant.empty()) {
        text += "/" + variant;
    }
    return text;
}

std::optional<std::string> variant_variable(std::string_view arch) {
    if (const VariantRule* rule = find_variant_rule(arch)) {
        return std::string(rule->variable);
    }
    return std::nullopt;
}

Result<std::optional<VariantSetting>> variant_setting(const Target& target) {
    if (target.variant.empty()) {
        return std::optional<VariantSetting>();
    }
    const VariantRule* rule = find_variant_rule(target.arch);
    if (rule == nullptr) {
        return make_error("target \"{}\": arch \"{}\" takes no variant; write \"{}/{}\"",
                          printable(target.str()), printable(target.arch), printable(target.os),
                          printable(target.arch));
    }
    if (!rule->accepts(target.variant)) {
        return make_error("target \"{}\": \"{}\" is not a {} variant (for example {})",
                          printable(target.str()), printable(target.variant), rule->variable,
                          rule->examples);
    }
    // GOARM is the only variable spelled without the "v" the platform syntax uses.
    std::string value = rule->arch == "arm" ? target.variant.substr(1) : target.variant;
    return std::optional<VariantSetting>(VariantSetting{std::string(rule->variable), value});
}

Result<Target> parse_target(std::string_view spec) {
    auto parts = split_spec(spec, spec);
    if (!parts) {
        return parts.error();
    }
    if (std::any_of(parts->begin(), parts->end(), has_wildcard)) {
        return make_error("invalid target \"{}\": patterns are not allowed here; name one target",
                          spec);
    }
    if (parts->size() == 1) {
        return make_error("invalid target \"{}\": write os/arch, e.g. \"{}/amd64\"", spec, spec);
    }
    Target target{(*parts)[0], (*parts)[1], parts->size() == 3 ? (*parts)[2] : std::string()};
    if (auto setting = variant_setting(target); !setting) {
        return setting.error();
    }
    return target;
}

Result<std::vector<Target>> expand_targets(const TargetSelection& selection,
                                           const std::vector<Platform>& platforms,
                                           const Target& host) {
    if (selection.os_list.empty() && selection.arch_list.empty() && selection.specs.empty()) {
        return std::vector<Target>{host};
    }
    const Catalog catalog(platforms);
    std::vector<Target> included;
    std::vector<Target> excluded;
    bool has_inclusion = false;
    if (!selection.os_list.empty() || !selection.arch_list.empty()) {
        auto product = expand_cross_product(selection, catalog);
        if (!product) {
            return product.error();
        }
        included = std::move(*product);
        has_inclusion = true;
    }
    for (const std::string& spec : selection.specs) {
        const bool exclusion = spec.starts_with('!');
        const std::string_view body = std::string_view(spec).substr(exclusion ? 1 : 0);
        auto targets = resolve_spec(body, exclusion ? "!" : "", catalog);
        if (!targets) {
            return targets.error();
        }
        auto& into = exclusion ? excluded : included;
        into.insert(into.end(), targets->begin(), targets->end());
        has_inclusion = has_inclusion || !exclusion;
    }
    if (!has_inclusion) {
        for (const Platform& platform : platforms) {
            included.push_back(to_target(platform));
        }
    }
    std::erase_if(included, [&](const Target& target) {
        return std::any_of(excluded.begin(), excluded.end(),
                           [&](const Target& exclusion) { return excluded_by(target, exclusion); });
    });
    std::sort(included.begin(), included.end());
    included.erase(std::unique(included.begin(), included.end()), included.end());
    if (included.empty()) {
        return make_error(
            "the selection \"{}\" matches no target; drop an exclusion or add targets",
            describe(selection));
    }
    return included;
}

namespace {

bool spec_matches(std::string_view body, const Target& target,
                  const std::vector<Platform>& platforms) {
    auto parts = split_spec(body, body);
    if (!parts) return false;
    if (parts->size() == 1) {
        const std::string& word = parts->front();
        if (word == "all") return true;
        if (word == "first-class") {
            return std::any_of(platforms.begin(), platforms.end(), [&](const Platform& p) {
                return p.first_class && p.os == target.os && p.arch == target.arch;
            });
        }
        return glob_match(word, target.os);
    }
    if (!glob_match((*parts)[0], target.os) || !glob_match((*parts)[1], target.arch)) return false;
    return parts->size() == 2 || (*parts)[2] == target.variant;
}

}  // namespace

bool selection_matches(const std::vector<std::string>& specs, const Target& target,
                       const std::vector<Platform>& platforms) {
    bool has_inclusion = false;
    bool included = false;
    for (const std::string& spec : specs) {
        const bool exclusion = spec.starts_with('!');
        const std::string_view body = std::string_view(spec).substr(exclusion ? 1 : 0);
        const bool matches = spec_matches(body, target, platforms);
        if (exclusion && matches) return false;
        if (!exclusion) {
            has_inclusion = true;
            included = included || matches;
        }
    }
    return included || !has_inclusion;
}

namespace {

// nlohmann prefixes messages with "[json.exception.parse_error.101] "; users
// need only the position and the reason.
std::string json_reason(const nlohmann::json::exception& error) {
    std::string_view text = error.what();
    if (text.starts_with('[')) {
        const std::size_t end = text.find("] ");
        if (end != std::string_view::npos) {
            text.remove_prefix(end + 2);
        }
    }
    return std::string(text);
}

bool is_name(const std::string& text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    });
}

Result<Platform> parse_platform(const nlohmann::json& row, std::size_t index) {
    if (!row.is_object()) {
        return make_error("go tool dist list -json: entry {} is not an object", index);
    }
    Platform platform;
    for (const auto& [key, field] :
         {std::pair{"GOOS", &platform.os}, std::pair{"GOARCH", &platform.arch}}) {
        const auto it = row.find(key);
        if (it == row.end() || !it->is_string()) {
            return make_error("go tool dist list -json: entry {} has no string \"{}\"", index, key);
        }
        *field = it->get<std::string>();
        // These names end up in file names and environment variables.
        if (!is_name(*field)) {
            return make_error("go tool dist list -json: entry {} has an invalid {} \"{}\"", index,
                              key, printable(*field));
        }
    }
    // Go releases before 1.16 do not report FirstClass; absent means false.
    for (const auto& [key, field] : {std::pair{"CgoSupported", &platform.cgo_supported},
                                     std::pair{"FirstClass", &platform.first_class}}) {
        const auto it = row.find(key);
        if (it == row.end()) {
            continue;
        }
        if (!it->is_boolean()) {
            return make_error("go tool dist list -json: entry {} has a non-boolean \"{}\"", index,
                              key);
        }
        *field = it->get<bool>();
    }
    return platform;
}

}  // namespace

Result<std::vector<Platform>> parse_dist_list_json(std::string_view json) {
    nlohmann::json document;
    try {
        document = nlohmann::json::parse(json);
    } catch (const nlohmann::json::exception& error) {
        return make_error("go tool dist list -json printed invalid json: {}", json_reason(error));
    }
    if (!document.is_array()) {
        return make_error("go tool dist list -json: expected an array of targets");
    }
    std::vector<Platform> platforms;
    platforms.reserve(document.size());
    for (std::size_t i = 0; i < document.size(); ++i) {
        auto platform = parse_platform(document[i], i);
        if (!platform) {
            return platform.error();
        }
        platforms.push_back(std::move(*platform));
    }
    if (platforms.empty()) {
        return make_error("go tool dist list -json listed no targets");
    }
    // Sorted and free of duplicates, so that everything downstream is deterministic.
    const auto key = [](const Platform& p) { return std::tie(p.os, p.arch); };
    std::stable_sort(platforms.begin(), platforms.end(),
                     [&](const Platform& a, const Platform& b) { return key(a) < key(b); });
    platforms.erase(
        std::unique(platforms.begin(), platforms.end(),
                    [&](const Platform& a, const Platform& b) { return key(a) == key(b); }),
        platforms.end());
    return platforms;
}

}  // namespace xbuild
