package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/cyberid/cyberid/termmd"
)

// mdKey identifies one rendering of a narrative: rendering takes about 0.2 ms, and a frame is drawn
// on every key, so each rendering is kept (in the model's Shared) and reused.
type mdKey struct {
	step, width     int
	dark, hc, plain bool
}

// mdCache renders the narratives through the model's Shared.
type mdCache struct {
	shared *Shared // the server's, or the model's own (New)
}

func newMDCache() *mdCache { return &mdCache{} }

// lines returns the narrative rendered at width as lines no wider than width.
func (c *mdCache) lines(step int, md string, width int, st *Styles) []string {
	k := mdKey{step: step, width: width, dark: st.dark, hc: st.highContrast, plain: st.plain}
	return c.shared.narrative(md, k, func() []string { return termmd.Render(md, width, st.Narrative) })
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
