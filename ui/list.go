package ui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"

	"github.com/charmbracelet/x/ansi"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/lesson"
	"github.com/cyberid/cyberid/words"
)

// listItem is one entry of a list screen: a block of text that wraps to the width.
type listItem struct {
	// text returns the entry's lines at a width (without the selection bar).
	text func(width int) []string
	step int          // enter jumps to this step; -1: nowhere
	open func(*Model) // enter runs this instead, when set
	head bool         // a heading: not selectable
	// enter says what enter does on this entry ("open" when empty); the title line and the footer
	// offer it only on entries where enter does something.
	enter string
}

// listScreen is the shared shape of the contents, citations, sources, disagreements, glossary and
// timeline screens: a title, an intro and a list of wrapped entries with a selection.
type listScreen struct {
	title string
	intro func(width int) []string
	items []listItem
	sel   int
	// back, when set, is where esc goes: the list this one was opened from (a source's quotes go
	// back to the sources). Without it, esc goes back to the walkthrough.
	back func(*Model)

	lines  []string // rendered at the last fit
	starts []int    // first line of each item
	off    int
	h      int
}

// fit renders the entries at a width; it runs when the screen opens or the size changes.
func (l *listScreen) fit(width, height int) {
	l.lines, l.starts = nil, nil
	w := max(1, width-2)
	if l.intro != nil {
		l.lines = append(l.lines, l.intro(w)...)
		l.lines = append(l.lines, "")
	}
	for _, it := range l.items {
		l.starts = append(l.starts, len(l.lines))
		l.lines = append(l.lines, it.text(w)...)
		if !it.head {
			l.lines = append(l.lines, "")
		}
	}
	l.h = max(1, height-1)
	if l.sel >= len(l.items) || l.items[l.sel].head {
		l.move(1)
	}
	l.reveal()
}

// enterHelp says what enter does on the selected entry, or "" when it does nothing there.
func (l *listScreen) enterHelp() string {
	it, ok := l.current()
	switch {
	case !ok || it.head:
		return ""
	case it.enter != "":
		return it.enter
	case it.open != nil:
		return "open"
	case it.step >= 0:
		return "go to step " + strconv.Itoa(it.step+1)
	}
	return ""
}

func (l *listScreen) current() (listItem, bool) {
	if l.sel < 0 || l.sel >= len(l.items) {
		return listItem{}, false
	}
	return l.items[l.sel], true
}

// move changes the selection by n selectable entries.
func (l *listScreen) move(n int) {
	if len(l.items) == 0 {
		return
	}
	dir := 1
	if n < 0 {
		dir, n = -1, -n
	}
	for ; n > 0; n-- {
		next := l.sel + dir
		for next >= 0 && next < len(l.items) && l.items[next].head {
			next += dir
		}
		if next < 0 || next >= len(l.items) {
			break
		}
		l.sel = next
	}
	if l.sel < len(l.items) && l.items[l.sel].head {
		// Only headings before: find the first real entry.
		for i := range l.items {
			if !l.items[i].head {
				l.sel = i
				break
			}
		}
	}
	l.reveal()
}

// selectionOnTop scrolls the selected entry to the top of the list, as far as the list goes.
func (l *listScreen) selectionOnTop() {
	if l.sel < len(l.starts) && l.sel > 0 {
		l.off = clamp(l.starts[l.sel], 0, max(0, len(l.lines)-l.h))
	}
}

// reveal scrolls so that the selected entry is on screen.
func (l *listScreen) reveal() {
	if l.sel >= len(l.starts) {
		return
	}
	start := l.starts[l.sel]
	end := len(l.lines)
	if l.sel+1 < len(l.starts) {
		end = l.starts[l.sel+1]
	}
	if l.sel == 0 || (l.sel > 0 && l.items[l.sel-1].head && l.sel == 1) {
		start = 0
	}
	if end-l.off > l.h {
		l.off = end - l.h
	}
	if start < l.off {
		l.off = start
	}
	l.off = clamp(l.off, 0, max(0, len(l.lines)-l.h))
}

