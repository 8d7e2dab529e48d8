#include <xbuild/binary_header.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include "test_data.hpp"

namespace xbuild {
namespace {

using test::TempDir;

using Bytes = std::vector<std::byte>;

void put(Bytes& bytes, std::size_t offset, std::uint64_t value, std::size_t width,
         bool big_endian) {
    if (bytes.size() < offset + width) bytes.resize(offset + width);
    for (std::size_t i = 0; i < width; ++i) {
        std::size_t shift = 8 * (big_endian ? width - 1 - i : i);
        bytes[offset + i] = static_cast<std::byte>((value >> shift) & 0xff);
    }
}

Bytes from_string(std::string_view text) {
    Bytes bytes;
    for (char c : text) bytes.push_back(static_cast<std::byte>(c));
    return bytes;
}

Bytes make_elf(int bits, bool big_endian, std::uint16_t machine, std::uint8_t osabi = 0) {
    Bytes bytes(bits == 64 ? 64 : 52);
    put(bytes, 0, 0x7f454c46, 4, true);
    put(bytes, 4, bits == 64 ? 2 : 1, 1, false);
    put(bytes, 5, big_endian ? 2 : 1, 1, false);
    put(bytes, 6, 1, 1, false);
    put(bytes, 7, osabi, 1, false);
    put(bytes, 16, 2, 2, big_endian);  // ET_EXEC
    put(bytes, 18, machine, 2, big_endian);
    return bytes;
}

Bytes make_pe(std::uint16_t machine, std::uint16_t optional_magic, std::uint32_t pe_offset = 0x80) {
    Bytes bytes(pe_offset + 26);
    put(bytes, 0, 0x4d5a, 2, true);  // "MZ"
    put(bytes, 0x3c, pe_offset, 4, false);
    put(bytes, pe_offset, 0x00004550, 4, false);  // "PE\0\0"
    put(bytes, pe_offset + 4, machine, 2, false);
    put(bytes, pe_offset + 20, optional_magic == 0x20b ? 240 : 224, 2, false);
    put(bytes, pe_offset + 24, optional_magic, 2, false);
    return bytes;
}

Bytes make_macho(int bits, bool big_endian, std::uint32_t cputype) {
    Bytes bytes(bits == 64 ? 32 : 28);
    put(bytes, 0, bits == 64 ? 0xfeedfacf : 0xfeedface, 4, big_endian);
    put(bytes, 4, cputype, 4, big_endian);
    put(bytes, 12, 2, 4, big_endian);  // MH_EXECUTE
    return bytes;
}

Bytes make_fat(const std::vector<std::uint32_t>& cputypes) {
    Bytes bytes(8 + 20 * cputypes.size());
    put(bytes, 0, 0xcafebabe, 4, true);
    put(bytes, 4, cputypes.size(), 4, true);
    for (std::size_t i = 0; i < cputypes.size(); ++i) {
        put(bytes, 8 + 20 * i, cputypes[i], 4, true);
        put(bytes, 8 + 20 * i + 8, 0x4000 * (i + 1), 4, true);
    }
    return bytes;
}

Bytes make_plan9(std::uint32_t magic, std::size_t size) {
    Bytes bytes(size);
    put(bytes, 0, magic, 4, true);
    return bytes;
}

Bytes make_xcoff(std::uint16_t magic, std::size_t size) {
    Bytes bytes(size);
    put(bytes, 0, magic, 2, true);
    return bytes;
}

// IMAGE_FILE_HEADER of a COFF object file, as mingw-w64 gcc -c writes it.
Bytes make_coff(std::uint16_t machine, std::uint16_t sections = 7,
                std::uint16_t optional_size = 0) {
    Bytes bytes(20);
    put(bytes, 0, machine, 2, false);
    put(bytes, 2, sections, 2, false);
    put(bytes, 8, 0x1f4, 4, false);  // PointerToSymbolTable
    put(bytes, 12, 18, 4, false);    // NumberOfSymbols
    put(bytes, 16, optional_size, 2, false);
    put(bytes, 18, 0x0004, 2, false);  // IMAGE_FILE_LINE_NUMS_STRIPPED
    return bytes;
}

Bytes make_wasm() {
    Bytes bytes = from_string(std::string_view("\0asm", 4));
    put(bytes, 4, 1, 4, false);
    return bytes;
}

BinaryInfo parse_ok(const Bytes& bytes) {
    Result<BinaryInfo> info = parse_binary_header(bytes);
    INFO((info ? std::string() : info.error().message));
    REQUIRE(info.ok());
    return *info;
}

std::string parse_error(const Bytes& bytes) {
    Result<BinaryInfo> info = parse_binary_header(bytes);
    REQUIRE_FALSE(info.ok());
    return info.error().message;
}

Target target(std::string os, std::string arch) {
    return Target{std::move(os), std::move(arch), ""};
}

}  // namespace

TEST_CASE("parse_binary_header reads ELF machines", "[binary]") {
    struct Case {
        int bits;
        bool big_endian;
        std::uint16_t machine;
        const char* expected;
    };
    const std::vector<Case> cases{
        {32, false, 3, "386"},       {64, false, 62, "amd64"},    {32, false, 40, "arm"},
        {64, false, 183, "arm64"},   {64, false, 243, "riscv64"}, {64, true, 21, "ppc64"},
        {64, false, 21, "ppc64le"},  {64, true, 22, "s390x"},     {32, true, 8, "mips"},
        {32, false, 8, "mipsle"},    {64, true, 8, "mips64"},     {64, false, 8, "mips64le"},
        {64, false, 258, "loong64"},
    };
    for (const Case& c : cases) {
        INFO(c.expected);
        BinaryInfo info = parse_ok(make_elf(c.bits, c.big_endian, c.machine));
        CHECK(info.format == BinaryFormat::elf);
        CHECK(info.machines == std::vector<std::string>{c.expected});
        CHECK(info.bits == c.bits);
        CHECK(info.big_endian == c.big_endian);
        CHECK(info.elf_osabi == 0);
        CHECK_FALSE(info.fat);
    }

    SECTION("osabi and description") {
        BinaryInfo info = parse_ok(make_elf(64, false, 62, 9));
        CHECK(info.elf_osabi == 9);
        CHECK(info.description() == "ELF 64-bit amd64 (FreeBSD)");
        CHECK(parse_ok(make_elf(32, false, 40)).description() == "ELF 32-bit arm");
    }
    SECTION("an unknown machine parses but names itself") {
        BinaryInfo info = parse_ok(make_elf(64, false, 0x1234));
        CHECK(info.machines == std::vector<std::string>{"unknown machine 0x1234"});
    }
    SECTION("bad class and data encoding") {
        Bytes bytes = make_elf(64, false, 62);
        bytes[4] = std::byte{7};
        CHECK(parse_error(bytes) == "invalid ELF header: unknown class 7");
        bytes = make_elf(64, false, 62);
        bytes[5] = std::byte{0};
        CHECK(parse_error(bytes) == "invalid ELF header: unknown data encoding 0");
    }
}

TEST_CASE("parse_binary_header reads PE machines", "[binary]") {
    struct Case {
        std::uint16_t machine;
        std::uint16_t magic;
        const char* expected;
        int bits;
    };
    const std::vector<Case> cases{
        {0x14c, 0x10b, "386", 32}, {0x8664, 0x20b, "amd64", 64}, {0x1c0, 0x10b, "arm", 32},
        {0x1c4, 0x10b, "arm", 32}, {0xaa64, 0x20b, "arm64", 64},
    };
    for (const Case& c : cases) {
        INFO(c.expected);
        BinaryInfo info = parse_ok(make_pe(c.machine, c.magic));
        CHECK(info.format == BinaryFormat::pe);
        CHECK(info.machines == std::vector<std::string>{c.expected});
        CHECK(info.bits == c.bits);
        CHECK_FALSE(info.elf_osabi.has_value());
    }
    CHECK(parse_ok(make_pe(0x8664, 0x20b)).description() == "PE 64-bit amd64");

    SECTION("e_lfanew pointing past the data is an error, not a read") {
        for (std::uint32_t offset : {0x40u, 0x1000u, 0xfffffff0u, 0xffffffffu}) {
            Bytes bytes = make_pe(0x8664, 0x20b);
            put(bytes, 0x3c, offset, 4, false);
            CHECK_FALSE(parse_binary_header(bytes).ok());
        }
        Bytes far = make_pe(0x8664, 0x20b);
        put(far, 0x3c, 0x100000, 4, false);
        CHECK(parse_error(far) ==
              "invalid PE header: e_lfanew 0x100000 is beyond the first 64 KiB");
    }
    SECTION("MZ without PE signature") {
        Bytes bytes = make_pe(0x14c, 0x10b);
        bytes[0x80] = std::byte{'N'};
        CHECK(parse_error(bytes) == "not an executable: MZ file without a PE signature at 0x80");
    }
    SECTION("unknown optional header magic") {
        CHECK(parse_error(make_pe(0x14c, 0x107)) ==
              "invalid PE header: unknown optional header magic 0x107");
    }
}

TEST_CASE("parse_binary_header reads Mach-O thin and universal files", "[binary]") {
    struct Case {
        int bits;
        std::uint32_t cputype;
        const char* expected;
    };
    const std::vector<Case> cases{
        {32, 7, "386"}, {64, 0x01000007, "amd64"}, {32, 12, "arm"}, {64, 0x0100000c, "arm64"}};
    for (bool big_endian : {false, true}) {
        for (const Case& c : cases) {
            INFO(c.expected << (big_endian ? " big-endian" : " little-endian"));
            BinaryInfo info = parse_ok(make_macho(c.bits, big_endian, c.cputype));
            CHECK(info.format == BinaryFormat::macho);
            CHECK(info.machines == std::vector<std::string>{c.expected});
            CHECK(info.bits == c.bits);
            CHECK(info.big_endian == big_endian);
            CHECK_FALSE(info.fat);
        }
    }
    CHECK(parse_ok(make_macho(64, false, 0x0100000c)).description() == "Mach-O 64-bit arm64");

    SECTION("universal") {
        BinaryInfo info = parse_ok(make_fat({0x01000007, 0x0100000c}));
        CHECK(info.format == BinaryFormat::macho);
        CHECK(info.fat);
        CHECK(info.machines == std::vector<std::string>{"amd64", "arm64"});
        CHECK(info.bits == 64);
        CHECK(info.description() == "Mach-O universal (amd64, arm64)");
        CHECK(parse_ok(make_fat({7, 0x01000007})).bits == 0);
    }
    SECTION("64-bit offset universal variant") {
        Bytes bytes(8 + 32);
        put(bytes, 0, 0xcafebabf, 4, true);
        put(bytes, 4, 1, 4, true);
        put(bytes, 8, 0x0100000c, 4, true);
        BinaryInfo info = parse_ok(bytes);
        CHECK(info.fat);
        CHECK(info.machines == std::vector<std::string>{"arm64"});
    }
    SECTION("a Java class file is not a universal binary") {
        Bytes java(64);
        put(java, 0, 0xcafebabe, 4, true);
        put(java, 4, 0x00000034, 4, true);  // minor 0, major 52 (Java 8)
        CHECK(parse_error(java) ==
              "not an executable: unknown header (first bytes ca fe ba be 00 00 00 34; a Java "
              "class?)");
        put(java, 4, 0, 4, true);
        CHECK_FALSE(parse_binary_header(java).ok());
    }
    SECTION("a slice table longer than the data") {
        Bytes bytes = make_fat({0x01000007, 0x0100000c});
        put(bytes, 4, 32, 4, true);
        CHECK(parse_error(bytes) == "truncated Mach-O universal header (48 bytes)");
    }
}

TEST_CASE("parse_binary_header reads wasm, Plan 9 and XCOFF", "[binary]") {
    SECTION("wasm") {
        BinaryInfo info = parse_ok(make_wasm());
        CHECK(info.format == BinaryFormat::wasm);
        CHECK(info.machines == std::vector<std::string>{"wasm"});
        CHECK(info.description() == "WebAssembly");
    }
    SECTION("plan 9") {
        BinaryInfo info = parse_ok(make_plan9(0x000001eb, 32));
        CHECK(info.format == BinaryFormat::plan9);
        CHECK(info.machines == std::vector<std::string>{"386"});
        CHECK(info.bits == 32);
        info = parse_ok(make_plan9(0x00008a97, 40));
        CHECK(info.machines == std::vector<std::string>{"amd64"});
        CHECK(info.bits == 64);
        CHECK(info.description() == "Plan 9 a.out 64-bit amd64");
        info = parse_ok(make_plan9(0x00000647, 32));
        CHECK(info.machines == std::vector<std::string>{"arm"});
        CHECK(parse_error(make_plan9(0x00008a97, 32)) ==
              "truncated Plan 9 a.out header (32 bytes)");
    }
    SECTION("xcoff") {
        BinaryInfo info = parse_ok(make_xcoff(0x01f7, 24));
        CHECK(info.format == BinaryFormat::xcoff);
        CHECK(info.machines == std::vector<std::string>{"ppc64"});
        CHECK(info.bits == 64);
        CHECK(info.big_endian);
        CHECK(parse_ok(make_xcoff(0x01df, 20)).bits == 32);
    }
    SECTION("format names") {
        CHECK(std::string(to_string(BinaryFormat::elf)) == "elf");
        CHECK(std::string(to_string(BinaryFormat::macho)) == "macho");
        CHECK(std::string(to_string(BinaryFormat::plan9)) == "plan9");
    }
}

TEST_CASE("parse_binary_header reads COFF object files", "[binary]") {
    struct Case {
        std::uint16_t machine;
        const char* expected;
        int bits;
    };
    const std::vector<Case> cases{
        {0x14c, "386", 32}, {0x8664, "amd64", 64}, {0x1c4, "arm", 32}, {0xaa64, "arm64", 64}};
    for (const Case& c : cases) {
        INFO(c.expected);
        BinaryInfo info = parse_ok(make_coff(c.machine));
        CHECK(info.format == BinaryFormat::coff);
        CHECK(info.machines == std::vector<std::string>{c.expected});
        CHECK(info.bits == c.bits);
        CHECK(info.object);
        CHECK_FALSE(info.elf_osabi.has_value());
    }
    CHECK(parse_ok(make_coff(0x8664)).description() == "COFF 64-bit amd64");
    CHECK(std::string(to_string(BinaryFormat::coff)) == "coff");

    SECTION("only plausible headers") {
        CHECK(parse_error(make_coff(0x8664, 7, 240)) ==
              "not an executable: unknown header (first bytes 64 86 07 00 00 00 00 00)");
        CHECK_FALSE(parse_binary_header(make_coff(0x8664, 0)).ok());
        CHECK_FALSE(parse_binary_header(make_coff(0x8664, 0xff00)).ok());
        CHECK_FALSE(parse_binary_header(make_coff(0x1234)).ok());
    }

    SECTION("truncation") {
        Bytes coff = make_coff(0x14c);
        CHECK(parse_error(Bytes(coff.begin(), coff.begin() + 19)) ==
              "truncated COFF header (19 bytes)");
        CHECK(parse_error(Bytes(coff.begin(), coff.begin() + 2)) ==
              "truncated COFF header (2 bytes)");
    }
}

TEST_CASE("parse_binary_header tells object files from executables", "[binary]") {
    Bytes elf = make_elf(64, false, 183);
    CHECK_FALSE(parse_ok(elf).object);
    put(elf, 16, 1, 2, false);  // ET_REL
    CHECK(parse_ok(elf).object);
    CHECK(parse_ok(elf).description() == "ELF 64-bit arm64");

    Bytes macho = make_macho(64, false, 0x0100000c);
    CHECK_FALSE(parse_ok(macho).object);
    put(macho, 12, 1, 4, false);  // MH_OBJECT
    CHECK(parse_ok(macho).object);

    CHECK_FALSE(parse_ok(make_pe(0x8664, 0x20b)).object);
}

TEST_CASE("check_object_matches compares an object with a target", "[binary]") {
    auto object = [](Bytes bytes, bool big_endian = false) {
        put(bytes, 16, 1, 2, big_endian);  // ET_REL
        return parse_ok(bytes);
    };
    CHECK(check_object_matches(object(make_elf(64, false, 183)), target("linux", "arm64")).ok());
    CHECK(check_object_matches(object(make_elf(32, false, 40)), target("linux", "arm")).ok());
    CHECK(
        check_object_matches(object(make_elf(64, true, 22), true), target("linux", "s390x")).ok());
    // Compilers write OSABI 0 for every system; Go's linker writes 9 for freebsd.
    CHECK(check_object_matches(object(make_elf(64, false, 62)), target("freebsd", "amd64")).ok());
    CHECK(check_object_matches(parse_ok(make_coff(0x8664)), target("windows", "amd64")).ok());
    CHECK(check_object_matches(parse_ok(make_coff(0x14c)), target("windows", "386")).ok());
    Bytes macho = make_macho(64, false, 0x0100000c);
    put(macho, 12, 1, 4, false);
    CHECK(check_object_matches(parse_ok(macho), target("darwin", "arm64")).ok());

    Result<void> wrong =
        check_object_matches(object(make_elf(64, false, 62)), target("linux", "arm64"));
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().message ==
          "linux/arm64: expected an ELF arm64 object file, got ELF 64-bit amd64");

