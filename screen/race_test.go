//go:build race

package screen

// raceEnabled says the race detector is on (see TestPanicGivesTheTerminalBack).
const raceEnabled = true
