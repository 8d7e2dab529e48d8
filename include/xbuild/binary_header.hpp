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

// coff is a Windows object file: a bare COFF header, without PE's MZ stub.
enum class BinaryFormat { elf, pe, macho, wasm, plan9, xcoff, coff };

// "elf", "pe", "macho", ..., "coff".
const char* to_string(BinaryFormat format);

// What an executable's or object file's header says about its machine. `machines`
// holds GOARCH names ("amd64", "arm64", "arm", "386", "riscv64", ...); a
// Mach-O universal (fat) file lists one per slice, every other format one.
struct BinaryInfo {
    BinaryFormat format = BinaryFormat::elf;
    std::vector<std::string> machines;
    int bits = 0;                 // 32 or 64
    bool big_endian = false;
    std::optional<int> elf_osabi; // EI_OSABI for ELF files
    bool fat = false;             // Mach-O universal binary
    bool object = false;          // relocatable object: ELF ET_REL, Mach-O MH_OBJECT, COFF
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

// Checks that `info` is an object file a C compiler for `target` writes with
// -c: COFF for windows, otherwise the executable format; machine and word size
// as for executables; no OSABI check (C compilers write 0 for every system).
// Returns an error describing the mismatch.
Result<void> check_object_matches(const BinaryInfo& info, const Target& target);

}  // namespace xbuild