    Result<void> elf_for_windows =
        check_object_matches(object(make_elf(64, false, 62)), target("windows", "amd64"));
    REQUIRE_FALSE(elf_for_windows.ok());
    CHECK(elf_for_windows.error().message ==
          "windows/amd64: expected a COFF amd64 object file, got ELF 64-bit amd64");

    CHECK_FALSE(check_object_matches(parse_ok(make_coff(0x14c)), target("windows", "amd64")).ok());
    CHECK_FALSE(
        check_object_matches(parse_ok(make_pe(0x8664, 0x20b)), target("windows", "amd64")).ok());
    CHECK_FALSE(
        check_object_matches(object(make_elf(32, false, 183)), target("linux", "arm64")).ok());

    Result<void> linked =
        check_object_matches(parse_ok(make_elf(64, false, 183)), target("linux", "arm64"));
    REQUIRE_FALSE(linked.ok());
    CHECK(
        linked.error().message ==
        "linux/arm64: expected an object file, got ELF 64-bit arm64 (linked, not an object file)");
}

TEST_CASE("parse_binary_header rejects every truncation of a valid header", "[binary]") {
    const std::vector<Bytes> headers{
        make_elf(32, false, 3),     make_elf(64, true, 22),
        make_pe(0x8664, 0x20b),     make_pe(0x14c, 0x10b, 0x40),
        make_macho(32, true, 7),    make_macho(64, false, 0x0100000c),
        make_fat({7, 0x0100000c}),  make_wasm(),
        make_plan9(0x000001eb, 32), make_plan9(0x00008a97, 40),
        make_plan9(0x00000647, 32), make_xcoff(0x01f7, 24),
        make_xcoff(0x01df, 20),     make_coff(0x8664),
        make_coff(0x14c),
    };
    for (const Bytes& header : headers) {
        REQUIRE(parse_binary_header(header).ok());
        for (std::size_t length = 0; length < header.size(); ++length) {
            INFO("prefix of " << length << " of " << header.size() << " bytes");
            Bytes prefix(header.begin(), header.begin() + static_cast<std::ptrdiff_t>(length));
            CHECK_FALSE(parse_binary_header(prefix).ok());
        }
    }

    SECTION("messages") {
        Bytes elf = make_elf(64, false, 62);
        CHECK(parse_error(Bytes(elf.begin(), elf.begin() + 12)) ==
              "truncated ELF header (12 bytes)");
        CHECK(parse_error(Bytes(elf.begin(), elf.begin() + 3)) ==
              "not an executable: unknown header (first bytes 7f 45 4c)");
        CHECK(parse_error(Bytes{}) == "not an executable: the file is empty");
    }
}

