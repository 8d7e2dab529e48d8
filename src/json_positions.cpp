#include <xbuild/json_positions.hpp>

#include <cstdint>

#include <fmt/format.h>

namespace xbuild {

namespace {

constexpr std::size_t k_max_located_depth = 256;

bool is_json_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void append_utf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

// A recursive-descent pass over text nlohmann has already validated: it
// only has to find where things start, and to decode keys exactly as
// nlohmann does so that pointers match.
class Walker {
public:
    explicit Walker(std::string_view text) : m_text(text) {
        // nlohmann skips a UTF-8 byte order mark; editors do not show it.
        if (m_text.starts_with("\xEF\xBB\xBF")) m_pos = m_counted = 3;
    }

    JsonPositions run() {
        skip_space();
        value("", 0);
        return std::move(m_result);
    }

private:
    bool at_end() const { return m_pos >= m_text.size(); }
    char peek() const { return at_end() ? '\0' : m_text[m_pos]; }

    void skip_space() {
        while (!at_end() && is_json_space(m_text[m_pos])) ++m_pos;
    }

    // Positions are asked for in text order, so each is counted on from
    // the last one instead of from the start.
    TextPosition here() {
        const std::string_view between = m_text.substr(m_counted, m_pos - m_counted);
        const TextPosition step = position_at(between, between.size());
        if (step.line > 1) {
            m_position = {m_position.line + step.line - 1, step.column};
        } else {
            m_position.column += step.column - 1;
        }
        m_counted = m_pos;
        return m_position;
    }

    bool value(const std::string& pointer, std::size_t depth) {
        if (at_end()) return false;
        if (depth > k_max_located_depth) return skip_value();
        m_result.values[pointer] = here();
        switch (peek()) {
            case '{':
                return object(pointer, depth);
            case '[':
                return array(pointer, depth);
            case '"':
                return string(nullptr);
            default:
                return scalar();
        }
    }

    bool object(const std::string& pointer, std::size_t depth) {
        ++m_pos;  // '{'
        skip_space();
        if (peek() == '}') {
            ++m_pos;
            return true;
        }
        std::map<std::string, TextPosition> seen;
        while (true) {
            skip_space();
            if (peek() != '"') return false;
            const TextPosition key_position = here();
            std::string key;
            if (!string(&key)) return false;
            const std::string member = pointer + "/" + json_pointer_token(key);
            if (!seen.emplace(key, key_position).second) {
                m_result.duplicate_keys.emplace_back(member, key_position);
            }
            m_result.keys[member] = key_position;
            skip_space();
            if (peek() != ':') return false;
            ++m_pos;
            skip_space();
            if (!value(member, depth + 1)) return false;
            skip_space();
            if (peek() == ',') {
                ++m_pos;
                continue;
            }
            if (peek() == '}') {
                ++m_pos;
                return true;
            }
            return false;
        }
    }

    bool array(const std::string& pointer, std::size_t depth) {
        ++m_pos;  // '['
        skip_space();
        if (peek() == ']') {
            ++m_pos;
            return true;
        }
        for (std::size_t index = 0;; ++index) {
            skip_space();
            if (!value(fmt::format("{}/{}", pointer, index), depth + 1)) return false;
            skip_space();
            if (peek() == ',') {
                ++m_pos;
                continue;
            }
            if (peek() == ']') {
                ++m_pos;
                return true;
            }
            return false;
        }
    }

    // Reads a string at '"', decoding it into `out` when given.
    bool string(std::string* out) {
        ++m_pos;  // opening quote
        while (!at_end()) {
            const char c = m_text[m_pos++];
            if (c == '"') return true;
            if (c != '\\') {
                if (out) *out += c;
                continue;
            }
            if (at_end()) return false;
            const char escaped = m_text[m_pos++];
            if (escaped != 'u') {
                if (out) *out += unescape(escaped);
                continue;
            }
            std::uint32_t code = 0;
            if (!hex4(code)) return false;
            // A high surrogate followed by "\uDC00".."\uDFFF" is one code point.
            if (code >= 0xD800 && code <= 0xDBFF && m_text.substr(m_pos).starts_with("\\u")) {
                const std::size_t saved = m_pos;
                m_pos += 2;
                std::uint32_t low = 0;
                if (hex4(low) && low >= 0xDC00 && low <= 0xDFFF) {
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                } else {
                    m_pos = saved;
                }
            }
            if (out) append_utf8(*out, code);
        }
        return false;
    }

    static char unescape(char c) {
        switch (c) {
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            default:
                return c;  // '"', '\\', '/'
        }
    }

    bool hex4(std::uint32_t& code) {
        if (m_text.size() - m_pos < 4) return false;
        code = 0;
        for (int i = 0; i < 4; ++i) {
            const int digit = hex_digit(m_text[m_pos++]);
            if (digit < 0) return false;
            code = code * 16 + static_cast<std::uint32_t>(digit);
        }
        return true;
    }

    // Numbers, true, false, null: whatever runs up to the next delimiter.
    bool scalar() {
        const std::size_t start = m_pos;
        while (!at_end() && !is_json_space(peek()) && peek() != ',' && peek() != ']' &&
               peek() != '}' && peek() != ':') {
            ++m_pos;
        }
        return m_pos > start;
    }

    // Passes over a value too deep to locate, without recursing.
    bool skip_value() {
        std::size_t open = 0;
        do {
            if (at_end()) return false;
            const char c = peek();
            if (c == '"') {
                if (!string(nullptr)) return false;
                continue;
            }
            if (c == '{' || c == '[') ++open;
            if ((c == '}' || c == ']')) {
                if (open == 0) return false;
                --open;
            }
            if (open == 0 && c != '}' && c != ']') return scalar();
            ++m_pos;
        } while (open > 0);
        return true;
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
    std::size_t m_counted = 0;  // m_position is that of this offset
    TextPosition m_position{1, 1};
    JsonPositions m_result;
};

}  // namespace

std::string TextPosition::str() const {
    return fmt::format("{}:{}", line, column);
}

TextPosition position_at(std::string_view text, std::size_t offset) {
    if (offset > text.size()) offset = text.size();
    TextPosition position{1, 1};
    for (std::size_t i = 0; i < offset; ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte == '\n') {
            ++position.line;
            position.column = 1;
        } else if ((byte & 0xC0) != 0x80) {
            // A UTF-8 continuation byte belongs to the character before it.
            ++position.column;
        }
    }
    return position;
}

TextPosition JsonPositions::value_at(const std::string& pointer) const {
    std::string path = pointer;
    while (true) {
        if (const auto it = values.find(path); it != values.end()) return it->second;
        if (path.empty()) return {};
        const std::size_t slash = path.rfind('/');
        path.erase(slash == std::string::npos ? 0 : slash);
    }
}

TextPosition JsonPositions::key_at(const std::string& pointer) const {
    if (const auto it = keys.find(pointer); it != keys.end()) return it->second;
    return value_at(pointer);
}

JsonPositions locate_json_positions(std::string_view text) {
    return Walker(text).run();
}

std::string json_pointer_token(std::string_view key) {
    std::string token;
    for (const char c : key) {
        if (c == '~')
            token += "~0";
        else if (c == '/')
            token += "~1";
        else
            token += c;
    }
    return token;
}

}  // namespace xbuild
