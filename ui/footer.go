package ui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
)

// The footer is bubbles' short help: the few keys that matter where the reader is, most important
// first, then "? help • q quit", which stay at every size (the keys before them give way first).

func (m *Model) footer() string {
	sep := m.help.Styles.ShortSeparator.Inline(true).Render(m.help.ShortSeparator)
	tail := m.help.ShortHelpView(m.tailKeys())
	if m.contentProblem != "" {
		// The problem takes the footer, but the way out stays.
		quit := m.st.Dim.Render(" │ ") + tail
		room := max(1, m.width-ansi.StringWidth(quit))
		return m.st.Error.Render(ansi.Truncate(m.contentProblem, room, "…")) + quit
	}
	room := m.width - ansi.StringWidth(tail) - ansi.StringWidth(sep)
	status := ""
	if text := joinStatus(m.classStatus(), m.status); text != "" {
		bar := m.st.Dim.Render(" │ ")
		status = m.st.Selected.Render(ansi.Truncate(text, max(1, room-ansi.StringWidth(bar)), "…")) + bar
		room -= ansi.StringWidth(status)
	}
	keys := m.fitHelp(m.help.ShortHelpView(m.footerKeys()), room)
	if keys != "" {
		keys += sep
	}
	return ansi.Truncate(status+keys+tail, m.width, "")
}

// tailKeys end the footer on every screen: help and the way out. While a search is typed, letters
// are text, so the footer offers the keys that work there instead.
func (m *Model) tailKeys() []key.Binding {
	if m.screen == screenSearch && m.study.search.typing {
		return []key.Binding{
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close")),
			key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		}
	}
	return []key.Binding{m.keys.Help, m.keys.Quit}
}

// short is a binding as the footer names it: one key, a short description.
func short(b key.Binding, k, desc string) key.Binding {
	b.SetHelp(k, desc)
	return b
}

// footerKeys are the keys that matter most where the reader is, most important first; the footer
// shows as many as fit before "? help • q quit". Keys that do nothing here are not offered.
func (m *Model) footerKeys() []key.Binding {
	k := m.keys
	switch m.screen {
	case screenWalk:
	case screenSearch:
		if m.study.search.typing {
			return []key.Binding{short(k.Enter, "enter", "to the hits")}
		}
		return m.listKeys(short(k.Search, "/", "edit search"))
	case screenEnd:
		return m.listKeys(short(k.Prev, "←", "back to step "+strconv.Itoa(len(m.pages))))
	default:
		return m.listKeys()
	}
	// The class's keys first where they are on (bubbles leaves disabled bindings out).
	out := []key.Binding{k.Follow, k.Notes, k.Lock}
	next, prev := "next", "previous"
	switch {
	case m.present && !m.presentPanes:
		next = "panes"
	case m.step == len(m.pages)-1:
		next = "the end"
	}
	if m.present && m.presentPanes {
		prev = "narrative"
	}
	out = append(out, short(k.Next, "→", next))
	if m.step > 0 || (m.present && m.presentPanes) {
		out = append(out, short(k.Prev, "←", prev))
	}
	out = append(out, short(k.Cite, "c", "citations"), k.TOC)
	if k.Quiz.Enabled() {
		out = append(out, k.Quiz)
	}
	if !m.present || m.presentPanes {
		desc := "next pane"
		if !m.sideBySide() {
			desc = "next tab"
		}
		out = append(out, short(k.Focus, "tab", desc))
	}
	if len(m.pages[m.step].Disputes) > 0 {
		out = append(out, short(k.Disputes, "d", "compare sources"))
	}
	present := "presentation"
	if m.present {
		present = "usual layout"
	}
	out = append(out, short(k.Present, "v", present), short(k.Scenarios, "w", "what if"), k.Search)
	return out
}

// listKeys are the keys of a list screen: move, enter where the selected entry opens something
// (saying what), and back.
func (m *Model) listKeys(first ...key.Binding) []key.Binding {
	k := m.keys
	out := append([]key.Binding{}, first...)
	out = append(out, short(k.Down, "↑↓", "move"))
	if what := m.list.enterHelp(); what != "" {
		out = append(out, short(k.Enter, "enter", what))
	}
	back := "back"
	if m.list.back == nil {
		back = "back to the step"
	}
	return append(out, short(k.Back, "esc", back))
}

// fitHelp ends the help line after the last whole binding that fits in width, and adds bubbles' "…"
// where there is room for it. bubbles does this itself, except when the room left is narrower than
// the "…": then it adds the binding anyway, and the line overflows.
func (m *Model) fitHelp(h string, width int) string {
	if width <= 0 {
		return ""
	}
	if ansi.StringWidth(h) <= width {
		return h
	}
	cut := ansi.Truncate(h, width, "")
	sep := m.help.Styles.ShortSeparator.Inline(true).Render(m.help.ShortSeparator)
	// Cut at a binding's end: where the rest starts with a separator, or else at the last one.
	if rest := ansi.Strip(h)[len(ansi.Strip(cut)):]; !strings.HasPrefix(rest, m.help.ShortSeparator) {
		i := strings.LastIndex(cut, sep)
		if i <= 0 {
			return ""
		}
		cut = cut[:i]
	}
	if ellipsis := " " + m.help.Styles.Ellipsis.Inline(true).Render(m.help.Ellipsis); ansi.StringWidth(cut+ellipsis) <= width {
		cut += ellipsis
	}
	return cut
}
