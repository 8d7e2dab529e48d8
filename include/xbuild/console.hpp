#pragma once

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include <xbuild/clock.hpp>
#include <xbuild/environment.hpp>

namespace xbuild {

// How output for people looks, decided once per run.
struct ConsoleStyle {
    bool live = false;    // one overprinted status line (a terminal that is not "dumb")
    bool colour = false;  // ANSI colour on the status words
    bool quiet = false;   // -q: only errors and the summary
    // Without a live line: how often a step that is still running says so.
    std::chrono::milliseconds liveness_interval{10000};
    std::size_t columns = 80;  // when the terminal cannot say (COLUMNS, else 80)
};

// The style for output to a stream that is (or is not) a terminal: live
// only on a terminal whose TERM is set and not "dumb"; colour on such a
// terminal, forced anywhere by CLICOLOR_FORCE (not "0"), never with NO_COLOR
// (any non-empty value, https://no-color.org). -q turns the live line off.
// XBUILD_PROGRESS_INTERVAL (a duration) sets the liveness interval.
// Returns an error message for a malformed XBUILD_PROGRESS_INTERVAL.
struct ConsoleStyleChoice {
    ConsoleStyle style;
    std::string error;
};
ConsoleStyleChoice choose_console_style(bool is_terminal, const Environment& env, bool quiet);

// The colour of a line's first word.
enum class Tone { plain, ok, failed, warning };

// Output for people on one stream (stderr): finished lines, and either a live
// status line under them ("[3/8] linux/arm64 bootstrap 12s · darwin/arm64
// build 4s", cut to the terminal's width) or, elsewhere, a plain line now and
// then for steps that are still running. Single-threaded, like the scheduler.
class Console {
public:
    Console(std::FILE* out, ConsoleStyle style, const Clock& clock);
    Console(const Console&) = delete;
    Console& operator=(const Console&) = delete;
    ~Console();

    const ConsoleStyle& style() const { return m_style; }
    // For code that prints on its own; clear() first.
    std::FILE* stream() const { return m_out; }

    // A finished line (a newline is added). Under -q only `essential` lines
    // are shown. Text with several lines (a failure's log) is fine.
    void print(std::string_view text, Tone tone = Tone::plain, bool essential = false);

    // Steps shown in the live line, oldest first, with their elapsed time.
    void begin_step(std::string key, std::string label);
    void end_step(std::string_view key);
    void set_progress(std::size_t done, std::size_t total);

    // Redraws the live line, or prints a liveness line when one is due.
    void tick();
    // How often tick() wants calling.
    std::chrono::milliseconds tick_interval() const;

    // Erases the live line (before the summary, or before exiting).
    void clear();

    // The status line as it would be drawn on a terminal `width` columns
    // wide, without escape codes; empty when no step runs.
    std::string status_line(std::size_t width) const;

private:
    struct Step {
        std::string key;
        std::string label;
        std::chrono::steady_clock::time_point started;
    };

    std::FILE* m_out;
    ConsoleStyle m_style;
    const Clock& m_clock;
    std::vector<Step> m_steps;
    std::size_t m_done = 0;
    std::size_t m_total = 0;
    bool m_line_shown = false;
    std::chrono::steady_clock::time_point m_last_liveness;

    void redraw();
    void erase_line();
    std::string coloured(std::string_view text, Tone tone) const;
};

// The width of the terminal on `fd`, or `fallback` when it cannot say.
std::size_t terminal_width(int fd, std::size_t fallback);

// Cuts `text` to at most `width` columns (UTF-8 aware: "·" is one column).
std::string fit_to_width(std::string_view text, std::size_t width);

}  // namespace xbuild
