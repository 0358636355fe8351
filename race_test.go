//go:build race

package main

// raceEnabled says the race detector is on (see TestPanicGivesTheTerminalBack).
const raceEnabled = true
