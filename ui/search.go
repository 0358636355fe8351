package ui

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cyberid/cyberid/lesson"
	"github.com/cyberid/cyberid/words"
)

// searchState is the search screen: a query typed in its first line, then a list of hits. While
// typing, letters are text; enter moves to the hits, where n and p step through them.
type searchState struct {
	query  string
	typing bool
	hits   []Hit
	index  []searchDoc // built on the first search
	// indexFor is the pages the index was built from.
	indexFor *lesson.Page
}

// HitKind says where a hit is.
type HitKind int

const (
	HitStep HitKind = iota
	HitGlossary
	HitSource
)

// Hit is one place a word occurs: a part of a step, a glossary entry or a source.
type Hit struct {
	Kind    HitKind
	Step    int    // HitStep: the step index
	Focus   int    // HitStep: what to focus (focusNarrative, focusPlatform, …)
	Index   int    // HitGlossary, HitSource: the entry's index
	Where   string // e.g. "Step 4 · The face scan and approval · risks"
	Snippet string // the text around the first match
	Count   int    // matches in this place
}

// markupPattern is what the search ignores in a narrative: citation numbers and Markdown emphasis.
var markupPattern = regexp.MustCompile(lesson.MarkPattern.String() + `|\*\*|\*|_|(?m)^\s*(?:[-*]|\d+[.)]|#+)\s+`)

func plainNarrative(s string) string { return markupPattern.ReplaceAllString(s, "") }

// searchDoc is one place the search looks: the hit it makes and its texts, lower-cased once.
type searchDoc struct {
	hit   Hit
	texts []string
	lower []string
}

// searchIndex lists every place once; the search then only scans lower-cased strings.
func (m *Model) searchIndex() []searchDoc {
	st := &m.study.search
	if st.index != nil && len(m.pages) > 0 && st.indexFor == &m.pages[0] {
		return st.index
	}
	var docs []searchDoc
	add := func(h Hit, texts ...string) {
		d := searchDoc{hit: h, texts: texts}
		for _, t := range texts {
			d.lower = append(d.lower, strings.ToLower(t))
		}
		docs = append(docs, d)
	}
	for i, p := range m.pages {
		where := fmt.Sprintf("Step %d · %s", i+1, p.Step.Title)
		add(Hit{Kind: HitStep, Step: i, Focus: focusNarrative, Where: where + " · title and narrative"},
			p.Step.Title, p.Step.Chapter, plainNarrative(p.Narrative))
		add(Hit{Kind: HitStep, Step: i, Focus: focusPlatform, Where: where + " · " + PaneTitles[0]}, groupTexts(p.Platform)...)
		add(Hit{Kind: HitStep, Step: i, Focus: focusCentre, Where: where + " · " + PaneTitles[1]}, groupTexts(p.Centre)...)
		var risks []string
		for _, r := range p.Risks {
			risks = append(risks, r.Concern, r.Safeguard)
		}
		add(Hit{Kind: HitStep, Step: i, Focus: focusRisks, Where: where + " · " + PaneTitles[2]}, risks...)
	}
	for i, t := range m.w.Glossary {
		add(Hit{Kind: HitGlossary, Index: i, Where: words.Glossary + " · " + t.Term}, t.Term, t.Chinese, t.Pinyin, t.Explanation)
	}
	for i, s := range m.w.Sources {
		add(Hit{Kind: HitSource, Index: i, Where: words.Sources + " · " + s.Outlet}, s.Outlet, s.Headline, s.Upstream, s.DateText())
	}
	st.index = docs
	if len(m.pages) > 0 {
		st.indexFor = &m.pages[0] // a scenario rebuilds the pages, and with them the index
	}
	return docs
}

