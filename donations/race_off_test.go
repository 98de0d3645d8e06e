//go:build !race

package donations_test

const raceEnabled = false
