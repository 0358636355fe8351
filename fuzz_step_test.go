package main

import (
	"strconv"
	"testing"

	"github.com/cyberid/cyberid/content"
)

// FuzzParseStep feeds arbitrary --step values to the parser: it returns a valid index or a one-line
// error, never a panic and never an index out of range.
func FuzzParseStep(f *testing.F) {
	w, err := content.Load()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"", "1", "14", "0", "-1", "15", "login-a", "LOGIN-A", " 3", "3 ", "+3", "0x3",
		"99999999999999999999", "１", "网号", "login-a\n", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		i, err := parseStep(w, s)
		if err != nil {
			if msg := err.Error(); msg == "" || containsNewline(msg) {
				t.Fatalf("%q: error %q is not one line", s, msg)
			}
			return
		}
		if i < 0 || i >= len(w.Steps) {
			t.Fatalf("%q: index %d out of range", s, i)
		}
		// A number that parses must be the step it names.
		if n, aerr := strconv.Atoi(s); aerr == nil && i != n-1 {
			t.Fatalf("%q: index %d, want %d", s, i, n-1)
		}
	})
}

func containsNewline(s string) bool {
	for _, r := range s {
		if r == '\n' || r == '\r' {
			return true
		}
	}
	return false
}
