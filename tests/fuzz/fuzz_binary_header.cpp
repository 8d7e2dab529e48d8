// Fuzzes the executable and object header parser
// (include/xbuild/binary_header.hpp). read_binary_header hands it the first
// 64 KiB of whatever file a build left behind, so arbitrary bytes must give
// a BinaryInfo or an Error; the info is then checked against every Go 1.19
// target, as executables and as C objects.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include <xbuild/binary_header.hpp>

#include "fuzz_support.hpp"

namespace {

using namespace xbuild;

bool has_machine(const BinaryInfo& info, const std::string& arch) {
    return std::find(info.machines.begin(), info.machines.end(), arch) != info.machines.end();
}

void check_info(const BinaryInfo& info) {
    XBUILD_FUZZ_CHECK(!info.machines.empty());
    XBUILD_FUZZ_CHECK(info.bits == 32 || info.bits == 64 || (info.fat && info.bits == 0));
    XBUILD_FUZZ_CHECK(!info.fat || info.format == BinaryFormat::macho);
    XBUILD_FUZZ_CHECK(info.fat || info.machines.size() == 1);
    XBUILD_FUZZ_CHECK(info.elf_osabi.has_value() == (info.format == BinaryFormat::elf));
    XBUILD_FUZZ_CHECK(to_string(info.format) != std::string("unknown"));
    const std::string description = info.description();
    XBUILD_FUZZ_CHECK(fuzz::is_one_printable_line(description), description);

    for (const Platform& platform : fuzz::go119_platforms()) {
        const Target target{platform.os, platform.arch, ""};
        const Result<void> binary = check_binary_matches(info, target);
        if (binary) {
            XBUILD_FUZZ_CHECK(has_machine(info, target.arch), target.str());
        } else {
            XBUILD_FUZZ_CHECK(fuzz::is_one_printable_line(binary.error().message),
                              binary.error().message);
        }
        const Result<void> object = check_object_matches(info, target);
        if (object) {
            XBUILD_FUZZ_CHECK(info.object && has_machine(info, target.arch), target.str());
        } else {
            XBUILD_FUZZ_CHECK(fuzz::is_one_printable_line(object.error().message),
                              object.error().message);
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return fuzz::guarded([&] {
        const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
        const Result<BinaryInfo> info = parse_binary_header(bytes);
        if (info) {
            check_info(*info);
        } else {
            XBUILD_FUZZ_CHECK(fuzz::is_one_printable_line(info.error().message),
                              info.error().message);
        }
    });
}
