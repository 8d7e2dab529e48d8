// Command platform shows which OS-specific source file was compiled in:
// each of platform_*.go defines platformName and sourceFile for its systems.
package main

import (
	"fmt"
	"runtime"
)

func main() {
	fmt.Printf("platform: %s (from %s)\n", platformName, sourceFile)
	fmt.Printf("runtime: %s/%s\n", runtime.GOOS, runtime.GOARCH)
}
