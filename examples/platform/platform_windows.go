package main

const (
	platformName = "windows"
	sourceFile   = "platform_windows.go"
)
