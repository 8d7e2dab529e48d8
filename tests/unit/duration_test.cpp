#include <xbuild/duration.hpp>

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using xbuild::parse_duration;

TEST_CASE("parse_duration reads go-style durations", "[duration]") {
    CHECK(*parse_duration("500ms", "--grace") == 500ms);
    CHECK(*parse_duration("5s", "--grace") == 5000ms);
    CHECK(*parse_duration("2m", "--grace") == 120'000ms);
    CHECK(*parse_duration("1h", "--grace") == 3'600'000ms);
    CHECK(*parse_duration("1m30s", "--grace") == 90'000ms);
    CHECK(*parse_duration("1.5s", "--grace") == 1500ms);
    CHECK(*parse_duration(".5s", "--grace") == 500ms);
    CHECK(*parse_duration("0s", "--grace") == 0ms);
    CHECK(*parse_duration("1s500ms", "--grace") == 1500ms);
}

TEST_CASE("parse_duration names the flag, the text and the column", "[duration]") {
    auto message = [](std::string_view text) {
        auto parsed = parse_duration(text, "--timeout");
        REQUIRE_FALSE(parsed);
        return parsed.error().message;
    };
    SECTION("a bare number has no unit") {
        CHECK(message("5") ==
              "--timeout \"5\": missing unit at column 2 (use ms, s, m or h, e.g. 500ms, 5s, 2m)");
    }
    SECTION("an unknown unit is quoted") {
        CHECK(message("5x").starts_with("--timeout \"5x\": unknown unit \"x\" at column 2"));
        CHECK(message("3sec").find("unknown unit \"sec\" at column 2") != std::string::npos);
    }
    SECTION("no number") {
        CHECK(message("s").find("expected a number at column 1") != std::string::npos);
        CHECK(message("").find("empty duration") != std::string::npos);
        CHECK(message("-5s").find("expected a number at column 1") != std::string::npos);
        CHECK(message("5s ").find("expected a number at column 3") != std::string::npos);
    }
    SECTION("absurd lengths are refused, not overflowed") {
        CHECK(message("99999999999999999999999h").find("too large") != std::string::npos);
        CHECK(message("200h").find("longer than a week") != std::string::npos);
    }
}
