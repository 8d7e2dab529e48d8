#include <xbuild/sha256.hpp>

#include <cstdlib>
#include <fstream>
#include <string>

#include <unistd.h>
#include <catch2/catch.hpp>

#include "test_data.hpp"

namespace xbuild {

using test::TempDir;

TEST_CASE("sha256_hex matches the FIPS 180-2 vectors", "[sha256]") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256_hex(std::string_view("a\0b", 3)) != sha256_hex("ab"));
}

TEST_CASE("sha256_file streams a file's contents", "[sha256]") {
    TempDir dir;
    SECTION("small file") {
        std::ofstream(dir.path() / "abc", std::ios::binary) << "abc";
        Result<std::string> digest = sha256_file(dir.path() / "abc");
        REQUIRE(digest.ok());
        CHECK(*digest == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
    SECTION("empty file") {
        std::ofstream(dir.path() / "empty", std::ios::binary).flush();
        Result<std::string> digest = sha256_file(dir.path() / "empty");
        REQUIRE(digest.ok());
        CHECK(*digest == sha256_hex(""));
    }
    SECTION("a file larger than the read buffer hashes like the same bytes in memory") {
        // A million 'a's is the third FIPS vector; it spans several reads.
        std::string data(1000000, 'a');
        std::ofstream(dir.path() / "big", std::ios::binary) << data;
        Result<std::string> digest = sha256_file(dir.path() / "big");
        REQUIRE(digest.ok());
        CHECK(*digest == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
        CHECK(*digest == sha256_hex(data));
    }
    SECTION("missing file") {
        Result<std::string> digest = sha256_file(dir.path() / "missing");
        REQUIRE_FALSE(digest.ok());
        CHECK(digest.error().message.find((dir.path() / "missing").string()) != std::string::npos);
    }
    SECTION("a directory is an error, not an empty hash") {
        Result<std::string> digest = sha256_file(dir.path());
        REQUIRE_FALSE(digest.ok());
        CHECK(digest.error().message.find(dir.path().string()) != std::string::npos);
    }
}

}  // namespace xbuild
