package screen

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
)

// styledFrame is a w×h frame like the walkthrough's: coloured words, box lines and some Chinese,
// with variant (0 or 1) changing a third of the lines, as a step change does.
func styledFrame(w, h, variant int) string {
	var b strings.Builder
	for y := range h {
		var line strings.Builder
		n := 0
		for i := 0; n+12 <= w; i++ {
			word := fmt.Sprintf("\x1b[38;5;%dmword%02d\x1b[m 身份 ", 100+(i+y)%50, (i+y+variant*(y%3/2))%100)
			line.WriteString(word)
			n += 12
		}
		line.WriteString(strings.Repeat("─", w-n))
		b.WriteString(line.String())
		if y < h-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// BenchmarkDraw is a Screen drawing the next frame of a step change: the diff and the bytes
// written, without bubbletea or a terminal.
func BenchmarkDraw(b *testing.B) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
		b.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(b *testing.B) {
			frames := []string{styledFrame(sz[0], sz[1], 0), styledFrame(sz[0], sz[1], 1)}
			s := New(io.Discard, []string{"TERM=xterm-256color"}, sz[0], sz[1], colorprofile.ANSI256)
			s.interval = 0
			s.Draw(view(frames[0]))
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				s.Draw(view(frames[i%2]))
			}
		})
	}
}
