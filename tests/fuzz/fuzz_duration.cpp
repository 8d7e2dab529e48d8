// Fuzzes parse_duration (include/xbuild/duration.hpp), the reader of --grace
// and --timeout: any bytes give a value or a one-line error, never a crash,
// and a value is never negative or past the documented bound of a week.

#include <chrono>
#include <cstddef>
#include <cstdint>

#include <xbuild/duration.hpp>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return xbuild::fuzz::guarded([&] {
        const auto parsed = xbuild::parse_duration(xbuild::fuzz::as_text(data, size), "--grace");
        if (!parsed) {
            XBUILD_FUZZ_CHECK(xbuild::fuzz::is_one_printable_line(parsed.error().message),
                              parsed.error().message);
            return;
        }
        XBUILD_FUZZ_CHECK(parsed->count() >= 0);
        XBUILD_FUZZ_CHECK(*parsed <= std::chrono::hours(24 * 7));
    });
}
