// Command cgo calls into C directly, so building it for another platform
// needs a C cross-compiler for that platform. Without one, xbuild refuses the
// target instead of letting go drop main.go and fail with a confusing error.
package main

/*
#include <stdlib.h>

static int add(int a, int b) { return a + b; }

static const char* compiler(void) {
#if defined(__clang__)
    return "clang";
#elif defined(__GNUC__)
    return "gcc";
#else
    return "another C compiler";
#endif
}
*/
import "C"

import (
	"fmt"
	"runtime"
)

func main() {
	fmt.Printf("cgo: %s/%s, 2+3=%d in C, built by %s\n", runtime.GOOS, runtime.GOARCH, int(C.add(2, 3)), C.GoString(C.compiler()))
}
