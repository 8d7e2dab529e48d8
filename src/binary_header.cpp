#include <xbuild/binary_header.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

#include <fmt/format.h>

namespace xbuild {
namespace {

// Enough for PE's e_lfanew (Go puts the PE header at 0x80) and for a Mach-O
// fat header with its slice table; binaries from other linkers rarely put
// the PE header further out.
constexpr std::size_t k_header_read_limit = 64 * 1024;

// Java class files share the fat Mach-O magic; their version word read as
// nfat_arch is >= 45, while real universal binaries have a handful of slices.
constexpr std::uint32_t k_max_fat_slices = 32;

// Bounds-checked reads: every access to the input goes through these, so
// arbitrary (fuzzed) bytes can never be read past their end.
class ByteReader {
public:
    explicit ByteReader(std::span<const std::byte> bytes) : m_bytes(bytes) {}

    std::size_t size() const { return m_bytes.size(); }
    bool has(std::size_t offset, std::size_t count) const {
        return offset <= m_bytes.size() && count <= m_bytes.size() - offset;
    }
    std::uint8_t u8(std::size_t offset) const {
        return has(offset, 1) ? std::to_integer<std::uint8_t>(m_bytes[offset]) : 0;
    }
    std::uint16_t u16(std::size_t offset, bool big_endian) const {
        return static_cast<std::uint16_t>(uint_n(offset, 2, big_endian));
    }
    std::uint32_t u32(std::size_t offset, bool big_endian) const {
        return static_cast<std::uint32_t>(uint_n(offset, 4, big_endian));
    }
    bool starts_with(std::string_view magic) const {
        if (!has(0, magic.size())) return false;
        for (std::size_t i = 0; i < magic.size(); ++i) {
            if (u8(i) != static_cast<std::uint8_t>(magic[i])) return false;
        }
        return true;
    }
    // "7f 45 4c 46 …" of the first few bytes, for error messages.
    std::string hex_prefix(std::size_t count) const {
        std::string text;
        for (std::size_t i = 0; i < std::min(count, m_bytes.size()); ++i) {
            if (!text.empty()) text += ' ';
            text += fmt::format("{:02x}", u8(i));
        }
        return text;
    }

private:
    std::uint64_t uint_n(std::size_t offset, std::size_t count, bool big_endian) const {
        if (!has(offset, count)) return 0;
        std::uint64_t value = 0;
        for (std::size_t i = 0; i < count; ++i) {
            std::size_t index = big_endian ? offset + i : offset + count - 1 - i;
            value = (value << 8) | u8(index);
        }
        return value;
    }

