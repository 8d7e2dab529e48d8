#include <xbuild/go_list.hpp>

#include <catch2/catch.hpp>

#include "test_data.hpp"

using namespace xbuild;

TEST_CASE("split_json_stream splits concatenated objects", "[go_list]") {
    SECTION("objects with nested braces and braces inside strings") {
        auto objects = split_json_stream("{\"a\": {\"b\": \"}\"}}\n{\"c\": \"\\\"{\"}\n");
        REQUIRE(objects.ok());
        REQUIRE(objects->size() == 2);
        CHECK((*objects)[0] == "{\"a\": {\"b\": \"}\"}}");
        CHECK((*objects)[1] == "{\"c\": \"\\\"{\"}");
    }
    SECTION("text between objects is skipped") {
        auto objects = split_json_stream("warning: x matched no packages\n{}\n");
        REQUIRE(objects.ok());
        CHECK(objects->size() == 1);
    }
    SECTION("an unterminated object is an error") {
        auto objects = split_json_stream("{\"a\": 1");
        REQUIRE_FALSE(objects.ok());
        CHECK_THAT(objects.error().message, Catch::Contains("ends inside"));
    }
    SECTION("empty input is no objects") {
        auto objects = split_json_stream("");
        REQUIRE(objects.ok());
        CHECK(objects->empty());
    }
}

TEST_CASE("parse_go_list_json reads recorded go list output", "[go_list]") {
    auto packages = parse_go_list_json(test::read_test_data("fixtures/go/go_list_mixed.json"));
    REQUIRE(packages.ok());
    REQUIRE(packages->size() == 3);
    CHECK((*packages)[0].import_path == "example.com/m/cmd/a");
    CHECK((*packages)[0].name == "main");
    CHECK((*packages)[0].dir.filename() == "a");
    CHECK((*packages)[1].name == "lib");
    CHECK((*packages)[2].import_path == "./nope");
    CHECK((*packages)[2].name.empty());
    CHECK_THAT((*packages)[2].error, Catch::Contains("directory not found"));
}

TEST_CASE("parse_go_list_json rejects malformed objects", "[go_list]") {
    CHECK_FALSE(parse_go_list_json("{\"ImportPath\": }").ok());
    auto wrong_types = parse_go_list_json("{\"ImportPath\": 3, \"Name\": [1]}");
    REQUIRE(wrong_types.ok());
    CHECK(wrong_types->front().import_path.empty());
}