// Search finds a word (case-insensitive) across the steps (title, narrative, panes, risks), the
// glossary and the sources, in that order. One hit per place, with the number of matches there.
func (m *Model) Search(query string) []Hit {
	q := strings.ToLower(strings.TrimSpace(query))
	if q == "" {
		return nil
	}
	var hits []Hit
	for _, d := range m.searchIndex() {
		h := d.hit
		for i, t := range d.lower {
			if n := strings.Count(t, q); n > 0 {
				if h.Count == 0 {
					h.Snippet = snippet(d.texts[i], q)
				}
				h.Count += n
			}
		}
		if h.Count > 0 {
			hits = append(hits, h)
		}
	}
	return hits
}

func groupTexts(groups []lesson.Group) []string {
	var out []string
	for _, g := range groups {
		for _, e := range g.Entries {
			out = append(out, e.Label, e.Value)
		}
	}
	return out
}

// foldIndex is strings.Index ignoring case, as a byte offset into s (or -1).
func foldIndex(s, q string) int {
	ls, lq := strings.ToLower(s), strings.ToLower(q)
	i := strings.Index(ls, lq)
	if i < 0 || len(ls) != len(s) {
		// Lower-casing changed the length (rare scripts): fall back to a rune-by-rune scan.
		if i >= 0 {
			for j := range s {
				if strings.EqualFold(prefixRunes(s[j:], utf8.RuneCountInString(q)), q) {
					return j
				}
			}
		}
		return -1
	}
	return i
}

