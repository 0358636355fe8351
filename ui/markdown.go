package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/cyberid/cyberid/markdown"
)

// mdKey says how a narrative was rendered (its text says which): glamour takes a millisecond or
// more, and a frame is drawn on every key, so each rendering is kept in the model's Shared and
// reused. View never renders Markdown.
type mdKey struct {
	width           int
	dark, hc, plain bool
}

// narrativeLines returns the narrative md rendered at width as lines no wider than width.
func (m *Model) narrativeLines(md string, width int) []string {
	st := &m.st
	k := mdKey{width: width, dark: st.dark, hc: st.highContrast, plain: st.plain}
	return m.shared.narrative(md, k, func() []string {
		if st.plain {
			// A terminal that shows no styles (TERM=dumb): emphasis as *asterisks*, as in the handout.
			return markdown.RenderPlain(md, width)
		}
		return markdown.Render(md, width, st.Narrative)
	})
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
