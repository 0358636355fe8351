package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/cyberid/cyberid/termmd"
)

// mdKey says how a narrative was rendered (its text says which): rendering takes about 0.2 ms, and
// a frame is drawn on every key, so each rendering is kept in the model's Shared and reused.
type mdKey struct {
	width           int
	dark, hc, plain bool
}

// narrativeLines returns the narrative md rendered at width as lines no wider than width.
func (m *Model) narrativeLines(md string, width int) []string {
	st := &m.st
	k := mdKey{width: width, dark: st.dark, hc: st.highContrast, plain: st.plain}
	return m.shared.narrative(md, k, func() []string { return termmd.Render(md, width, st.Narrative) })
}

// fitLines wraps any line wider than width (a long unbreakable word) and returns lines that are
// each at most width cells.
func fitLines(lines []string, width int) []string {
	if width < 1 {
		return nil
	}
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		if ansi.StringWidth(l) <= width {
			out = append(out, l)
			continue
		}
		out = append(out, strings.Split(ansi.Hardwrap(l, width, true), "\n")...)
	}
	return out
}
