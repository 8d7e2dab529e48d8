//go:build !linux

package main

// Only Linux's syscall package has Uname; elsewhere sysinfo relies on the
// uname command alone.
func kernelInfo() (kernel, bool) {
	return kernel{}, false
}
