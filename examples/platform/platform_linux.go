package main

const (
	platformName = "linux"
	sourceFile   = "platform_linux.go"
)
