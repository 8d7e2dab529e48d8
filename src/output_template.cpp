#include <xbuild/output_template.hpp>

#include <algorithm>
#include <cstddef>
#include <optional>

#include <fmt/format.h>

#include <xbuild/text.hpp>

namespace xbuild {

namespace {

// Error messages quote at most this much of an action, so that a huge or
// garbage template still yields a one-line message.
constexpr std::size_t k_max_quoted = 60;

// The order fields are listed in by error messages; others follow by name.
const std::vector<std::string> k_field_order = {"Dir",     "OS",     "Arch", "Variant",
                                                "Version", "Commit", "Date"};

struct Piece {
    bool is_field = false;
    std::string_view text;  // literal text, or the field name without the dot
};

bool is_template_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool is_ident_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool is_ident_char(char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }

bool is_identifier(std::string_view s) {
    return !s.empty() && is_ident_start(s.front()) &&
           std::all_of(s.begin() + 1, s.end(), is_ident_char);
}

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(),
                      [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

std::string_view trim_spaces(std::string_view s) {
    while (!s.empty() && is_template_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_template_space(s.back())) s.remove_suffix(1);
    return s;
}

// Columns count characters, not bytes, so that they match what an editor
// shows for a template containing UTF-8.
std::size_t column_of(std::string_view tmpl, std::size_t pos) {
    std::size_t column = 1;
    for (std::size_t i = 0; i < pos && i < tmpl.size(); ++i) {
        if ((static_cast<unsigned char>(tmpl[i]) & 0xC0) != 0x80) ++column;
    }
    return column;
}

// Quotes template text for a one-line message: control bytes are escaped and
// long text is cut (never inside a UTF-8 sequence).
std::string quote(std::string_view text) {
    bool cut = false;
    if (text.size() > k_max_quoted) {
        std::size_t end = k_max_quoted;
        while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
        text = text.substr(0, end);
        cut = true;
    }
    std::string out = "\"";
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (byte < 0x20 || byte == 0x7F) {
            out += fmt::format("\\x{:02x}", byte);
        } else {
            out += c;
        }
    }
    out += cut ? "...\"" : "\"";
    return out;
}

std::string known_list(const std::vector<std::string>& known) {
    if (known.empty()) return "no fields are available";
    std::string out = "known: ";
    for (std::size_t i = 0; i < known.size(); ++i) {
        if (i > 0) out += ", ";
        out += "." + known[i];
    }
    return out;
}

// A case-only difference ("Os" for "OS") is the likeliest typo, so it wins
// over the edit-distance guess.
std::optional<std::string> suggest(std::string_view name, const std::vector<std::string>& known) {
    for (const auto& field : known) {
        if (iequals(field, name)) return field;
    }
    return closest_match(name, known);
}

std::string suggestion_text(std::string_view name, const std::vector<std::string>& known) {
    auto match = suggest(name, known);
    return match ? fmt::format("; did you mean \"{{{{.{}}}}}\"?", *match) : std::string();
}

// Checks one action, `{{` + inner + `}}`, and returns the field it names.
Result<std::string_view> parse_action(std::string_view action, std::string_view inner,
                                      std::size_t column,
                                      const std::vector<std::string>& known) {
    std::string_view body = trim_spaces(inner);
    if (body.empty()) {
        return make_error("output template: empty action {} at column {}; write a field such "
                          "as {{{{.OS}}}} ({})",
                          quote(action), column, known_list(known));
    }
    if (body.front() == '.' && is_identifier(body.substr(1))) {
        std::string_view name = body.substr(1);
        if (std::find(known.begin(), known.end(), name) != known.end()) return name;
        return make_error("output template: unknown field {} at column {}{} ({})", quote(action),
                          column, suggestion_text(name, known), known_list(known));
    }
    if (is_identifier(body)) {
        auto match = suggest(body, known);
        return make_error("output template: {} at column {} lacks the dot before the field "
                          "name; write \"{{{{.{}}}}}\" ({})",
                          quote(action), column, match ? *match : std::string(body),
                          known_list(known));
    }
    return make_error("output template: unsupported action {} at column {}; only fields "
                      "such as {{{{.OS}}}} are allowed, not pipelines or functions ({})",
                      quote(action), column, known_list(known));
}

Result<std::vector<Piece>> parse_template(std::string_view tmpl,
                                          const std::vector<std::string>& known) {
    std::vector<Piece> pieces;
    std::size_t literal_start = 0;
    std::size_t pos = 0;
    while (pos + 1 < tmpl.size()) {
        if (tmpl[pos] == '{' && tmpl[pos + 1] == '{') {
            std::size_t close = tmpl.find("}}", pos + 2);
            if (close == std::string_view::npos) {
                return make_error("output template: unclosed \"{{{{\" at column {}; close it "
                                  "with \"}}}}\"",
                                  column_of(tmpl, pos));
            }
            std::string_view action = tmpl.substr(pos, close + 2 - pos);
            std::string_view inner = tmpl.substr(pos + 2, close - pos - 2);
            auto field = parse_action(action, inner, column_of(tmpl, pos), known);
            if (!field) return field.error();
            if (pos > literal_start) {
                pieces.push_back({false, tmpl.substr(literal_start, pos - literal_start)});
            }
            pieces.push_back({true, *field});
            pos = close + 2;
            literal_start = pos;
        } else if (tmpl[pos] == '}' && tmpl[pos + 1] == '}') {
            return make_error("output template: unexpected \"}}}}\" at column {} with no "
                              "\"{{{{\" before it",
                              column_of(tmpl, pos));
        } else {
            ++pos;
        }
    }
    if (literal_start < tmpl.size()) pieces.push_back({false, tmpl.substr(literal_start)});
    return pieces;
}

std::vector<std::string> normalized_known(const std::vector<std::string>& fields) {
    std::vector<std::string> known;
    known.reserve(fields.size());
    for (const auto& field : fields) {
        known.push_back(!field.empty() && field.front() == '.' ? field.substr(1) : field);
    }
    return known;
}

// A map lists fields alphabetically; messages read better in template order.
std::vector<std::string> ordered_keys(const TemplateFields& fields) {
    std::vector<std::string> keys;
    for (const auto& name : k_field_order) {
        if (fields.count(name) != 0) keys.push_back(name);
    }
    for (const auto& [name, value] : fields) {
        if (std::find(k_field_order.begin(), k_field_order.end(), name) == k_field_order.end()) {
            keys.push_back(name);
        }
    }
    return keys;
}

}  // namespace

Result<void> validate_output_template(std::string_view tmpl,
                                      const std::vector<std::string>& known_fields) {
    auto pieces = parse_template(tmpl, normalized_known(known_fields));
    if (!pieces) return pieces.error();
    return {};
}

Result<std::string> render_output_template(std::string_view tmpl, const TemplateFields& fields) {
    auto pieces = parse_template(tmpl, ordered_keys(fields));
    if (!pieces) return pieces.error();
    std::string out;
    for (const auto& piece : *pieces) {
        if (piece.is_field) {
            out += fields.at(std::string(piece.text));
        } else {
            out += piece.text;
        }
    }
    return out;
}

std::string effective_output_template(std::string_view user_template, bool has_variant) {
    if (!user_template.empty()) return std::string(user_template);
    std::string tmpl(k_default_output_template);
    if (has_variant) tmpl += "_{{.Variant}}";
    return tmpl;
}

std::string with_exe_suffix(std::string path, std::string_view goos) {
    constexpr std::string_view suffix = ".exe";
    if (goos != "windows") return path;
    bool has_suffix = path.size() >= suffix.size() &&
                      iequals(std::string_view(path).substr(path.size() - suffix.size()), suffix);
    if (!has_suffix) path += suffix;
    return path;
}

}  // namespace xbuild
