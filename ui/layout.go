package ui

import (
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/charmbracelet/x/ansi"
)

// scroller is a window onto pre-rendered lines. Scrolling only moves the offset: nothing is
// re-rendered, so bubbletea's renderer sees a small change and repaints little.
type scroller struct {
	lines []string
	off   int
	h     int
}

func (s *scroller) set(lines []string, h int, keepOffset bool) {
	s.lines, s.h = lines, h
	if !keepOffset {
		s.off = 0
	}
	s.scroll(0)
}

func (s *scroller) scroll(n int) {
	s.off = clamp(s.off+n, 0, max(0, len(s.lines)-s.h))
}

// view returns exactly h lines.
func (s *scroller) view() []string {
	out := make([]string, s.h)
	for i := range out {
		if j := s.off + i; j < len(s.lines) {
			out[i] = s.lines[j]
		}
	}
	return out
}

// more says whether there is text above and below the window.
func (s *scroller) more() (above, below bool) {
	return s.off > 0, s.off+s.h < len(s.lines)
}

func (m *Model) tooSmall() bool { return m.width < MinWidth || m.height < MinHeight }
func (m *Model) wide() bool     { return m.width >= WideWidth }

// Fixed rows: header, two diagram lines, footer.
const chromeRows = 4

func (m *Model) bodyWidth() int  { return max(1, m.width) }
func (m *Model) bodyHeight() int { return max(1, m.height-chromeRows) }

// maxNarrativeWidth keeps lines of prose short enough to read on a wide terminal or a projector.
const maxNarrativeWidth = 110

// narrativeWidth is the width the narrative is rendered at.
func (m *Model) narrativeWidth() int { return min(m.width-2, maxNarrativeWidth) }

// narrativeRows is how much of the body the narrative gets; the panes get the rest.
func (m *Model) narrativeRows() int {
	body := m.bodyHeight()
	if m.wide() {
		return max(4, body*2/5)
	}
	return max(3, (body-1)*2/5)
}

// paneWidths are the outer widths of the three panes when they sit side by side.
func (m *Model) paneWidths() [3]int {
	w := m.width
	a := w * 30 / 100
	b := w * 33 / 100
	return [3]int{a, b, w - a - b}
}

// layout fills the scrollers for the current step and size. It runs on step change, resize and
// theme change, never from View.
func (m *Model) layout() {
	if m.width == 0 || m.height == 0 {
		return
	}
	key := layoutKey{step: m.step, width: m.width, height: m.height, dark: m.dark, plain: m.noStyles, theme: m.theme}
	sameStep := m.laidOut.step == m.step
	if key == m.laidOut {
		return
	}
	m.laidOut = key
	m.help.SetWidth(m.width)
	if m.screen != screenWalk {
		m.list = m.buildList(m.screen)
		m.list.fit(m.bodyWidth(), m.bodyHeight())
	}
	if m.tooSmall() {
		return
	}
	p := m.pages[m.step]
	nw := m.narrativeWidth() // a gutter for the focus bar and a space
	lines := m.narrativeLines(p.Narrative, nw)
	// A short narrative takes only the rows it needs; the panes get the rest.
	narrH := min(m.narrativeRows(), max(3, len(lines)))
	m.narr.set(lines, narrH, sameStep)

	paneH := m.bodyHeight() - narrH
	if m.wide() {
		for i, w := range m.paneWidths() {
			m.panes[i].set(m.sharedPaneLines(i, w-4), paneH-2, sameStep)
		}
		return
	}
	for i := range m.panes {
		m.panes[i].set(m.sharedPaneLines(i, m.width-4), paneH-3, sameStep)
	}
}

// box draws lines in a rounded border with the title in the top edge. Every line it returns is
// exactly w cells wide.
func (m *Model) box(title string, lines []string, w int, focused bool, sc *scroller) []string {
	st := m.st.Pane
	ts := m.st.PaneTitle
	if focused {
		st = m.st.PaneFocused
		ts = m.st.PaneTitleFocus
	}
	b := st.GetBorderStyle()
	edge := lipgloss.NewStyle().Foreground(st.GetBorderTopForeground())
	inner := w - 2
	t := ansi.Truncate(" "+title+" ", max(0, inner-2), "…")
	top := edge.Render(b.TopLeft+b.Top) + ts.Render(t) +
		edge.Render(strings.Repeat(b.Top, max(0, inner-1-ansi.StringWidth(t)))+b.TopRight)
	out := []string{ansi.Truncate(top, w, "")}
	// The edges are the same on every row: style them once (View runs after every message).
	left, right := edge.Render(b.Left)+" ", " "+edge.Render(b.Right)
	// The lines come padded to the inside width (padLines), so the right edge goes straight after
	// them; fit still guards the frame's width.
	blank := strings.Repeat(" ", max(0, inner-2))
	for _, l := range lines {
		if l == "" { // the rows below a short pane
			l = blank
		}
		out = append(out, left+l+right)
	}
	above, below := sc.more()
	hint := ""
	switch {
	case above && below:
		hint = " ↑↓ more "
	case below:
		hint = " ↓ more "
	case above:
		hint = " ↑ more "
	}
	hint = ansi.Truncate(hint, max(0, inner-1), "")
	bottom := edge.Render(b.BottomLeft+strings.Repeat(b.Bottom, max(0, inner-1-ansi.StringWidth(hint)))) +
		m.st.Dim.Render(hint) + edge.Render(b.Bottom+b.BottomRight)
	if inner < 1 {
		bottom = edge.Render(b.BottomLeft + b.BottomRight)
	}
	return append(out, ansi.Truncate(bottom, w, ""))
}

// sharedPaneLines draws a pane once for all the SSH sessions on the same page, width and theme: a
// presenter's move otherwise costs every follower the same work.
func (m *Model) sharedPaneLines(i, width int) []string {
	k := paneKey{step: m.pages[m.step].Step.ID, assumption: int(m.assumptions.Identifier), pane: i,
		width: width, theme: m.theme, dark: m.dark}
	return m.shared.get(k, func() []string { return m.paneLines(i, width) })
}
