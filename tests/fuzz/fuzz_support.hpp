#pragma once

// Shared by the libFuzzer harnesses (tests/fuzz/fuzz_*.cpp): turning an
// escaped exception or a broken invariant into a crash that libFuzzer reports
// with the input that caused it, and fixtures loaded once per process.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <xbuild/target.hpp>

namespace xbuild::fuzz {

// Prints what went wrong and aborts: libFuzzer treats the abort as a crash
// and saves the input as crash-<sha1>.
[[noreturn]] inline void fail(std::string_view what, std::string_view detail = {}) {
    std::fprintf(stderr, "fuzz: %.*s%s%.*s\n", static_cast<int>(what.size()), what.data(),
                 detail.empty() ? "" : ": ", static_cast<int>(detail.size()), detail.data());
    std::abort();
}

// Parsers return Result errors for bad input; an exception escaping one is a
// bug, and so is a thrown exception the harness's own checks trigger.
template <typename Body>
int guarded(Body&& body) {
    try {
        body();
    } catch (const std::exception& error) {
        fail("exception escaped", error.what());
    } catch (...) {
        fail("non-standard exception escaped");
    }
    return 0;
}

// User-facing messages are one line: no control characters at all.
inline bool is_one_printable_line(std::string_view message) {
    if (message.empty()) return false;
    for (const char c : message) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) return false;
    }
    return true;
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Splits on '\n' and keeps empty lines: the harnesses feed every line to the
// parser, empty ones included. Empty text has no lines at all.
inline std::vector<std::string> lines_of(std::string_view text) {
    std::vector<std::string> lines;
    if (text.empty()) return lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        lines.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

// A file under the source tree (XBUILD_FUZZ_SOURCE_DIR is set by
// tests/fuzz/CMakeLists.txt); aborts when it cannot be read, since every
// input would otherwise be tested against nothing.
inline std::string read_source_file(std::string_view relative) {
    const std::string path = std::string(XBUILD_FUZZ_SOURCE_DIR) + "/" + std::string(relative);
    std::ifstream in(path, std::ios::binary);
    if (!in) fail("cannot read fixture", path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Go 1.19's targets, from `go tool dist list -json`, parsed once.
inline const std::vector<Platform>& go119_platforms() {
    static const std::vector<Platform> platforms = [] {
        auto parsed = parse_dist_list_json(read_source_file("tests/fixtures/dist_list_go1.19.json"));
        if (!parsed) fail("tests/fixtures/dist_list_go1.19.json", parsed.error().message);
        return *parsed;
    }();
    return platforms;
}

}  // namespace xbuild::fuzz

// Aborts with the failed condition and its place, plus an optional detail.
#define XBUILD_FUZZ_CHECK(condition, ...)                                                  \
    do {                                                                                   \
        if (!(condition)) {                                                                \
            ::xbuild::fuzz::fail(__FILE__ ":" XBUILD_FUZZ_STR(__LINE__) ": " #condition,   \
                                 ::std::string_view(__VA_ARGS__));                         \
        }                                                                                  \
    } while (0)
#define XBUILD_FUZZ_STR(x) XBUILD_FUZZ_STR2(x)
#define XBUILD_FUZZ_STR2(x) #x
