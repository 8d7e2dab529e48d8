#include <xbuild/json_positions.hpp>

#include <string>

#include <catch2/catch.hpp>

using namespace xbuild;

TEST_CASE("locate_json_positions finds every value and key by JSON pointer", "[json_positions]") {
    const std::string text =
        "{\n"
        "  \"targets\": [\"linux/amd64\", \"windows/*\"],\n"
        "  \"jobs\": 4,\n"
        "  \"overrides\": [\n"
        "    {\"targets\": [\"windows/*\"], \"trimpath\": true, \"x\": null}\n"
        "  ]\n"
        "}\n";
    const JsonPositions positions = locate_json_positions(text);
    CHECK(positions.values.at("") == TextPosition{1, 1});
    CHECK(positions.keys.at("/targets") == TextPosition{2, 3});
    CHECK(positions.values.at("/targets") == TextPosition{2, 14});
    CHECK(positions.values.at("/targets/0") == TextPosition{2, 15});
    CHECK(positions.values.at("/targets/1") == TextPosition{2, 30});
    CHECK(positions.values.at("/jobs") == TextPosition{3, 11});
    CHECK(positions.values.at("/overrides/0") == TextPosition{5, 5});
    CHECK(positions.values.at("/overrides/0/targets/0") == TextPosition{5, 18});
    CHECK(positions.keys.at("/overrides/0/trimpath") == TextPosition{5, 32});
    CHECK(positions.values.at("/overrides/0/trimpath") == TextPosition{5, 44});
    CHECK(positions.values.at("/overrides/0/x") == TextPosition{5, 55});
    CHECK(positions.duplicate_keys.empty());
}

TEST_CASE("json positions: escaped keys, UTF-8 columns, a byte order mark", "[json_positions]") {
    SECTION("keys are decoded as nlohmann decodes them, then escaped as pointer tokens") {
        const JsonPositions positions =
            locate_json_positions(R"({"a/b": 1, "t~": 2, "\u00e9\"\n": 3, "\ud83d\ude00": 4})");
        CHECK(positions.values.at("/a~1b") == TextPosition{1, 9});
        CHECK(positions.values.at("/t~0") == TextPosition{1, 18});
        CHECK(positions.values.count("/\xC3\xA9\"\n") == 1);
        CHECK(positions.values.count("/\xF0\x9F\x98\x80") == 1);
    }
    SECTION("columns count characters, not bytes") {
        const JsonPositions positions =
            locate_json_positions("{\"k\": \"\xC3\xA9\xC3\xA9\", \"n\": 1}");
        CHECK(positions.values.at("/n") == TextPosition{1, 18});
    }
    SECTION("a UTF-8 byte order mark is not a column") {
        const JsonPositions positions = locate_json_positions("\xEF\xBB\xBF{\"n\": 1}");
        CHECK(positions.values.at("") == TextPosition{1, 1});
        CHECK(positions.values.at("/n") == TextPosition{1, 7});
    }
    SECTION("CRLF line ends") {
        const JsonPositions positions = locate_json_positions("{\r\n  \"n\": 1\r\n}");
        CHECK(positions.values.at("/n") == TextPosition{2, 8});
    }
}

TEST_CASE("json positions: duplicates, fallbacks, text that is not JSON", "[json_positions]") {
    SECTION("a key seen twice in one object is reported at its second place") {
        const JsonPositions positions =
            locate_json_positions("{\"a\": 1,\n \"b\": {\"a\": 2},\n \"a\": 3}");
        REQUIRE(positions.duplicate_keys.size() == 1);
        CHECK(positions.duplicate_keys[0].first == "/a");
        CHECK(positions.duplicate_keys[0].second == TextPosition{3, 2});
        CHECK(positions.values.at("/a") == TextPosition{3, 7});  // the last one, as nlohmann keeps
    }
    SECTION("value_at falls back to the nearest located ancestor; key_at to the value") {
        const JsonPositions positions = locate_json_positions("{\"a\": [1]}");
        CHECK(positions.value_at("/a/7/x") == TextPosition{1, 7});
        CHECK(positions.key_at("/a") == TextPosition{1, 2});
        CHECK(positions.key_at("/a/0") == TextPosition{1, 8});
        CHECK(positions.value_at("nonsense") == TextPosition{1, 1});
        CHECK_FALSE(locate_json_positions("").value_at("/a").known());
    }
    SECTION("malformed text stops the walk without failing") {
        for (const char* text :
             {"{", "{\"a\"", "{\"a\": [1, ", "\"abc", "[\"\\u12", "{\"a\" 1}", "]]]", "\\"}) {
            const JsonPositions positions = locate_json_positions(text);
            CHECK(positions.duplicate_keys.empty());
        }
    }
    SECTION("values nested deeper than 256 levels are skipped, the rest still located") {
        const std::string deep =
            "{\"deep\": " + std::string(300, '[') + std::string(300, ']') + ", \"after\": 1}";
        const JsonPositions positions = locate_json_positions(deep);
        CHECK(positions.values.count("/after") == 1);
        CHECK(positions.values.size() < 300);
    }
}

TEST_CASE("position_at counts lines and characters", "[json_positions]") {
    CHECK(position_at("ab\ncd", 0) == TextPosition{1, 1});
    CHECK(position_at("ab\ncd", 4) == TextPosition{2, 2});
    CHECK(position_at("ab", 99) == TextPosition{1, 3});
    CHECK(position_at("ab\ncd", 4).str() == "2:2");
    CHECK(json_pointer_token("a/b~c") == "a~1b~0c");
}
