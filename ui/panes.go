package ui

import (
	"regexp"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/charmbracelet/x/ansi"

	"github.com/cyberid/cyberid/lesson"
	"github.com/cyberid/cyberid/words"
)

// render adapts a style to the func(string) string that wrap takes.
func render(st lipgloss.Style) func(string) string {
	return func(s string) string { return st.Render(s) }
}

// wrap breaks plain text to width and styles each line, indenting continuation lines.
func wrap(text string, width int, indent string, style func(string) string) []string {
	if width-ansi.StringWidth(indent) < 2 {
		indent = "" // no room to indent (a Chinese character needs two cells): the width matters more
		width = max(1, width)
	}
	// ansi.Wrap can leave a line too wide when a two-cell character meets a tiny width: hard-wrap those.
	lines := fitLines(strings.Split(ansi.Wrap(text, width-ansi.StringWidth(indent), " "), "\n"), width-ansi.StringWidth(indent))
	out := make([]string, len(lines))
	for i, l := range lines {
		prefix := ""
		if i > 0 {
			prefix = indent
		}
		out[i] = prefix + style(l)
	}
	return out
}

// tagPattern finds the parts of a pane line that carry meaning of their own: citation markers and
// the illustrative and assumed labels.
var tagPattern = regexp.MustCompile(lesson.MarkPattern.String() + `|\((?:illustrative|assumed)\)`)

// wrapTagged wraps text that ends in markers and labels, so that they wrap with the words instead of
// overflowing, and styles them apart from the text around them.
func (m *Model) wrapTagged(text string, width int, indent string, base lipgloss.Style) []string {
	return wrap(text, width, indent, func(line string) string {
		var b strings.Builder
		last := 0
		for _, loc := range tagPattern.FindAllStringIndex(line, -1) {
			b.WriteString(base.Render(line[last:loc[0]]))
			tag := line[loc[0]:loc[1]]
			if tag[0] == '[' {
				b.WriteString(m.st.Mark.Render(tag))
			} else {
				b.WriteString(m.st.Illustrative.Render(tag))
			}
			last = loc[1]
		}
		b.WriteString(base.Render(line[last:]))
		return b.String()
	})
}

// paneLines renders pane i (platform, centre, risks) for the current page at an inner width.
func (m *Model) paneLines(i, width int) []string {
	width = max(1, width)
	p := m.pages[m.step]
	var lines []string
	switch i {
	case 0:
		lines = m.groupLines(p.Platform, width)
		lines = append(lines, m.assumptionLines(p, width)...)
	case 1:
		lines = m.groupLines(p.Centre, width)
	case 2:
		lines = m.riskLines(p, width)
	}
	return padLines(fitLines(lines, width), width)
}

// padLines pads every line with spaces to exactly width cells, once, so that a frame can put the
// pane's right edge after it without measuring the line again.
func padLines(lines []string, width int) []string {
	for i, l := range lines {
		if w := ansi.StringWidth(l); w < width {
			lines[i] = l + strings.Repeat(" ", width-w)
		}
	}
	return lines
}

func (m *Model) groupLines(groups []lesson.Group, width int) []string {
	var out []string
	for gi, g := range groups {
		if gi > 0 {
			out = append(out, "")
		}
		out = append(out, m.st.Group.Render(ansi.Truncate(g.Title, width, "…")))
		if len(g.Entries) == 0 {
			out = append(out, m.st.Dim.Render("  nothing yet"))
			continue
		}
		for _, e := range g.Entries {
			out = append(out, m.entryLines(e, width)...)
		}
	}
	return out
}

// entryLines: the item with its marks, then its illustrative sample value. New items carry a "+"
// and sourced ones a marker, so the difference survives without colour.
func (m *Model) entryLines(e lesson.Entry, width int) []string {
	lead, style := "  ", m.st.Item
	if e.New {
		lead, style = "+ ", m.st.ItemNew
	}
	out := m.wrapTagged(e.Tagged(), width-2, "  ", style)
	out[0] = style.Render(lead) + out[0]
	for i := 1; i < len(out); i++ {
		out[i] = "  " + out[i]
	}
	if e.Value != "" {
		for _, l := range wrap("illustrative: "+e.Value, width-4, "", render(m.st.Illustrative)) {
			out = append(out, "    "+l)
		}
	}
	return out
}

// assumptionLines says what the panes show of the open question (what a platform receives at login)
// and who could link the two accounts, each link labelled "(assumed)" where it rests on an assumption.
func (m *Model) assumptionLines(p lesson.Page, width int) []string {
	var out []string
	if p.IdentifierNote != "" {
		out = append(out, "")
		out = append(out, wrap(p.IdentifierNote+" (w: what if)", width, "", render(m.st.Illustrative))...)
	}
	if len(p.Links) > 0 {
		out = append(out, "", m.st.Bold.Render(words.LinksTitle))
		for _, l := range p.Links {
			out = append(out, m.wrapTagged("• "+lesson.LinkText(l), width, "  ", lipgloss.NewStyle())...)
		}
	}
	return out
}

func (m *Model) riskLines(p lesson.Page, width int) []string {
	var out []string
	for i, r := range p.Risks {
		if i > 0 {
			out = append(out, "")
		}
		out = append(out, m.wrapTagged(words.RiskLabel+r.Concern+" "+lesson.MarkText(r.ConcernMarks), width, "  ", m.st.Concern)...)
		out = append(out, m.wrapTagged(words.OtherSideLabel+r.Safeguard+" "+lesson.MarkText(r.SafeguardMarks), width, "  ", m.st.Safeguard)...)
	}
	for _, d := range p.Disputes {
		out = append(out, "")
		out = append(out, wrap("⚠ "+words.SourcesDisagree+": "+d.Title+" (d to compare)", width, "  ", render(m.st.Dispute))...)
	}
	if len(out) == 0 {
		out = append(out, m.st.Dim.Render(words.NoNewRisk))
	}
	return out
}