    std::span<const std::byte> m_bytes;
};

Error truncated(std::string_view format_name, std::size_t size) {
    return make_error("truncated {} header ({} bytes)", format_name, size);
}

std::string unknown_machine(std::uint32_t code) {
    return fmt::format("unknown machine 0x{:x}", code);
}

// ELF e_machine values (from the System V ABI and the architecture supplements).
constexpr std::uint16_t k_em_386 = 3;
constexpr std::uint16_t k_em_mips = 8;
constexpr std::uint16_t k_em_ppc64 = 21;
constexpr std::uint16_t k_em_s390 = 22;
constexpr std::uint16_t k_em_arm = 40;
constexpr std::uint16_t k_em_x86_64 = 62;
constexpr std::uint16_t k_em_aarch64 = 183;
constexpr std::uint16_t k_em_riscv = 243;
constexpr std::uint16_t k_em_loongarch = 258;

constexpr std::uint16_t k_et_rel = 1;

std::string elf_machine(std::uint16_t machine, int bits, bool big_endian) {
    switch (machine) {
        case k_em_386:
            return "386";
        case k_em_x86_64:
            return "amd64";
        case k_em_arm:
            return "arm";
        case k_em_aarch64:
            return "arm64";
        case k_em_riscv:
            return bits == 64 ? "riscv64" : "riscv32";
        case k_em_ppc64:
            return big_endian ? "ppc64" : "ppc64le";
        case k_em_s390:
            return "s390x";
        case k_em_loongarch:
            return "loong64";
        case k_em_mips:
            if (bits == 64) return big_endian ? "mips64" : "mips64le";
            return big_endian ? "mips" : "mipsle";
        default:
            return unknown_machine(machine);
    }
}

Result<BinaryInfo> parse_elf(const ByteReader& in) {
    // e_ident (16 bytes) decides the layout of the rest.
    if (!in.has(0, 16)) return truncated("ELF", in.size());
    BinaryInfo info;
    info.format = BinaryFormat::elf;
    switch (in.u8(4)) {
        case 1:
            info.bits = 32;
            break;
        case 2:
            info.bits = 64;
            break;
        default:
            return make_error("invalid ELF header: unknown class {}", in.u8(4));
    }
    switch (in.u8(5)) {
        case 1:
            info.big_endian = false;
            break;
        case 2:
            info.big_endian = true;
            break;
        default:
            return make_error("invalid ELF header: unknown data encoding {}", in.u8(5));
    }
    std::size_t header_size = info.bits == 64 ? 64 : 52;
    if (!in.has(0, header_size)) return truncated("ELF", in.size());
    info.elf_osabi = in.u8(7);
    info.object = in.u16(16, info.big_endian) == k_et_rel;
    info.machines.push_back(elf_machine(in.u16(18, info.big_endian), info.bits, info.big_endian));
    return info;
}

std::optional<std::string> pe_machine(std::uint16_t machine) {
    switch (machine) {
        case 0x014c:
            return "386";
        case 0x8664:
            return "amd64";
        case 0x01c0:
        case 0x01c4:
            return "arm";
        case 0xaa64:
            return "arm64";
        default:
            return std::nullopt;
    }
}

Result<BinaryInfo> parse_pe(const ByteReader& in) {
    if (!in.has(0, 64)) return truncated("PE (DOS)", in.size());
    std::uint32_t pe_offset = in.u32(0x3c, false);
    // Signature (4) + COFF file header (20) + optional header magic (2).
    if (!in.has(pe_offset, 26)) {
        if (pe_offset >= k_header_read_limit) {
            return make_error("invalid PE header: e_lfanew 0x{:x} is beyond the first {} KiB",
                              pe_offset, k_header_read_limit / 1024);
        }
        return truncated("PE", in.size());
    }
    if (in.u32(pe_offset, false) != 0x00004550) {
        return make_error("not an executable: MZ file without a PE signature at 0x{:x}", pe_offset);
    }
    BinaryInfo info;
    info.format = BinaryFormat::pe;
    std::uint16_t machine = in.u16(pe_offset + 4, false);
    info.machines.push_back(pe_machine(machine).value_or(unknown_machine(machine)));
    std::uint16_t optional_size = in.u16(pe_offset + 20, false);
    if (optional_size < 2) return make_error("invalid PE header: no optional header");
    std::uint16_t magic = in.u16(pe_offset + 24, false);
    switch (magic) {
        case 0x010b:
            info.bits = 32;
            break;
        case 0x020b:
            info.bits = 64;
            break;
        default:
            return make_error("invalid PE header: unknown optional header magic 0x{:x}", magic);
    }
    return info;
}

// Mach-O cputype values: the ABI64 flag marks 64-bit variants.
constexpr std::uint32_t k_cpu_arch_abi64 = 0x01000000;
constexpr std::uint32_t k_cpu_type_x86 = 7;
constexpr std::uint32_t k_cpu_type_arm = 12;

constexpr std::uint32_t k_mh_object = 1;

std::string macho_machine(std::uint32_t cputype) {
    switch (cputype) {
        case k_cpu_type_x86:
            return "386";
        case k_cpu_type_x86 | k_cpu_arch_abi64:
            return "amd64";
        case k_cpu_type_arm:
            return "arm";
        case k_cpu_type_arm | k_cpu_arch_abi64:
            return "arm64";
        default:
            return unknown_machine(cputype);
    }
}

Result<BinaryInfo> parse_macho(const ByteReader& in, int bits, bool big_endian) {
    std::size_t header_size = bits == 64 ? 32 : 28;
    if (!in.has(0, header_size)) return truncated("Mach-O", in.size());
    BinaryInfo info;
    info.format = BinaryFormat::macho;
    info.bits = bits;
    info.big_endian = big_endian;
    info.machines.push_back(macho_machine(in.u32(4, big_endian)));
    info.object = in.u32(12, big_endian) == k_mh_object;
    return info;
}

// Universal files: a big-endian table of slices, 20 bytes each (32 with the
// 64-bit-offset variant 0xcafebabf), cputype first.
Result<BinaryInfo> parse_macho_fat(const ByteReader& in, bool offsets64) {
    if (!in.has(0, 8)) return truncated("Mach-O universal", in.size());
    std::uint32_t count = in.u32(4, true);
    if (count == 0 || count > k_max_fat_slices) {
        return make_error("not an executable: unknown header (first bytes {}; a Java class?)",
                          in.hex_prefix(8));
    }
    std::size_t entry_size = offsets64 ? 32 : 20;
    if (!in.has(8, count * entry_size)) return truncated("Mach-O universal", in.size());
    BinaryInfo info;
    info.format = BinaryFormat::macho;
    info.fat = true;
    bool all64 = true;
    bool all32 = true;
    for (std::uint32_t i = 0; i < count; ++i) {
        std::uint32_t cputype = in.u32(8 + i * entry_size, true);
        info.machines.push_back(macho_machine(cputype));
        ((cputype & k_cpu_arch_abi64) != 0 ? all32 : all64) = false;
    }
    // A mixed file has no single word size; the slices' machines say it all.
    info.bits = all64 ? 64 : all32 ? 32 : 0;
    return info;
}

Result<BinaryInfo> parse_wasm(const ByteReader& in) {
    if (!in.has(0, 8)) return truncated("WebAssembly", in.size());
    BinaryInfo info;
    info.format = BinaryFormat::wasm;
    info.machines.push_back("wasm");
    info.bits = 32;
    return info;
}

// Plan 9 a.out magic: _MAGIC(f, b) = f | (4*b*b + 7), big-endian on disk
// whatever the machine; HDR_MAGIC (0x8000) adds a 64-bit entry point.
struct Plan9Magic {
    std::uint32_t magic;
    const char* machine;
    int bits;
    std::size_t header_size;
};
constexpr std::array<Plan9Magic, 3> k_plan9_magics{{
    {0x000001eb, "386", 32, 32},
    {0x00008a97, "amd64", 64, 40},
    {0x00000647, "arm", 32, 32},
}};

const Plan9Magic* find_plan9_magic(const ByteReader& in) {
    if (!in.has(0, 4)) return nullptr;
    std::uint32_t magic = in.u32(0, true);
    for (const Plan9Magic& entry : k_plan9_magics) {
        if (entry.magic == magic) return &entry;
    }
    return nullptr;
}

Result<BinaryInfo> parse_plan9(const ByteReader& in, const Plan9Magic& magic) {
    if (!in.has(0, magic.header_size)) return truncated("Plan 9 a.out", in.size());
    BinaryInfo info;
    info.format = BinaryFormat::plan9;
    info.machines.push_back(magic.machine);
    info.bits = magic.bits;
    return info;
}

// XCOFF file header: 20 bytes (32-bit, 0x01df) or 24 bytes (64-bit, 0x01f7).
Result<BinaryInfo> parse_xcoff(const ByteReader& in, int bits) {
    if (!in.has(0, bits == 64 ? 24 : 20)) return truncated("XCOFF", in.size());
    BinaryInfo info;
    info.format = BinaryFormat::xcoff;
    info.machines.push_back(bits == 64 ? "ppc64" : "ppc");
    info.bits = bits;
    info.big_endian = true;
    return info;
}

// A Windows object file starts straight with IMAGE_FILE_HEADER (20 bytes,
// little-endian): no magic, so only a known machine, a section count within
// the format's limit and the absent optional header (objects have none) tell
// it from noise. Large /bigobj files use another header and are not read.
constexpr std::size_t k_coff_header_size = 20;
constexpr std::uint16_t k_max_coff_sections = 0xfeff;

bool looks_like_coff(const ByteReader& in) {
    return in.has(0, 2) && pe_machine(in.u16(0, false)).has_value();
}

Result<BinaryInfo> parse_coff(const ByteReader& in) {
    if (!in.has(0, k_coff_header_size)) return truncated("COFF", in.size());
    std::uint16_t sections = in.u16(2, false);
    std::uint16_t optional_size = in.u16(16, false);
    if (sections == 0 || sections > k_max_coff_sections || optional_size != 0) {
        return make_error("not an executable: unknown header (first bytes {})", in.hex_prefix(8));
    }
    BinaryInfo info;
    info.format = BinaryFormat::coff;
    info.object = true;
    std::string machine = *pe_machine(in.u16(0, false));
    info.bits = machine == "amd64" || machine == "arm64" ? 64 : 32;
    info.machines.push_back(std::move(machine));
    return info;
}

const char* display_name(BinaryFormat format) {
    switch (format) {
        case BinaryFormat::elf:
            return "ELF";
        case BinaryFormat::pe:
            return "PE";
        case BinaryFormat::macho:
            return "Mach-O";
        case BinaryFormat::wasm:
            return "WebAssembly";
        case BinaryFormat::plan9:
            return "Plan 9 a.out";
        case BinaryFormat::xcoff:
            return "XCOFF";
        case BinaryFormat::coff:
            return "COFF";
    }
    return "unknown";
}

// By sound, not spelling: "an ELF", "an XCOFF", "a PE".
const char* article(BinaryFormat format) {
    return format == BinaryFormat::elf || format == BinaryFormat::xcoff ? "an" : "a";
}

const char* osabi_system(int osabi) {
    switch (osabi) {
        case 0:
            return "System V";
        case 2:
            return "NetBSD";
        case 3:
            return "Linux";
        case 6:
            return "Solaris";
        case 9:
            return "FreeBSD";
        case 12:
            return "OpenBSD";
        default:
            return "unknown";
    }
}

std::string osabi_label(int osabi) {
    return fmt::format("{} ({})", osabi, osabi_system(osabi));
}

BinaryFormat format_for_os(std::string_view os) {
    if (os == "windows") return BinaryFormat::pe;
    if (os == "darwin" || os == "ios") return BinaryFormat::macho;
    if (os == "js" || os == "wasip1") return BinaryFormat::wasm;
    if (os == "plan9") return BinaryFormat::plan9;
    if (os == "aix") return BinaryFormat::xcoff;
    return BinaryFormat::elf;
}

// The EI_OSABI Go's linker writes, checked with Go 1.19 for every target of
// `go tool dist list`: only the BSDs below get a non-zero value; linux,
// android, dragonfly, illumos and solaris all get 0 (System V).
std::optional<int> expected_osabi(std::string_view os) {
    if (os == "freebsd") return 9;
    if (os == "netbsd") return 2;
    if (os == "openbsd") return 12;
    if (os == "linux" || os == "android" || os == "dragonfly" || os == "illumos" ||
        os == "solaris") {
        return 0;
    }
    return std::nullopt;
}

// Word size of a GOARCH, or 0 when unknown (new ports are then not rejected
// for their word size, only for their machine name).
int arch_bits(std::string_view arch) {
    static constexpr std::array<std::string_view, 4> k_32{"386", "arm", "mips", "mipsle"};
    static constexpr std::array<std::string_view, 9> k_64{
        "amd64", "arm64", "loong64", "mips64", "mips64le", "ppc64", "ppc64le", "riscv64", "s390x"};
    if (std::find(k_32.begin(), k_32.end(), arch) != k_32.end()) return 32;
    if (std::find(k_64.begin(), k_64.end(), arch) != k_64.end()) return 64;
    return 0;
}

bool machine_matches(const BinaryInfo& info, BinaryFormat format, std::string_view arch) {
    bool machine_ok =
        std::find(info.machines.begin(), info.machines.end(), arch) != info.machines.end();
    int bits = arch_bits(arch);
    // A universal file mixes word sizes; its slice list is the whole story.
    bool bits_ok = info.fat || bits == 0 || info.bits == bits;
    return info.format == format && machine_ok && bits_ok;
}

}  // namespace

const char* to_string(BinaryFormat format) {
    switch (format) {
        case BinaryFormat::elf:
            return "elf";
        case BinaryFormat::pe:
            return "pe";
        case BinaryFormat::macho:
            return "macho";
        case BinaryFormat::wasm:
            return "wasm";
        case BinaryFormat::plan9:
            return "plan9";
        case BinaryFormat::xcoff:
            return "xcoff";
        case BinaryFormat::coff:
            return "coff";
    }
    return "unknown";
}

std::string BinaryInfo::description() const {
    std::string machine_list;
    for (const std::string& machine : machines) {
        if (!machine_list.empty()) machine_list += ", ";
        machine_list += machine;
    }
    if (fat) return fmt::format("Mach-O universal ({})", machine_list);
    if (format == BinaryFormat::wasm) return "WebAssembly";
    std::string text = fmt::format("{} {}-bit {}", display_name(format), bits, machine_list);
    if (elf_osabi && *elf_osabi != 0) text += fmt::format(" ({})", osabi_system(*elf_osabi));
    return text;
}

Result<BinaryInfo> parse_binary_header(std::span<const std::byte> bytes) {
    ByteReader in(bytes);
    if (in.size() == 0) return make_error("not an executable: the file is empty");
    if (in.starts_with("\x7f"
                       "ELF"))
        return parse_elf(in);
    if (in.starts_with("MZ")) return parse_pe(in);
    if (in.starts_with("\xfe\xed\xfa\xce")) return parse_macho(in, 32, true);
    if (in.starts_with("\xce\xfa\xed\xfe")) return parse_macho(in, 32, false);
    if (in.starts_with("\xfe\xed\xfa\xcf")) return parse_macho(in, 64, true);
    if (in.starts_with("\xcf\xfa\xed\xfe")) return parse_macho(in, 64, false);
    if (in.starts_with("\xca\xfe\xba\xbe")) return parse_macho_fat(in, false);
    if (in.starts_with("\xca\xfe\xba\xbf")) return parse_macho_fat(in, true);
    if (in.starts_with(std::string_view("\0asm", 4))) return parse_wasm(in);
    if (const Plan9Magic* magic = find_plan9_magic(in)) return parse_plan9(in, *magic);
    if (in.starts_with("\x01\xf7")) return parse_xcoff(in, 64);
    if (in.starts_with("\x01\xdf")) return parse_xcoff(in, 32);
    if (looks_like_coff(in)) return parse_coff(in);
    return make_error("not an executable: unknown header (first bytes {})", in.hex_prefix(8));
}

Result<BinaryInfo> read_binary_header(const std::filesystem::path& path) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                         &std::fclose);
    if (!file) return make_error("cannot open {}: {}", path.string(), std::strerror(errno));
    std::vector<std::byte> buffer(k_header_read_limit);
    std::size_t size = std::fread(buffer.data(), 1, buffer.size(), file.get());
    if (std::ferror(file.get())) {
        return make_error("cannot read {}: {}", path.string(), std::strerror(errno));
    }
    Result<BinaryInfo> info = parse_binary_header(std::span(buffer.data(), size));
    if (!info) return make_error("{}: {}", path.string(), info.error().message);
    return info;
}

