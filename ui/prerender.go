package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"
)

// Rendering a narrative with glamour costs a few milliseconds, which a user would feel on the first
// visit to each step. So after each message that leaves the model needing it, Update returns a
// command that renders the steps next to the current one on another goroutine; the result comes back
// as an mdRenderedMsg and is stored in Update. Start-up waits only for the first step.

// prerenderDelay is how long the background rendering waits, a couple of frames at 120 per second.
const prerenderDelay = 20 * time.Millisecond

// mdRenderedMsg carries narratives rendered off the Update goroutine.
type mdRenderedMsg struct {
	out map[mdKey][]string
}

// narrativeWidth is the width the narrative is rendered at.
func (m *Model) narrativeWidth() int { return min(m.width-2, maxNarrativeWidth) }

// prerender returns a command rendering the narratives of the neighbouring steps at the current
// width and style, or nil when they are cached or already on their way.
func (m *Model) prerender() tea.Cmd {
	if m.width == 0 || m.height == 0 || m.tooSmall() {
		return nil
	}
	width, dark, hc := m.narrativeWidth(), m.st.dark, m.st.highContrast
	if m.md.pending == nil {
		m.md.pending = map[mdKey]bool{}
	}
	for k := range m.md.pending {
		if k.width != width { // a resize since: its result will be dropped, so forget it
			delete(m.md.pending, k)
		}
	}
	var keys []mdKey
	var mds []string
	for _, s := range []int{m.step + 1, m.step - 1} {
		k := mdKey{step: s, width: width, dark: dark, hc: hc}
		if s < 0 || s >= len(m.pages) || m.md.pending[k] {
			continue
		}
		if _, ok := m.md.out[k]; ok {
			continue
		}
		if l, ok := m.md.shared.ready(m.pages[s].Narrative, k); ok { // another session rendered it
			m.md.out[k] = l
			continue
		}
		m.md.pending[k] = true
		keys = append(keys, k)
		mds = append(mds, m.pages[s].Narrative)
	}
	if len(keys) == 0 {
		return nil
	}
	style := GlamourStyle(dark, hc) // built here: the command only reads it
	shared := m.md.shared
	return func() tea.Msg {
		// Let the frame this message produced reach the screen first: on a small machine, rendering
		// now would compete with it for the CPU and the key would feel slower.
		time.Sleep(prerenderDelay)
		// A renderer of its own: glamour's renderers are not safe for concurrent use.
		r, err := glamour.NewTermRenderer(glamour.WithStyles(style), glamour.WithWordWrap(width))
		if err != nil {
			r = nil
		}
		out := make(map[mdKey][]string, len(keys))
		for i, k := range keys {
			out[k] = shared.narrative(mds[i], k.width, k.dark, k.hc, func() []string { return renderMarkdown(r, mds[i], k.width) })
		}
		return mdRenderedMsg{out: out}
	}
}

// store keeps pre-rendered narratives that still match the current width and style; the others
// arrived too late to be of use.
func (c *mdCache) store(msg mdRenderedMsg, width int, dark, hc bool) {
	for k, lines := range msg.out {
		delete(c.pending, k)
		if k.width != width || k.dark != dark || k.hc != hc {
			continue
		}
		if _, ok := c.out[k]; !ok {
			c.out[k] = lines
		}
	}
}