TEST_CASE("parse_binary_header survives garbage", "[binary]") {
    CHECK(parse_error(from_string("#!/bin/sh\necho hi\n")) ==
          "not an executable: unknown header (first bytes 23 21 2f 62 69 6e 2f 73)");

    // Valid magics followed by random bytes reach deep into each parser.
    std::mt19937 random(12345);
    const std::vector<Bytes> seeds{make_elf(64, false, 62),
                                   make_pe(0x8664, 0x20b, 0x40),
                                   make_fat({7}),
                                   make_macho(64, true, 7),
                                   make_wasm(),
                                   make_plan9(0x00008a97, 40),
                                   make_xcoff(0x01f7, 24),
                                   make_coff(0xaa64),
                                   Bytes{}};
    int parsed = 0;
    for (int round = 0; round < 20000; ++round) {
        const Bytes& seed = seeds[static_cast<std::size_t>(round) % seeds.size()];
        std::size_t magic = std::min<std::size_t>(seed.size(), 4);
        Bytes bytes(seed.begin(), seed.begin() + static_cast<std::ptrdiff_t>(magic));
        bytes.resize(random() % 200);
        for (std::size_t i = magic; i < bytes.size(); ++i) {
            bytes[i] = static_cast<std::byte>(random() & 0xff);
        }
        Result<BinaryInfo> info = parse_binary_header(bytes);
        if (info) {
            ++parsed;
            CHECK_FALSE(info->machines.empty());
            CHECK_FALSE(info->description().empty());
        } else {
            CHECK_FALSE(info.error().message.empty());
        }
    }
    CHECK(parsed > 0);
}