func prefixRunes(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

// snippet is the text around the first match, cut at word boundaries where it can be.
func snippet(s, q string) string {
	s = strings.Join(strings.Fields(s), " ")
	i := foldIndex(s, q)
	if i < 0 {
		return ansi.Truncate(s, 90, "…")
	}
	const before, after = 40, 70
	start, end := i, i+len(q)
	for n := 0; start > 0 && n < before; n++ {
		_, size := utf8.DecodeLastRuneInString(s[:start])
		start -= size
	}
	for n := 0; end < len(s) && n < after; n++ {
		_, size := utf8.DecodeRuneInString(s[end:])
		end += size
	}
	if start > 0 {
		if sp := strings.IndexByte(s[start:i], ' '); sp >= 0 {
			start += sp + 1
		}
	}
	if end < len(s) {
		if sp := strings.LastIndexByte(s[i+len(q):end], ' '); sp >= 0 {
			end = i + len(q) + sp
		}
	}
	out := s[start:end]
	if start > 0 {
		out = "…" + out
	}
	if end < len(s) {
		out += "…"
	}
	return out
}

// openSearch shows the search screen with the last query, ready to type.
func (m *Model) openSearch() {
	m.screen = screenSearch
	m.study.search.typing = true
	m.refreshSearch()
}

func (m *Model) refreshSearch() {
	st := &m.study.search
	st.hits = m.Search(st.query)
	sel := 0
	if m.screen == screenSearch && len(m.list.items) == len(st.hits) {
		sel = m.list.sel
	}
	m.list = m.searchList()
	m.list.sel = min(sel, max(0, len(m.list.items)-1))
	m.list.fit(m.bodyWidth(), m.bodyHeight())
}

// searchType edits the query. Enter goes to the hits, esc closes the search, ↑↓ move the selection.
func (m *Model) searchType(msg tea.KeyPressMsg) tea.Cmd {
	st := &m.study.search
	switch {
	case msg.Code == 'c' && msg.Mod == tea.ModCtrl:
		return tea.Quit
	case msg.Code == tea.KeyEscape:
		m.screen = screenWalk
		return nil
	case msg.Code == tea.KeyEnter:
		if len(st.hits) > 0 {
			st.typing = false
			m.refreshSearch()
		}
		return nil
	case msg.Code == tea.KeyBackspace:
		if r := []rune(st.query); len(r) > 0 {
			st.query = string(r[:len(r)-1])
		}
	case msg.Code == 'u' && msg.Mod == tea.ModCtrl:
		st.query = ""
	case key.Matches(msg, m.keys.Up, m.keys.Down) && msg.Text == "":
		if msg.Code == tea.KeyUp {
			m.list.move(-1)
		} else {
			m.list.move(1)
		}
		return nil
	case msg.Text != "" && msg.Mod&^tea.ModShift == 0:
		if utf8.RuneCountInString(st.query) < 60 {
			st.query += msg.Text
		}
	default:
		return nil
	}
	m.refreshSearch()
	return nil
}

// searchList draws the query line, a count and the hits.
func (m *Model) searchList() listScreen {
	st := &m.study.search
	l := listScreen{title: "Search"}
	l.intro = func(w int) []string {
		cursor := ""
		if st.typing {
			cursor = m.st.Selected.Render("▏")
		}
		line := m.st.Selected.Render("/ ") + m.st.Bold.Render(ansi.TruncateLeft(st.query, max(0, ansi.StringWidth(st.query)-(w-4)), "…")) + cursor
		var status string
		switch {
		case strings.TrimSpace(st.query) == "":
			status = "Type a word to find it in the steps, the glossary and the sources · esc closes."
		case len(st.hits) == 0:
			status = "No hits · esc closes."
		default:
			steps := map[int]bool{}
			for _, h := range st.hits {
				if h.Kind == HitStep {
					steps[h.Step] = true
				}
			}
			status = fmt.Sprintf("%s (%s)", plural(len(st.hits), "hit"), plural(len(steps), "step"))
			if st.typing {
				status += " · enter: go to the hits"
			} else {
				status += " · n next hit · p previous · enter open · / edit"
			}
		}
		return append([]string{ansi.Truncate(line, w, "")}, wrap(status, w, "", render(m.st.Dim))...)
	}
	for _, h := range st.hits {
		h := h
		where := h.Where
		if h.Count > 1 {
			where += fmt.Sprintf(" (%d×)", h.Count)
		}
		l.items = append(l.items, listItem{step: -1, text: join(
			m.para(where, render(m.st.Item), "  "),
			m.highlighted(h.Snippet, st.query, "  "),
		), open: func(m *Model) { m.openHit(h) }})
	}
	return l
}

// highlighted wraps text and marks every match of q in it.
func (m *Model) highlighted(text, q, indent string) func(int) []string {
	return func(w int) []string {
		return wrap(text, w, indent, func(line string) string { return highlight(line, q, m.st.Dim, m.st.Mark.Bold(true)) })
	}
}

func highlight(line, q string, base, hl lipgloss.Style) string {
	var b strings.Builder
	for q != "" {
		i := foldIndex(line, q)
		if i < 0 {
			break
		}
		n := len(prefixRunes(line[i:], utf8.RuneCountInString(q)))
		b.WriteString(base.Render(line[:i]))
		b.WriteString(hl.Render(line[i : i+n]))
		line = line[i+n:]
	}
	b.WriteString(base.Render(line))
	return b.String()
}

// openHit goes where a hit is: the step with the pane focused and scrolled to the word, or the
// glossary or sources with the entry selected.
func (m *Model) openHit(h Hit) {
	q := strings.TrimSpace(m.study.search.query)
	switch h.Kind {
	case HitStep:
		m.screen = screenWalk
		m.gotoStep(h.Step)
		m.setFocus(h.Focus)
		sc := m.focused()
		for i, l := range sc.lines {
			if foldIndex(ansi.Strip(l), q) >= 0 {
				sc.off = 0
				sc.scroll(i)
				break
			}
		}
	case HitGlossary:
		m.toggle(screenGlossary)
		m.selectItem(m.w.Glossary[h.Index].Term)
	case HitSource:
		m.toggle(screenSources)
		m.selectItem(m.w.Sources[h.Index].Headline)
	}
}

// selectItem selects the first list entry whose text holds s.
func (m *Model) selectItem(s string) {
	for i, it := range m.list.items {
		if it.head {
			continue
		}
		if strings.Contains(ansi.Strip(strings.Join(it.text(1000), " ")), s) {
			m.list.sel = i
			m.list.reveal()
			return
		}
	}
}
