package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/cyberid/cyberid/termmd"
)

// mdKey identifies one rendering of a narrative. Rendering is cheap (termmd, tens of microseconds),
// but a frame is drawn on every key, so each rendering is kept and reused.
type mdKey struct {
	step, width     int
	dark, hc, plain bool
}

// mdCache keeps the narratives rendered for the current width. A model owns its cache, and
// bubbletea calls Update from one goroutine, so no lock is needed.
type mdCache struct {
	out    map[mdKey][]string
	shared *Shared // renderings shared with other models (Options.Shared), or nil
}

func newMDCache() *mdCache { return &mdCache{out: map[mdKey][]string{}} }

// lines returns the narrative rendered at width as lines no wider than width.
func (c *mdCache) lines(step int, md string, width int, st *Styles) []string {
	k := mdKey{step: step, width: width, dark: st.dark, hc: st.highContrast, plain: st.plain}
	if l, ok := c.out[k]; ok {
		return l
	}
	// Drop renderings for other widths: after a resize they will not be asked for again soon, and the
	// cache must stay small over a long session of resizes.
	for old := range c.out {
		if old.width != width {
			delete(c.out, old)
		}
	}
	c.out[k] = c.shared.narrative(md, k, func() []string {
		return termmd.Render(md, width, st.Narrative)
	})
	return c.out[k]
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
