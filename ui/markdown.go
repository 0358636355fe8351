package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
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
	return renderNarrative(m.shared, &m.st, md, width)
}

// renderNarrative renders md in st's narrative style, or takes the rendering from shared if a
// model has rendered it already.
func renderNarrative(shared *Shared, st *Styles, md string, width int) []string {
	k := mdKey{width: width, dark: st.dark, hc: st.highContrast, plain: st.plain}
	return shared.narrative(md, k, func() []string {
		if st.plain {
			// A terminal that shows no styles (TERM=dumb): emphasis as *asterisks*, as in the handout.
			return markdown.RenderPlain(md, width)
		}
		return markdown.Render(md, width, st.Narrative)
	})
}

// renderNeighbours renders the narratives of the steps before and after this one, at this width and
// in this theme, in a command, off the program's goroutine: next and previous then find them
// rendered, and a key costs no glamour rendering. A key pressed while they render waits for the
// rendering under way instead of doing it again (Shared).
func (m *Model) renderNeighbours() tea.Cmd {
	if m.width == 0 || m.height == 0 || m.tooSmall() {
		return nil
	}
	var mds []string
	for _, i := range []int{m.step + 1, m.step - 1} {
		if i >= 0 && i < len(m.pages) {
			mds = append(mds, m.pages[i].Narrative)
		}
	}
	shared, st, width := m.shared, m.st, m.narrativeWidth() // copies: the command must not read the model
	return func() tea.Msg {
		for _, md := range mds {
			renderNarrative(shared, &st, md, width)
		}
		return nil
	}
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
