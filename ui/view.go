package ui

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cyberid/cyberid/flow"
	"github.com/cyberid/cyberid/words"
)

// View assembles the frame from parts made in layout; it renders no Markdown.
func (m *Model) View() tea.View {
	v := tea.NewView(m.Frame())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = m.windowTitle()
	return v
}

// Frame is the screen as text: what View shows, and what the golden tests compare.
func (m *Model) Frame() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if m.tooSmall() {
		return m.tooSmallView()
	}
	return m.fit(m.rows())
}

// rows are the frame's lines as the layout made them, before fit's last guard; the tests measure
// these, so that a layout that relies on the guard (and loses a border to it) is caught.
func (m *Model) rows() []string {
	rows := make([]string, 0, m.height)
	rows = append(rows, m.header())
	rows = append(rows, m.diagram()...)
	if body := m.classBody(); body != nil {
		rows = append(rows, body...) // the class question or the welcome (ui/follow.go)
	} else if m.screen == screenWalk {
		rows = append(rows, m.walkBody()...)
	} else {
		rows = append(rows, m.list.view(m, m.bodyWidth(), m.bodyHeight())...)
	}
	rows = append(rows, m.footer())
	return rows
}

// fit makes the frame exactly the terminal's size: the last guard that no line is ever wider than it.
func (m *Model) fit(rows []string) string {
	if len(rows) > m.height {
		rows = rows[:m.height]
	}
	for len(rows) < m.height {
		rows = append(rows, "")
	}
	for i, r := range rows {
		if !surelyFits(r, m.width) && ansi.StringWidth(r) > m.width {
			rows[i] = ansi.Truncate(r, m.width, "")
		}
	}
	return strings.Join(rows, "\n")
}

// surelyFits is a cheap check that a styled line is at most width cells: it counts each character
// outside escape sequences as two cells unless it is ASCII or one of the narrow symbols the frame
// is drawn with (punctuation, arrows, box drawing), so it never says yes wrongly. Measuring every
// line exactly took half the time of drawing a frame.
func surelyFits(s string, width int) bool {
	cells := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == 0x1b: // CSI: ESC [, parameter bytes, a final byte; anything else is not vouched for
			if i+1 < len(s) && s[i+1] == '[' {
				j := i + 2
				for j < len(s) && s[j] >= 0x20 && s[j] <= 0x3f {
					j++
				}
				if j < len(s) && s[j] >= 0x40 && s[j] <= 0x7e {
					i = j + 1
					continue
				}
			}
			return false
		case c < 0x80:
			cells++
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r >= 0x2000 && r <= 0x206f || r >= 0x2190 && r <= 0x21ff || r >= 0x2500 && r <= 0x259f {
				cells++
			} else {
				cells += 2
			}
			i += size
		}
		if cells > width {
			return false
		}
	}
	return true
}

func (m *Model) tooSmallView() string {
	msg := fmt.Sprintf("terminal too small (needs %d×%d, this is %d×%d) · q quit", MinWidth, MinHeight, m.width, m.height)
	// Wrapped between words: a size such as "60×20" stays whole (only a word wider than the terminal
	// is broken).
	lines := strings.Split(ansi.Wrap(msg, m.width, ""), "\n")
	return m.fit(lines)
}

// header: chapter and step title on the left, "Step n of N" on the right.
func (m *Model) header() string {
	p := m.pages[m.step]
	right := m.progressBar() + " " + words.StepOf(m.step+1, len(m.pages))
	left := m.st.Chapter.Render(p.Step.Chapter) + m.st.Dim.Render(" › ") + m.st.Title.Render(p.Step.Title)
	// A teacher's own content says so, while the title keeps room to be read.
	if label := m.opts.ContentLabel; label != "" {
		tag := words.ContentShown(label) + " · "
		if m.width-ansi.StringWidth(right)-ansi.StringWidth(tag) >= minTitleRoom {
			right = m.st.Dim.Render(tag) + right
		}
	}
	room := m.width - ansi.StringWidth(right)
	left = ansi.Truncate(left, max(0, room-1), "…")
	gap := max(1, room-ansi.StringWidth(left))
	return left + strings.Repeat(" ", gap) + m.st.Counter.Render(right)
}

// diagramParties are the parties on the diagram line, in order.
var diagramParties = []flow.Party{flow.Person, flow.App, flow.Centre, flow.PlatformA, flow.PlatformB}

func diagramLabel(p flow.Party, long bool) string {
	if !long {
		return flow.PartyShort(p)
	}
	return flow.PartyTag(p)
}

