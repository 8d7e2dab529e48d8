#include <xbuild/duration.hpp>

#include <cctype>
#include <cmath>

#include <fmt/format.h>

#include <xbuild/text.hpp>

namespace xbuild {

namespace {

struct Unit {
    std::string_view name;
    double ms;
};

// Longest names first so that "ms" is not read as "m" followed by "s".
constexpr Unit k_units[] = {{"ms", 1.0}, {"s", 1000.0}, {"m", 60'000.0}, {"h", 3'600'000.0}};

// A week is far past any sensible grace period or timeout; the bound keeps
// the millisecond count far from overflow in later arithmetic.
constexpr double k_max_ms = 7.0 * 24 * 3'600'000.0;

}  // namespace

Result<std::chrono::milliseconds> parse_duration(std::string_view text, std::string_view what) {
    auto fail = [&](std::size_t at, std::string_view why) -> Result<std::chrono::milliseconds> {
        return make_error("{} \"{}\": {} at column {} (use ms, s, m or h, e.g. 500ms, 5s, 2m)", what,
                          printable(text), why, at + 1);
    };
    if (text.empty()) return fail(0, "empty duration");
    double total = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t number_start = i;
        double value = 0;
        bool digits = false;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
            value = value * 10 + (text[i] - '0');
            digits = true;
            ++i;
            if (value > k_max_ms) return fail(number_start, "number too large");
        }
        if (i < text.size() && text[i] == '.') {
            ++i;
            double scale = 0.1;
            while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
                value += (text[i] - '0') * scale;
                scale /= 10;
                digits = true;
                ++i;
            }
        }
        if (!digits) return fail(number_start, "expected a number");
        const std::size_t unit_start = i;
        while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
        const std::string_view unit_text = text.substr(unit_start, i - unit_start);
        if (unit_text.empty()) return fail(unit_start, "missing unit");
        const Unit* unit = nullptr;
        for (const Unit& candidate : k_units) {
            if (candidate.name == unit_text) unit = &candidate;
        }
        if (unit == nullptr) {
            return fail(unit_start, fmt::format("unknown unit \"{}\"", printable(unit_text)));
        }
        total += value * unit->ms;
        if (total > k_max_ms) return fail(number_start, "longer than a week");
    }
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(total)));
}

}  // namespace xbuild
