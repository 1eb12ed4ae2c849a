//go:build race

package main

// raceBuild tells the tests that start the server as a process to build it
// with -race as well: the packages are then in the build cache already.
const raceBuild = true
