#include <xbuild/console.hpp>

#include <chrono>
#include <string>

#include <catch2/catch.hpp>

#include "captured_file.hpp"
#include "fake_process_runner.hpp"

using namespace xbuild;
using namespace std::chrono_literals;
using xbuild::test::CapturedFile;
using xbuild::test::FakeClock;

namespace {

ConsoleStyle live_style() {
    ConsoleStyle style;
    style.live = true;
    style.columns = 200;
    return style;
}

bool has_escape(const std::string& text) { return text.find('\x1b') != std::string::npos; }

}  // namespace

TEST_CASE("the console style follows the terminal, TERM, NO_COLOR and CLICOLOR_FORCE", "[console]") {
    const Environment xterm{{"TERM", "xterm-256color"}};
    SECTION("a capable terminal gets the live line and colour") {
        const ConsoleStyle style = choose_console_style(true, xterm, false).style;
        CHECK(style.live);
        CHECK(style.colour);
        CHECK_FALSE(style.quiet);
    }
    SECTION("TERM=dumb or no TERM: plain lines, no colour") {
        for (const Environment& env : {Environment{{"TERM", "dumb"}}, Environment{}}) {
            const ConsoleStyle style = choose_console_style(true, env, false).style;
            CHECK_FALSE(style.live);
            CHECK_FALSE(style.colour);
        }
    }
    SECTION("a pipe gets neither") {
        const ConsoleStyle style = choose_console_style(false, xterm, false).style;
        CHECK_FALSE(style.live);
        CHECK_FALSE(style.colour);
    }
    SECTION("NO_COLOR keeps the live line but drops colour, even against CLICOLOR_FORCE") {
        Environment env = xterm;
        env["NO_COLOR"] = "1";
        CHECK(choose_console_style(true, env, false).style.live);
        CHECK_FALSE(choose_console_style(true, env, false).style.colour);
        env["CLICOLOR_FORCE"] = "1";
        CHECK_FALSE(choose_console_style(false, env, false).style.colour);
    }
    SECTION("an empty NO_COLOR does not count (no-color.org)") {
        Environment env = xterm;
        env["NO_COLOR"] = "";
        CHECK(choose_console_style(true, env, false).style.colour);
    }
    SECTION("CLICOLOR_FORCE colours a pipe; CLICOLOR_FORCE=0 does not") {
        CHECK(choose_console_style(false, {{"CLICOLOR_FORCE", "1"}}, false).style.colour);
        CHECK_FALSE(choose_console_style(false, {{"CLICOLOR_FORCE", "0"}}, false).style.colour);
        CHECK_FALSE(choose_console_style(false, {{"CLICOLOR_FORCE", "1"}}, false).style.live);
    }
    SECTION("-q drops the live line") {
        const ConsoleStyle style = choose_console_style(true, xterm, true).style;
        CHECK(style.quiet);
        CHECK_FALSE(style.live);
    }
    SECTION("COLUMNS and XBUILD_PROGRESS_INTERVAL") {
        const auto choice = choose_console_style(false, {{"COLUMNS", "40"}, {"XBUILD_PROGRESS_INTERVAL", "2s"}}, false);
        CHECK(choice.error.empty());
        CHECK(choice.style.columns == 40);
        CHECK(choice.style.liveness_interval == 2s);
        CHECK(choose_console_style(false, {{"COLUMNS", "wide"}}, false).style.columns == 80);
    }
    SECTION("a bad XBUILD_PROGRESS_INTERVAL is an error naming it") {
        CHECK_THAT(choose_console_style(false, {{"XBUILD_PROGRESS_INTERVAL", "often"}}, false).error,
                   Catch::Contains("XBUILD_PROGRESS_INTERVAL"));
        CHECK_THAT(choose_console_style(false, {{"XBUILD_PROGRESS_INTERVAL", "0s"}}, false).error,
                   Catch::Contains("longer than 0"));
    }
}

TEST_CASE("fit_to_width counts characters, not bytes", "[console]") {
    CHECK(fit_to_width("abcdef", 4) == "abcd");
    CHECK(fit_to_width("abc", 10) == "abc");
    CHECK(fit_to_width("a · b", 3) == "a ·");
    CHECK(fit_to_width("", 0).empty());
}

