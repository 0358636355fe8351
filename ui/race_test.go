//go:build race

package ui

// raceEnabled lets the heaviest tests draw fewer frames when the race detector slows each one down.
const raceEnabled = true
