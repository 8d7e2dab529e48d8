#pragma once

namespace xbuild {

// The one table of xbuild's exit codes; README.md documents the same values.
inline constexpr int k_exit_ok = 0;          // every target built
inline constexpr int k_exit_failed = 1;      // at least one target failed
inline constexpr int k_exit_usage = 2;       // bad usage or configuration; nothing was built
inline constexpr int k_exit_signal_base = 128;  // interrupted by signal N: 128 + N

}  // namespace xbuild
