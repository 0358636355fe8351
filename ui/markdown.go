package ui

import (
	"regexp"
	"strings"

	"charm.land/glamour/v2"
	"github.com/charmbracelet/x/ansi"
)

// mdKey identifies one rendering of a narrative: rendering costs milliseconds, so each is done once.
type mdKey struct {
	step, width int
	dark, hc    bool
}

// mdCache renders narratives with glamour on demand and keeps the results. A model owns its cache,
// and bubbletea calls Update from one goroutine, so no lock is needed.
type mdCache struct {
	renderers map[mdKey]*glamour.TermRenderer
	out       map[mdKey][]string
	pending   map[mdKey]bool // asked of a pre-rendering command (ui/prerender.go), not back yet
	shared    *Shared        // renderings shared with other models (Options.Shared), or nil
}

func newMDCache() *mdCache {
	return &mdCache{renderers: map[mdKey]*glamour.TermRenderer{}, out: map[mdKey][]string{}}
}

// lines returns the narrative rendered at width as lines no wider than width.
func (c *mdCache) lines(step int, md string, width int, dark, highContrast bool) []string {
	k := mdKey{step: step, width: width, dark: dark, hc: highContrast}
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
	c.out[k] = c.render(k, md, func() []string { return renderMarkdown(c.renderer(k), md, width) })
	return c.out[k]
}

func (c *mdCache) renderer(k mdKey) *glamour.TermRenderer {
	rk := mdKey{width: k.width, dark: k.dark, hc: k.hc}
	if r, ok := c.renderers[rk]; ok {
		return r
	}
	for old := range c.renderers {
		if old.width != k.width {
			delete(c.renderers, old)
		}
	}
	r, err := glamour.NewTermRenderer(glamour.WithStyles(GlamourStyle(k.dark, k.hc)), glamour.WithWordWrap(k.width))
	if err != nil {
		return nil
	}
	c.renderers[rk] = r
	return r
}

// renderMarkdown renders and then enforces the width, so that no rendering quirk can overflow a pane.
func renderMarkdown(r *glamour.TermRenderer, md string, width int) []string {
	out := md
	if r != nil {
		if s, err := r.Render(md); err == nil {
			out = s
		}
	}
	out = strings.Trim(out, "\n")
	lines := strings.Split(out, "\n")
	// Trim the blank padding lines glamour puts around the document.
	for len(lines) > 0 && strings.TrimSpace(ansi.Strip(lines[0])) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(ansi.Strip(lines[len(lines)-1])) == "" {
		lines = lines[:len(lines)-1]
	}
	for i, l := range lines {
		lines[i] = trimStyledPadding(l)
	}
	return fitLines(lines, width)
}

// styledPadding matches the spaces glamour pads every line with, each wrapped in its own colour
// codes. They are half the bytes of a frame and show nothing, yet every frame has to be parsed and
// diffed with them (once per SSH session), so they go.
var styledPadding = regexp.MustCompile(`(?:\x1b\[[0-9;]*m)*(?: (?:\x1b\[[0-9;]*m)*)+$`)

func trimStyledPadding(line string) string {
	if !strings.HasSuffix(line, " ") && !strings.HasSuffix(line, "m") {
		return line
	}
	return styledPadding.ReplaceAllString(line, "\x1b[m")
}

// fitLines wraps any line wider than width (glamour can leave long unbreakable words) and returns
// lines that are each at most width cells.
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
