//go:build freebsd || openbsd || netbsd || dragonfly

package main

const (
	platformName = "a BSD"
	sourceFile   = "platform_bsd.go"
)
