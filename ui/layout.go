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
	s.lines, s.h = lines, max(0, h) // none: a part the presentation layout does not show now
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

// sideBySide says whether the panes are drawn side by side now (else as tabs); layout decides.
func (m *Model) sideBySide() bool { return m.side }

// Fixed rows: header, two diagram lines, footer.
const chromeRows = 4

func (m *Model) bodyWidth() int { return max(1, m.width) }

// bodyHeight is what the screen leaves the walkthrough or a list, below the notice if one shows.
func (m *Model) bodyHeight() int { return max(1, m.height-chromeRows-len(m.noticeLines)) }

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
	key := layoutKey{step: m.step, width: m.width, height: m.height, dark: m.dark, plain: m.noStyles, theme: m.theme,
		present: m.present, panes: m.presentPanes, notice: m.notice}
	sameStep := m.laidOut.step == m.step && m.laidOut.width != 0
	if key == m.laidOut {
		return
	}
	old := m.laidOut
	m.laidOut = key
	m.help.SetWidth(m.width)
	m.noticeLines = nil
	if m.notice != "" && !m.tooSmall() {
		m.noticeLines = wrap(m.notice, m.width-2, "  ", render(m.st.Selected))
		for i := range m.noticeLines {
			m.noticeLines[i] = " " + m.noticeLines[i]
		}
	}
	if m.screen != screenWalk {
		// The entries wrap again at the new size. A new theme builds the list again (its styles are
		// in the entries), keeping the selection; a list opened from another one keeps its entries.
		restyled := key.dark != old.dark || key.plain != old.plain || key.theme != old.theme
		if restyled && m.list.back == nil {
			sel := m.list.sel
			m.list = m.buildList(m.screen)
			m.list.sel = min(sel, max(0, len(m.list.items)-1))
		}
		m.list.fit(m.bodyWidth(), m.bodyHeight())
	}
	if m.tooSmall() {
		return
	}
	p := m.pages[m.step]
	nw := m.narrativeWidth() // a gutter for the focus bar and a space
	lines := m.narrativeLines(p.Narrative, nw)
	// A short narrative takes only the rows it needs; the panes get the rest. The presentation
	// layout gives each the whole body in turn.
	narrH := min(m.narrativeRows(), max(3, len(lines)))
	switch {
	case !m.showsPanes():
		narrH = m.bodyHeight()
	case !m.showsNarrative():
		narrH = 0
	}
	m.narr.set(lines, narrH, sameStep)

	paneH := m.bodyHeight() - narrH
	// Side by side where the terminal is wide; but the presentation layout shows each pane whole, so
	// when one would not fit beside the others it shows them as tabs at the full width.
	m.side = m.wide()
	if m.side && m.present && m.presentPanes {
		for i, w := range m.paneWidths() {
			if len(m.sharedPaneLines(i, w-4)) > paneH-2 {
				m.side = false
			}
		}
	}
	for i := range m.panes {
		w, frame := m.width-4, 3 // tabs: the tab bar and the box's edges
		if m.side {
			w, frame = m.paneWidths()[i]-4, 2
		}
		m.panes[i].set(m.sharedPaneLines(i, w), paneH-frame, sameStep)
		if !sameStep {
			m.panes[i].showNew()
		}
	}
}

// showNew scrolls a pane that was just filled for a new step so that the first item new at this
// step is in view, under its party's name where that fits; a pane whose new items are in view
// already stays at the top.
func (s *scroller) showNew() {
	first := -1
	for i, l := range s.lines {
		if strings.HasPrefix(ansi.Strip(l), "+ ") {
			first = i
			break
		}
	}
	if first+1 < s.h || s.h <= 0 {
		return
	}
	top := first
	// The party's name: the nearest line above that is not indented.
	for i := first - 1; i >= 0 && first-i < s.h/2; i-- {
		if l := ansi.Strip(s.lines[i]); l != "" && !strings.HasPrefix(l, " ") && !strings.HasPrefix(l, "+") {
			top = i
			break
		}
	}
	s.off = 0
	s.scroll(top)
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
