//go:build !linux && !windows && !darwin && !freebsd && !openbsd && !netbsd && !dragonfly

package main

// The fallback keeps every `go tool dist list` target buildable: solaris,
// illumos, aix, plan9 and js land here. android and ios never do: Go treats
// them as linux and darwin (the "linux" and "darwin" tags and file suffixes
// match them), so they get platform_linux.go and platform_darwin.go.
const (
	platformName = "other"
	sourceFile   = "platform_other.go"
)
