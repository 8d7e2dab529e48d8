// Fuzzes the C compiler settings (include/xbuild/cc_registry.hpp): the whole
// input is read as a toolchains/cc.json registry, as a command line for
// split_command (CC, CC_FOR_*), and as the value of --cc and --cxx.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xbuild/cc_registry.hpp>

#include "fuzz_support.hpp"

namespace {

using namespace xbuild;

void check_registry(std::string_view json) {
    const Result<CcRegistry> registry = parse_cc_registry(json, "cc.json");
    if (!registry) {
        XBUILD_FUZZ_CHECK(registry.error().message.starts_with("cc.json"),
                          registry.error().message);
        return;
    }
    XBUILD_FUZZ_CHECK(registry->schema_version == 1);
    for (const auto& [key, candidates] : registry->targets) {
        // Keys are exact os/arch pairs; variants live in "variants".
        const Result<Target> pair = parse_target(key);
        XBUILD_FUZZ_CHECK(pair.ok() && pair->variant.empty(), key);
        for (const CcCandidate& candidate : candidates) {
            XBUILD_FUZZ_CHECK(!candidate.cc.empty(), key);
            for (const std::string& variant : candidate.variants) {
                const Target with_variant{pair->os, pair->arch, variant};
                XBUILD_FUZZ_CHECK(variant_setting(with_variant).ok(), with_variant.str());
                // A candidate restricted to a variant is offered for it.
                const std::vector<CcCandidate> offered = registry->candidates_for(with_variant);
                XBUILD_FUZZ_CHECK(std::any_of(offered.begin(), offered.end(),
                                              [&](const CcCandidate& c) {
                                                  return c.cc == candidate.cc &&
                                                         c.variants == candidate.variants;
                                              }),
                                  with_variant.str());
            }
        }
        // Without a variant every candidate is offered, in order.
        XBUILD_FUZZ_CHECK(registry->candidates_for(*pair).size() == candidates.size(), key);
        XBUILD_FUZZ_CHECK(!install_hint(*registry, *pair).empty(), key);
    }
}

// Single-quotes a word for split_command: '...' is literal, and a quote
// inside closes, escapes and reopens ('\'').
std::string quote_word(const std::string& word) {
    std::string quoted = "'";
    for (const char c : word) {
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return quoted + "'";
}

void check_split(std::string_view command) {
    const Result<std::vector<std::string>> words = split_command(command);
    if (!words) {
        XBUILD_FUZZ_CHECK(!words.error().message.empty());
        return;
    }
    XBUILD_FUZZ_CHECK(!words->empty());
    // Quoting the words and splitting again gives them back.
    std::string requoted;
    for (const std::string& word : *words) {
        if (!requoted.empty()) requoted += ' ';
        requoted += quote_word(word);
    }
    const Result<std::vector<std::string>> again = split_command(requoted);
    XBUILD_FUZZ_CHECK(again.ok() && *again == *words, requoted);
}

void check_spec(std::string_view spec, CcLanguage language) {
    const Result<CcOverride> parsed = parse_cc_spec(spec, language);
    if (!parsed) {
        XBUILD_FUZZ_CHECK(!parsed.error().message.empty());
        return;
    }
    XBUILD_FUZZ_CHECK(parsed->language == language);
    XBUILD_FUZZ_CHECK(parsed->origin == (language == CcLanguage::c ? "--cc" : "--cxx"));
    XBUILD_FUZZ_CHECK(!parsed->command.empty());
    // The target is everything before the first '=', spelled exactly.
    XBUILD_FUZZ_CHECK(spec.substr(0, spec.find('=')) == parsed->target.str(),
                      parsed->target.str());
    const Result<std::vector<std::string>> command = split_command(spec.substr(spec.find('=') + 1));
    XBUILD_FUZZ_CHECK(command.ok() && *command == parsed->command);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return fuzz::guarded([&] {
        const std::string_view text = fuzz::as_text(data, size);
        check_registry(text);
        check_split(text);
        check_spec(text, CcLanguage::c);
        check_spec(text, CcLanguage::cxx);
    });
}