TEST_CASE("read_binary_header reads files", "[binary]") {
    TempDir dir;
    SECTION("a file") {
        Bytes elf = make_elf(64, false, 183);
        elf.resize(200 * 1024);
        std::ofstream(dir.path() / "app", std::ios::binary)
            .write(reinterpret_cast<const char*>(elf.data()),
                   static_cast<std::streamsize>(elf.size()));
        Result<BinaryInfo> info = read_binary_header(dir.path() / "app");
        REQUIRE(info.ok());
        CHECK(info->machines == std::vector<std::string>{"arm64"});
    }
    SECTION("a missing file names the path") {
        Result<BinaryInfo> info = read_binary_header(dir.path() / "missing");
        REQUIRE_FALSE(info.ok());
        CHECK(info.error().message == fmt::format("cannot open {}: No such file or directory",
                                                  (dir.path() / "missing").string()));
    }
    SECTION("a text file names the path") {
        std::ofstream(dir.path() / "script") << "#!";
        Result<BinaryInfo> info = read_binary_header(dir.path() / "script");
        REQUIRE_FALSE(info.ok());
        CHECK(info.error().message ==
              fmt::format("{}: not an executable: unknown header (first bytes 23 21)",
                          (dir.path() / "script").string()));
    }
}

TEST_CASE("check_binary_matches compares format, machine, word size and OSABI", "[binary]") {
    SECTION("matches") {
        CHECK(check_binary_matches(parse_ok(make_elf(64, false, 183)), target("linux", "arm64"))
                  .ok());
        CHECK(
            check_binary_matches(parse_ok(make_elf(32, false, 40)), target("android", "arm")).ok());
        CHECK(check_binary_matches(parse_ok(make_elf(64, false, 62, 9)), target("freebsd", "amd64"))
                  .ok());
        CHECK(check_binary_matches(parse_ok(make_pe(0x14c, 0x10b)), target("windows", "386")).ok());
        CHECK(check_binary_matches(parse_ok(make_macho(64, false, 0x0100000c)),
                                   target("ios", "arm64"))
                  .ok());
        CHECK(check_binary_matches(parse_ok(make_wasm()), target("js", "wasm")).ok());
        CHECK(check_binary_matches(parse_ok(make_wasm()), target("wasip1", "wasm")).ok());
        CHECK(check_binary_matches(parse_ok(make_plan9(0x000001eb, 32)), target("plan9", "386"))
                  .ok());
        CHECK(check_binary_matches(parse_ok(make_xcoff(0x01f7, 24)), target("aix", "ppc64")).ok());
        CHECK(
            check_binary_matches(parse_ok(make_elf(64, true, 8)), target("linux", "mips64")).ok());
        // A port this table does not know is checked by format and machine only.
        CHECK(check_binary_matches(parse_ok(make_elf(64, false, 0x1234)),
                                   target("hurd", "unknown machine 0x1234"))
                  .ok());
    }
    SECTION("wrong machine") {
        Result<void> result =
            check_binary_matches(parse_ok(make_elf(64, false, 62)), target("linux", "arm64"));
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().message ==
              "linux/arm64: expected an ELF arm64 binary, got ELF 64-bit amd64");
    }
    SECTION("wrong format") {
        Result<void> result =
            check_binary_matches(parse_ok(make_elf(64, false, 62)), target("windows", "amd64"));
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().message ==
              "windows/amd64: expected a PE amd64 binary, got ELF 64-bit amd64");
        result = check_binary_matches(parse_ok(make_macho(64, false, 0x0100000c)),
                                      target("linux", "arm64"));
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().message ==
              "linux/arm64: expected an ELF arm64 binary, got Mach-O 64-bit arm64");
        CHECK_FALSE(
            check_binary_matches(parse_ok(make_elf(64, true, 21)), target("aix", "ppc64")).ok());
    }
    SECTION("wrong word size") {
        Result<void> result =
            check_binary_matches(parse_ok(make_pe(0x8664, 0x10b)), target("windows", "amd64"));
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().message ==
              "windows/amd64: expected a PE amd64 binary, got PE 32-bit amd64");
        CHECK_FALSE(
            check_binary_matches(parse_ok(make_elf(32, false, 62)), target("linux", "amd64")).ok());
    }
    SECTION("wrong endianness shows as the machine") {
        CHECK_FALSE(
            check_binary_matches(parse_ok(make_elf(32, true, 8)), target("linux", "mipsle")).ok());
        CHECK_FALSE(
            check_binary_matches(parse_ok(make_elf(64, true, 21)), target("linux", "ppc64le"))
                .ok());
    }
    SECTION("wrong OSABI") {
        Result<void> result =
            check_binary_matches(parse_ok(make_elf(64, false, 62)), target("freebsd", "amd64"));
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().message ==
              "freebsd/amd64: expected an ELF amd64 binary with OSABI 9 (FreeBSD), got OSABI 0 "
              "(System V)");
        result =
            check_binary_matches(parse_ok(make_elf(64, false, 62, 9)), target("linux", "amd64"));
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().message ==
              "linux/amd64: expected an ELF amd64 binary with OSABI 0 (System V), got OSABI 9 "
              "(FreeBSD)");
    }
    SECTION("universal files match any of their slices") {
        BinaryInfo fat = parse_ok(make_fat({0x01000007, 0x0100000c}));
        CHECK(check_binary_matches(fat, target("darwin", "amd64")).ok());
        CHECK(check_binary_matches(fat, target("darwin", "arm64")).ok());
        Result<void> result =
            check_binary_matches(parse_ok(make_fat({0x01000007})), target("darwin", "arm64"));
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().message ==
              "darwin/arm64: expected a Mach-O arm64 binary, got Mach-O universal (amd64)");
    }
}