// diagram draws the parties with the ones this step's message joins highlighted, and the message.
func (m *Model) diagram() []string {
	msg := m.pages[m.step].Step.Message
	long := m.width >= 100
	parties := diagramParties
	// A party outside the usual five (the attacker of a breach) joins the line when the message
	// involves it, so the arrow below never names someone the line does not show.
	for _, p := range []string{msg.From, msg.To} {
		if p != "" && !slices.Contains(parties, flow.Party(p)) {
			parties = append(slices.Clip(parties), flow.Party(p))
		}
	}
	var b strings.Builder
	for i, p := range parties {
		if i > 0 {
			b.WriteString(m.st.Dim.Render(" ── "))
		}
		label := "[" + diagramLabel(p, long) + "]"
		if string(p) == msg.From || string(p) == msg.To {
			b.WriteString(m.st.PartyActive.Render(label))
		} else {
			b.WriteString(m.st.Party.Render(label))
		}
	}
	line2 := ""
	if msg.From != "" && msg.To != "" {
		line2 = m.st.Arrow.Render("▶ "+flow.PartyShort(flow.Party(msg.From))+" → "+flow.PartyShort(flow.Party(msg.To))) +
			"  " + msg.Label
	} else if msg.Label != "" {
		line2 = m.st.Arrow.Render("▶ ") + msg.Label
	} else {
		line2 = m.st.Dim.Render("  " + words.NoDataMoves)
	}
	return []string{ansi.Truncate(b.String(), m.width, "…"), ansi.Truncate(line2, m.width, "…")}
}

// minTitleRoom is the narrowest the header leaves the step's title for the content's label.
const minTitleRoom = 30

// walkBody is the notice, the narrative and the three panes, side by side or as tabs.
func (m *Model) walkBody() []string {
	rows := append([]string{}, m.noticeLines...)
	bar := " "
	if m.focus == focusNarrative {
		bar = m.st.Selected.Render("▌")
	}
	above, below := m.narr.more()
	view := m.narr.view()
	for i, l := range view {
		mark := bar
		switch {
		case i == len(view)-1 && below:
			// A cut narrative says how much is left, on the row of its last line: scrolling down
			// one line shows that line, so nothing is ever out of reach.
			left := len(m.narr.lines) - (m.narr.off + len(view) - 1)
			hint := words.MoreLines(left)
			if m.focus == focusNarrative {
				hint += " · ↓ scrolls"
			}
			if !m.present {
				hint += " · v presentation layout"
			}
			rows = append(rows, m.st.Dim.Render(ansi.Truncate(hint, m.width, "…")))
			continue
		case i == 0 && above:
			mark = m.st.Dim.Render("↑")
		case m.narr.off+i >= len(m.narr.lines):
			mark = " "
		}
		rows = append(rows, mark+" "+l)
	}
	if !m.showsPanes() {
		return rows
	}
	if m.sideBySide() {
		cols := make([][]string, 3)
		for i, w := range m.paneWidths() {
			cols[i] = m.box(PaneTitles[i], m.panes[i].view(), w, m.focus == i+1, &m.panes[i])
		}
		for r := range cols[0] {
			rows = append(rows, cols[0][r]+cols[1][r]+cols[2][r])
		}
		return rows
	}
	// Tabs: the focused pane is shown; with the narrative focused, the last pane shown stays.
	shown := m.shownTab()
	rows = append(rows, m.tabBar(shown))
	rows = append(rows, m.box(PaneTitles[shown], m.panes[shown].view(), m.width, m.focus == shown+1, &m.panes[shown])...)
	return rows
}

func (m *Model) shownTab() int {
	if m.focus > focusNarrative {
		return m.focus - 1
	}
	return m.lastTab
}

// tabBar names the three panes; titles shorten when the terminal is narrow.
func (m *Model) tabBar(active int) string {
	names := PaneTitles
	total := 0
	for _, n := range names {
		total += ansi.StringWidth(n) + 5
	}
	if total > m.width {
		names = words.PaneTabs
	}
	var parts []string
	for i, n := range names {
		label := fmt.Sprintf("%d %s", i+1, n)
		if i == active {
			parts = append(parts, m.st.TabActive.Render(label))
		} else {
			parts = append(parts, m.st.Tab.Render(label))
		}
	}
	return ansi.Truncate(" "+strings.Join(parts, m.st.Dim.Render(" │ "))+m.st.Dim.Render("  tab ⇥"), m.width, "…")
}