func (l *listScreen) view(m *Model, width, height int) []string {
	// The keys after the title, as many whole ones as fit (the footer has them all).
	hint := ""
	room := width - ansi.StringWidth(l.title)
	for _, k := range []string{"  esc back", " · ↑↓ move", " · enter " + l.enterHelp()} {
		if strings.HasSuffix(k, "enter ") || ansi.StringWidth(hint+k) > room {
			break
		}
		hint += k
	}
	out := []string{m.st.Title.Render(ansi.Truncate(l.title, width, "…")) + m.st.Dim.Render(hint)}
	selStart, selEnd := -1, -1
	if l.sel < len(l.starts) && !l.items[l.sel].head {
		selStart = l.starts[l.sel]
		selEnd = len(l.lines)
		if l.sel+1 < len(l.starts) {
			selEnd = l.starts[l.sel+1] - 1
		}
	}
	for i := l.off; i < len(l.lines) && len(out) < height; i++ {
		bar := "  "
		if i >= selStart && i < selEnd {
			bar = m.st.Selected.Render("▌ ")
		}
		out = append(out, bar+l.lines[i])
	}
	for len(out) < height {
		out = append(out, "")
	}
	return out
}

// buildList makes the list for a screen from the current page and the walkthrough.
func (m *Model) buildList(s screen) listScreen {
	switch s {
	case screenTOC:
		return m.tocList()
	case screenCite:
		return m.citeList()
	case screenHelp:
		return m.helpList()
	case screenSources:
		return m.sourcesList()
	case screenDisputes:
		return m.disputesList()
	case screenGlossary:
		return m.glossaryList()
	case screenTimeline:
		return m.timelineList()
	case screenScenarios:
		return m.scenariosList()
	case screenQuiz:
		return m.quizList()
	case screenSearch:
		return m.searchList()
	case screenEnd:
		return m.endingList()
	case screenNotes:
		return m.notesList()
	case screenClassPick:
		return m.classPickList()
	}
	return listScreen{}
}

// textItem is a list entry made of wrapped paragraphs, each with its own style.
func (m *Model) para(text string, style func(string) string, indent string) func(int) []string {
	return func(w int) []string { return wrap(text, w, indent, style) }
}

func join(fns ...func(int) []string) func(int) []string {
	return func(w int) []string {
		var out []string
		for _, f := range fns {
			out = append(out, f(w)...)
		}
		return out
	}
}

func (m *Model) tocList() listScreen {
	l := listScreen{title: words.Contents}
	chapter := ""
	for i, p := range m.pages {
		if p.Step.Chapter != chapter {
			chapter = p.Step.Chapter
			l.items = append(l.items, listItem{head: true, step: -1,
				text: m.para(m.tocChapterTitle(chapter), render(m.st.Chapter), "")})
		}
		mark := "  "
		switch {
		case i == m.step:
			mark = "▶ "
		case m.visited[i]:
			mark = "✓ "
		}
		text := fmt.Sprintf("%s%2d. %s", mark, i+1, p.Step.Title)
		l.items = append(l.items, listItem{step: i, text: m.para(text, render(m.st.Item), "      ")})
		if i == m.step {
			l.sel = len(l.items) - 1
		}
		l.items = m.appendTocQuiz(l.items, chapter, i)
	}
	if len(m.w.Scenarios) > 0 {
		l.items = append(l.items,
			listItem{head: true, step: -1, text: m.para(words.WhatIf, render(m.st.Chapter), "")},
			listItem{step: -1, text: m.para("    Scenarios: breach, insider, mandatory use, which identifier platforms see (w)",
				render(m.st.Item), "      "), open: func(m *Model) { m.toggle(screenScenarios) }})
	}
	l.intro = m.tocIntro()
	return l
}

// citeLines are the lines of one citation: the quote under its number (and our translation), then
// where it comes from.
func (m *Model) citeLines(c lesson.Cited, tier string) func(int) []string {
	s := c.Source
	return join(
		m.quoteLines(c, "    "),
		m.para("— "+s.Outlet+", “"+s.Headline+"”, "+s.DateText(), render(m.st.Dim), "    "),
		m.para(s.URL, render(m.st.Mark), "    "),
		m.copyLines(s, "    "),
		m.para(tier, render(m.st.Illustrative), "    "),
	)
}

// quoteLines are a quote as every screen shows it: its number, its exact words in quotation marks,
// and, for a quote not in English, our translation on a line of its own, labelled as ours and
// styled apart, never in quotation marks.
func (m *Model) quoteLines(c lesson.Cited, indent string) func(int) []string {
	// A no-break space keeps the number with the quote's first word, or with the first characters
	// of a Chinese quote, which has no spaces to wrap at: "[55]" alone on a line reads as lost.
	// It wraps as part of a word and shown as a plain space.
	item := func(l string) string { return m.st.Item.Render(strings.ReplaceAll(l, "\u00a0", " ")) }
	lines := []func(int) []string{m.para(fmt.Sprintf("[%d]\u00a0“%s”", c.N, c.Quote.Text), item, indent)}
	if c.Quote.Translation != "" {
		lines = append(lines, m.para(c.Quote.TranslationText(), render(m.st.Illustrative), indent))
	}
	return join(lines...)
}

