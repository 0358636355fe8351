package screen

import (
	"strings"
	"testing"
	"unicode"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"github.com/cyberid/cyberid/internal/syncbuf"
)

// FuzzDraw feeds a Screen frames it was never meant to get (stray escapes, control characters,
// broken UTF-8, joined characters) one after another at a small size. It must not panic, and where
// the second frame is plain printable text that fits, the terminal must show exactly it.
//
//	go test -fuzz FuzzDraw ./screen
func FuzzDraw(f *testing.F) {
	for _, seed := range [][2]string{
		{"hello\nworld", "hello\nthere"},
		{"\x1b[1;31mred\x1b[m 身份", "\x1b[38;2;1;2;3mx\x1b]8;;http://a\x07link\x1b]8;;\x07"},
		{"👍🏽 cafe\u0301", "plain"},
		{"\x1b[", "\x9b31m\xff\xfe"},
		{"a\tb\rc\bd\x00e", "╭─╮\n│x│\n╰─╯"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, first, second string) {
		out := &syncbuf.Buffer{}
		s := New(out, []string{"TERM=xterm-256color"}, 12, 4, colorprofile.ANSI256)
		s.interval = 0
		s.Draw(view(first))
		s.Draw(view(second))
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		written := out.String()
		left := strings.LastIndex(written, ansi.ResetModeAltScreenSaveCursor)
		if left < 0 { // never started: two empty frames leave the terminal alone
			if written != "" || first != "" || second != "" {
				t.Fatalf("%q then %q wrote %q without taking the alternate screen", first, second, written)
			}
			return
		}
		lines := strings.Split(second, "\n")
		if len(lines) > 4 || !plainFits(lines, 12) {
			return
		}
		// What a terminal shows before Close leaves the alternate screen.
		written = written[:left]
		if got, want := shown(t, written, 12, 4), trimLines(second); got != want {
			t.Errorf("after %q, %q shows\n%q", first, second, got)
		}
	})
}

// plainFits says whether every line is printable ASCII no wider than w.
func plainFits(lines []string, w int) bool {
	for _, l := range lines {
		if len(l) > w {
			return false
		}
		for _, r := range l {
			if r > unicode.MaxASCII || !unicode.IsPrint(r) {
				return false
			}
		}
	}
	return true
}