TEST_CASE("check_binary_matches accepts what Go builds", "[binary][go]") {
    if (std::system("command -v go >/dev/null 2>&1") != 0) {
        WARN("go is not on PATH; skipping");
        return;
    }
    TempDir dir;
    std::ofstream(dir.path() / "go.mod") << "module hello\n\ngo 1.19\n";
    // println instead of fmt keeps each cross build down to the runtime.
    std::ofstream(dir.path() / "main.go") << "package main\n\nfunc main() { println(\"hi\") }\n";

    auto build = [&](const Target& t) {
        std::filesystem::path out = dir.path() / fmt::format("{}-{}", t.os, t.arch);
        std::string command =
            fmt::format("cd '{}' && CGO_ENABLED=0 GOOS={} GOARCH={} go build -o '{}' . 2>&1",
                        dir.path().string(), t.os, t.arch, out.string());
        INFO(command);
        REQUIRE(std::system(command.c_str()) == 0);
        Result<BinaryInfo> info = read_binary_header(out);
        INFO((info ? info->description() : info.error().message));
        REQUIRE(info.ok());
        return *info;
    };

    const std::vector<Target> targets{
        target("linux", "amd64"),   target("linux", "arm64"),   target("linux", "arm"),
        target("linux", "riscv64"), target("windows", "amd64"), target("windows", "386"),
        target("darwin", "amd64"),  target("darwin", "arm64"),  target("freebsd", "amd64"),
        target("js", "wasm"),       target("plan9", "386"),
    };
    for (const Target& t : targets) {
        BinaryInfo info = build(t);
        Result<void> match = check_binary_matches(info, t);
        INFO(t.os << "/" << t.arch << ": " << info.description());
        CHECK(match.ok());
    }

    BinaryInfo darwin = build(target("darwin", "arm64"));
    Result<void> cross = check_binary_matches(darwin, target("linux", "arm64"));
    REQUIRE_FALSE(cross.ok());
    CHECK(cross.error().message ==
          "linux/arm64: expected an ELF arm64 binary, got Mach-O 64-bit arm64");
}

}  // namespace xbuild