// copyLines say, for a source read on a copy, that it is one and where its original is; nothing for a
// source read at its publisher.
func (m *Model) copyLines(s content.Source, indent string) func(int) []string {
	if !s.IsCopy() {
		return func(int) []string { return nil }
	}
	return m.para(s.CopyText(), render(m.st.Illustrative), indent)
}

func (m *Model) citeList() listScreen {
	p := m.pages[m.step]
	l := listScreen{title: fmt.Sprintf("%s · step %d: %s", words.Citations, m.step+1, p.Step.Title)}
	l.intro = m.para("Every citation on this step, under the number it has on every step and handout, with "+
		"the exact words of its source. [3–5] stands for [3], [4] and [5].", render(m.st.Dim), "")
	for _, c := range p.Citations {
		s := c.Source
		tier := tierLabel(s.Tier, s.Confidence)
		if s.Upstream != "" {
			tier += " · " + s.Upstream
		}
		for _, one := range m.w.SingleSource {
			if one.Quote == c.Quote.ID {
				tier += " · ◇ rests on this source only: " + one.Note
			}
		}
		src := c.Source
		l.items = append(l.items, listItem{step: -1, enter: "quotes from this source",
			open: func(m *Model) { m.openQuotesOf(src) }, text: m.citeLines(c, tier)})
	}
	return l
}

func tierLabel(tier content.Tier, confidence string) string {
	if string(tier) == "second" {
		return "Second-tier source (beyond the five articles), confidence: " + confidence
	}
	return "One of the five news articles this app is built from"
}

func (m *Model) helpList() listScreen {
	l := listScreen{title: words.Help}
	l.intro = func(w int) []string { return m.keyTable(w) }
	legend := []string{
		"[2]  a citation: press c to read the exact quote and its source. A quote keeps its number on every step " +
			"and handout; [3–5] is a range, [1,4] a list.",
		"(our translation, not a quote: …)  our English rendering of a Chinese quote: not the source's words.",
		"Read on a copy: …  the source was read on a mirror or reprint; then comes the original's address, " +
			"or \"Original not found\".",
		"+    new at this step (also shown bold).",
		"(illustrative)  not from the sources: a sample value or a made-up detail, shown dim.",
		"(assumed)  rests on an assumption, not on the sources: which identifier platforms see (the sources do not settle it), or a what-if's premise.",
		"⚠    the sources disagree here: press d to compare them.",
		"◇    a claim that rests on one source only (listed at the end of the sources screen, s).",
		"Second-tier source: an official text or other reporting, used only where the five articles fall short.",
		"Quoted opinion (an outlet's framing) is shown as that outlet's view, not as fact.",
	}
	for _, t := range legend {
		l.items = append(l.items, listItem{step: -1, text: m.para(t, render(m.st.Item), "     ")})
	}
	return l
}

// keyTable lists every enabled binding in as many columns as fit the width, column by column, so
// that no key is ever cut off (bubbles' full help drops the columns that do not fit).
func (m *Model) keyTable(width int) []string {
	var binds []key.Binding
	for _, group := range m.keys.FullHelp() {
		for _, b := range group {
			if b.Enabled() {
				binds = append(binds, b)
			}
		}
	}
	keyW, descW := 0, 0
	for _, b := range binds {
		keyW = max(keyW, ansi.StringWidth(b.Help().Key))
		descW = max(descW, ansi.StringWidth(b.Help().Desc))
	}
	colW := keyW + 1 + descW + 3
	cols := max(1, min(4, (width+3)/colW))
	rows := (len(binds) + cols - 1) / cols
	out := make([]string, rows)
	for i, b := range binds {
		r, c := i%rows, i/rows
		cell := m.st.Help.FullKey.Render(padRight(b.Help().Key, keyW)) + " " + m.st.Help.FullDesc.Render(b.Help().Desc)
		if c > 0 {
			out[r] += strings.Repeat(" ", max(0, c*colW-ansi.StringWidth(out[r])))
		}
		out[r] += cell
	}
	return fitLines(out, width)
}

func padRight(s string, w int) string { return s + strings.Repeat(" ", max(0, w-ansi.StringWidth(s))) }
