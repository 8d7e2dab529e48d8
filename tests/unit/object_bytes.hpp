#pragma once

// Crafted executable headers for tests that need "what go wrote" without
// running go.

#include <cstdint>
#include <string>

namespace xbuild::test {

// The first 64 bytes of a little-endian ELF64 executable for `machine`
// (62 = x86-64, 183 = AArch64).
inline std::string elf64_header(std::uint16_t machine) {
    std::string header(64, '\0');
    header.replace(0, 4, "\x7f" "ELF");
    header[4] = 2;   // ELFCLASS64
    header[5] = 1;   // ELFDATA2LSB
    header[6] = 1;   // EV_CURRENT
    header[16] = 2;  // ET_EXEC
    header[18] = static_cast<char>(machine & 0xff);
    header[19] = static_cast<char>(machine >> 8);
    header[20] = 1;
    return header;
}

}  // namespace xbuild::test
