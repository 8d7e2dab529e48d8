# Every dependency comes from a Debian package; when one is missing, say which
# package to install instead of CMake's generic "could not find" wall of text.
function(xbuild_require package debian_package)
  find_package(${package} ${ARGN} QUIET)
  if(NOT ${package}_FOUND)
    message(FATAL_ERROR
      "xbuild needs ${package}: install it with `apt-get install ${debian_package}` "
      "(or run the README's set-up command, which installs everything).")
  endif()
endfunction()

xbuild_require(CLI11 libcli11-dev)
xbuild_require(fmt libfmt-dev)
xbuild_require(spdlog libspdlog-dev)
xbuild_require(nlohmann_json nlohmann-json3-dev)
# libcrypto's SHA-256 is constant-time audited, hardware-accelerated (SHA-NI)
# and already on every Debian machine: better than a hand-written digest.
xbuild_require(OpenSSL libssl-dev)
if(BUILD_TESTING OR NOT DEFINED BUILD_TESTING)
  xbuild_require(Catch2 catch2)
endif()
