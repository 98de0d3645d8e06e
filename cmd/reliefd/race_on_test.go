//go:build race

package main

// raceEnabled is true under the race detector, which slows the pure-Go
// SQLite driver some twentyfold.
const raceEnabled = true
