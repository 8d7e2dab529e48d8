// Command sysinfo reports the platform it was compiled for and the system it
// runs on, as in the classic cross-compilation walkthrough: build it for
// another GOOS/GOARCH, copy it over, run it.
//
// It asks twice. `uname -a` through os/exec is what a user would type, but
// under qemu-user that command is the host's own native binary, so it names
// the host's machine. The uname(2) system call (Linux only) is answered by
// whatever runs this program, so under qemu-aarch64 it says "aarch64".
package main

import (
	"fmt"
	"os/exec"
	"runtime"
	"strings"
)

func main() {
	fmt.Printf("compiled for: %s/%s\n", runtime.GOOS, runtime.GOARCH)

	if k, ok := kernelInfo(); ok {
		fmt.Printf("uname syscall: %s %s %s\n", k.sysname, k.release, k.machine)
		fmt.Printf("machine: %s\n", k.machine)
	} else {
		fmt.Println("uname syscall: not available on this system")
	}

	out, err := exec.Command("uname", "-a").Output()
	if err != nil {
		fmt.Printf("uname -a: could not run uname (%v); no uname on this system?\n", err)
		return
	}
	fmt.Printf("uname -a: %s\n", strings.TrimSpace(string(out)))
}

// kernel is what uname(2) reports.
type kernel struct {
	sysname string
	release string
	machine string
}