TEST_CASE("the live line shows progress and each running step's time", "[console]") {
    FakeClock clock;
    CapturedFile out;
    Console console(out.get(), live_style(), clock);
    console.set_progress(3, 8);
    console.begin_step("a", "linux/arm64 bootstrap");
    clock.advance(8s);
    console.begin_step("b", "darwin/arm64 build");
    clock.advance(4s);
    CHECK(console.status_line(200) == "[3/8] linux/arm64 bootstrap 12s · darwin/arm64 build 4s");
    CHECK(console.status_line(20) == "[3/8] linux/arm64 bo");
    console.end_step("a");
    CHECK(console.status_line(200) == "[3/8] darwin/arm64 build 4s");
    console.end_step("b");
    CHECK(console.status_line(200).empty());
}

TEST_CASE("on a terminal, finished lines go above the overprinted live line", "[console]") {
    FakeClock clock;
    CapturedFile out;
    {
        Console console(out.get(), live_style(), clock);
        console.set_progress(0, 2);
        console.begin_step("a", "linux/amd64 build");
        clock.advance(2s);
        console.tick();
        console.print("ok          linux/amd64");
    }
    const std::string text = out.text();
    CHECK_THAT(text, Catch::Contains("\r[0/2] linux/amd64 build 0s\x1b[K"));
    CHECK_THAT(text, Catch::Contains("\r[0/2] linux/amd64 build 2s\x1b[K"));
    // Erased, the line printed, then the live line drawn again beneath it.
    CHECK_THAT(text, Catch::Contains("2s\x1b[K\r\x1b[Kok          linux/amd64\n\r[0/2] linux/amd64 build 2s\x1b[K"));
    // The destructor leaves no live line behind.
    CHECK_THAT(text, Catch::EndsWith("\r\x1b[K"));
}

TEST_CASE("elsewhere, plain lines and a liveness line for long steps", "[console]") {
    FakeClock clock;
    CapturedFile out;
    ConsoleStyle style;
    style.liveness_interval = 10s;
    Console console(out.get(), style, clock);
    console.set_progress(0, 1);
    console.begin_step("a", "linux/arm64 bootstrap");
    clock.advance(5s);
    console.tick();
    CHECK(out.text().empty());
    clock.advance(6s);
    console.tick();
    CHECK(out.text() == "still running: linux/arm64 bootstrap 11s\n");
    clock.advance(1s);
    console.tick();  // not again until another interval has passed
    CHECK(out.text() == "still running: linux/arm64 bootstrap 11s\n");
    clock.advance(10s);
    console.begin_step("b", "darwin/amd64 build");
    console.tick();  // the new step is too young to mention
    console.print("done");
    CHECK(out.text() == "still running: linux/arm64 bootstrap 11s\nstill running: linux/arm64 bootstrap 22s\ndone\n");
    CHECK_FALSE(has_escape(out.text()));
}

TEST_CASE("colour marks the status word only", "[console]") {
    FakeClock clock;
    CapturedFile out;
    ConsoleStyle style;
    style.colour = true;
    Console console(out.get(), style, clock);
    console.print("ok          linux/amd64  dist/x", Tone::ok);
    console.print("FAILED      windows/arm64", Tone::failed);
    console.print("plain line", Tone::plain);
    CHECK(out.text() ==
          "\x1b[32mok\x1b[0m          linux/amd64  dist/x\n\x1b[1;31mFAILED\x1b[0m      windows/arm64\nplain line\n");
}

TEST_CASE("quiet (-q) shows essential lines only, and no liveness lines", "[console]") {
    FakeClock clock;
    CapturedFile out;
    ConsoleStyle style;
    style.quiet = true;
    style.liveness_interval = 1s;
    Console console(out.get(), style, clock);
    console.begin_step("a", "linux/arm64 bootstrap");
    clock.advance(5s);
    console.tick();
    console.print("ok          linux/amd64", Tone::ok);
    console.print("FAILED      linux/arm64", Tone::failed, true);
    CHECK(out.text() == "FAILED      linux/arm64\n");
}
