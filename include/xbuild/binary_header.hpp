#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <xbuild/error.hpp>
#include <xbuild/target.hpp>

namespace xbuild {

enum class BinaryFormat { elf, pe, macho, wasm, plan9, xcoff };

// "elf", "pe", "macho", ...
const char* to_string(BinaryFormat format);

// What an executable's header says about the machine it runs on. `machines`
// holds GOARCH names ("amd64", "arm64", "arm", "386", "riscv64", ...); a
// Mach-O universal (fat) file lists one per slice, every other format one.
struct BinaryInfo {
    BinaryFormat format = BinaryFormat::elf;
    std::vector<std::string> machines;
    int bits = 0;                 // 32 or 64
    bool big_endian = false;
    std::optional<int> elf_osabi; // EI_OSABI for ELF files
    bool fat = false;             // Mach-O universal binary
    // Human summary, e.g. "ELF 64-bit arm64" or "Mach-O universal (amd64, arm64)".
    std::string description() const;
};

// Parses the header at the start of `bytes`. Arbitrary input is safe:
// truncated or unknown data gives an Error, never a crash.
Result<BinaryInfo> parse_binary_header(std::span<const std::byte> bytes);

// Reads enough of `path` to parse its header.
Result<BinaryInfo> read_binary_header(const std::filesystem::path& path);

// Checks that `info` is what a build for `target` must produce (format for
// the OS, machine and word size for the arch, OSABI where Go sets one).
// Returns an error describing the mismatch.
Result<void> check_binary_matches(const BinaryInfo& info, const Target& target);

}  // namespace xbuild