Result<void> check_binary_matches(const BinaryInfo& info, const Target& target) {
    std::string target_name = target.os + "/" + target.arch;
    BinaryFormat format = format_for_os(target.os);
    if (!machine_matches(info, format, target.arch)) {
        return make_error("{}: expected {} {} {} binary, got {}", target_name, article(format),
                          display_name(format), target.arch, info.description());
    }
    std::optional<int> osabi =
        format == BinaryFormat::elf ? expected_osabi(target.os) : std::nullopt;
    if (osabi && info.elf_osabi != osabi) {
        return make_error("{}: expected an ELF {} binary with OSABI {}, got OSABI {}", target_name,
                          target.arch, osabi_label(*osabi),
                          info.elf_osabi ? osabi_label(*info.elf_osabi) : "none");
    }
    return {};
}

Result<void> check_object_matches(const BinaryInfo& info, const Target& target) {
    std::string target_name = target.os + "/" + target.arch;
    BinaryFormat format = target.os == "windows" ? BinaryFormat::coff : format_for_os(target.os);
    if (!machine_matches(info, format, target.arch)) {
        return make_error("{}: expected {} {} {} object file, got {}", target_name, article(format),
                          display_name(format), target.arch, info.description());
    }
    if (!info.object) {
        return make_error("{}: expected an object file, got {} (linked, not an object file)",
                          target_name, info.description());
    }
    return {};
}

}  // namespace xbuild
