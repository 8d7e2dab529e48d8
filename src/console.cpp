#include <xbuild/console.hpp>

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>

#include <xbuild/duration.hpp>

namespace xbuild {

namespace {

using namespace std::chrono_literals;

bool set_and_not(const Environment& env, const char* name, std::string_view off) {
    const auto value = lookup(env, name);
    return value && !value->empty() && *value != off;
}

long seconds_between(std::chrono::steady_clock::time_point from, std::chrono::steady_clock::time_point to) {
    return static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(to - from).count());
}

}  // namespace

ConsoleStyleChoice choose_console_style(bool is_terminal, const Environment& env, bool quiet) {
    ConsoleStyleChoice choice;
    ConsoleStyle& style = choice.style;
    const auto term = lookup(env, "TERM");
    const bool capable_terminal = is_terminal && term && !term->empty() && *term != "dumb";
    style.quiet = quiet;
    style.live = capable_terminal && !quiet;
    if (set_and_not(env, "NO_COLOR", "")) {
        style.colour = false;
    } else if (set_and_not(env, "CLICOLOR_FORCE", "0")) {
        style.colour = true;
    } else {
        style.colour = capable_terminal;
    }
    if (const auto columns = lookup(env, "COLUMNS")) {
        try {
            const long parsed = std::stol(*columns);
            if (parsed > 0) style.columns = static_cast<std::size_t>(parsed);
        } catch (const std::exception&) {
            // Not a number: keep 80, as ls does.
        }
    }
    if (const auto interval = lookup(env, "XBUILD_PROGRESS_INTERVAL")) {
        auto parsed = parse_duration(*interval, "XBUILD_PROGRESS_INTERVAL");
        if (!parsed) {
            choice.error = parsed.error().message;
        } else if (parsed->count() == 0) {
            choice.error = fmt::format("XBUILD_PROGRESS_INTERVAL \"{}\": must be longer than 0", *interval);
        } else {
            style.liveness_interval = *parsed;
        }
    }
    return choice;
}

std::size_t terminal_width(int fd, std::size_t fallback) {
    winsize size{};
    if (::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    return fallback == 0 ? 80 : fallback;
}

std::string fit_to_width(std::string_view text, std::size_t width) {
    std::size_t columns = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        const bool starts_character = (byte & 0xC0) != 0x80;
        if (starts_character) {
            if (columns == width) return std::string(text.substr(0, i));
            ++columns;
        }
    }
    return std::string(text);
}

Console::Console(std::FILE* out, ConsoleStyle style, const Clock& clock)
    : m_out(out), m_style(style), m_clock(clock), m_last_liveness(clock.now()) {}

Console::~Console() { clear(); }

std::string Console::coloured(std::string_view text, Tone tone) const {
    if (!m_style.colour || tone == Tone::plain) return std::string(text);
    const char* code = tone == Tone::ok ? "32" : tone == Tone::failed ? "1;31" : "33";
    const std::size_t word_end = std::min(text.find(' '), text.find('\n'));
    if (word_end == 0) return std::string(text);
    const std::string_view word = text.substr(0, word_end);
    const std::string_view rest = word_end == std::string_view::npos ? "" : text.substr(word_end);
    return fmt::format("\x1b[{}m{}\x1b[0m{}", code, word, rest);
}

void Console::print(std::string_view text, Tone tone, bool essential) {
    if (m_style.quiet && !essential) return;
    erase_line();
    fmt::print(m_out, "{}\n", coloured(text, tone));
    redraw();
}

void Console::begin_step(std::string key, std::string label) {
    end_step(key);
    m_steps.push_back(Step{std::move(key), std::move(label), m_clock.now()});
    redraw();
}

void Console::end_step(std::string_view key) {
    const auto it = std::find_if(m_steps.begin(), m_steps.end(), [&](const Step& step) { return step.key == key; });
    if (it == m_steps.end()) return;
    m_steps.erase(it);
    redraw();
}

void Console::set_progress(std::size_t done, std::size_t total) {
    m_done = done;
    m_total = total;
    redraw();
}

std::chrono::milliseconds Console::tick_interval() const {
    return std::min<std::chrono::milliseconds>(1000ms, m_style.liveness_interval);
}

void Console::tick() {
    if (m_style.live) {
        redraw();
        return;
    }
    if (m_style.quiet) return;
    const auto now = m_clock.now();
    if (now - m_last_liveness < m_style.liveness_interval) return;
    std::string running;
    for (const Step& step : m_steps) {
        if (now - step.started < m_style.liveness_interval) continue;
        running += fmt::format("{}{} {}s", running.empty() ? "" : ", ", step.label,
                               seconds_between(step.started, now));
    }
    if (running.empty()) return;
    m_last_liveness = now;
    fmt::print(m_out, "still running: {}\n", running);
    std::fflush(m_out);
}

std::string Console::status_line(std::size_t width) const {
    if (m_steps.empty()) return {};
    const auto now = m_clock.now();
    std::string line = m_total > 0 ? fmt::format("[{}/{}]", m_done, m_total) : std::string();
    bool first = true;
    for (const Step& step : m_steps) {
        line += fmt::format("{}{} {}s", first ? (line.empty() ? "" : " ") : " · ", step.label,
                            seconds_between(step.started, now));
        first = false;
    }
    return fit_to_width(line, width);
}

void Console::redraw() {
    if (!m_style.live) {
        std::fflush(m_out);
        return;
    }
    // One column short of the width: writing the last column leaves some
    // terminals about to wrap, and the next \r would land a line lower.
    const std::size_t width = terminal_width(::fileno(m_out), m_style.columns);
    const std::string line = status_line(width > 1 ? width - 1 : width);
    if (line.empty()) {
        erase_line();
    } else {
        fmt::print(m_out, "\r{}\x1b[K", line);
        m_line_shown = true;
    }
    std::fflush(m_out);
}

void Console::erase_line() {
    if (!m_line_shown) return;
    fmt::print(m_out, "\r\x1b[K");
    m_line_shown = false;
}

void Console::clear() {
    erase_line();
    std::fflush(m_out);
}

}  // namespace xbuild
