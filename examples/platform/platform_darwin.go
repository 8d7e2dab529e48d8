package main

const (
	platformName = "darwin"
	sourceFile   = "platform_darwin.go"
)
