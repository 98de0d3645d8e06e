//go:build race

package donations_test

// raceEnabled is true under the race detector, which slows the pure-Go
// SQLite driver some twentyfold; the largest SQLite tests shrink then.
const raceEnabled = true
