package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/words"
)

func (m *Model) sourcesList() listScreen {
	l := listScreen{title: words.Sources}
	l.intro = m.para(m.sourcesIntro()+" Enter lists the quotes used from a source.", render(m.st.Dim), "")
	tier := content.Tier("")
	for _, s := range m.w.Sources {
		if s.Tier != tier {
			tier = s.Tier
			head := m.articlesHeading()
			if tier == content.TierSecond {
				head = "Beyond the articles: second-tier sources"
			}
			l.items = append(l.items, listItem{head: true, step: -1, text: m.para(head, render(m.st.Chapter), "")})
		}
		s := s
		steps := map[int]bool{} // each step once, however many of the source's quotes it cites
		for _, q := range m.w.Quotes {
			if q.Source == s.ID {
				for _, i := range m.w.Uses(q.ID) {
					steps[i] = true
				}
			}
		}
		n := len(steps)
		lines := []func(int) []string{
			m.para(fmt.Sprintf("[S%d] %s: “%s”", m.w.SourceNumber(s.ID), s.Outlet, s.Headline), render(m.st.Item), "     "),
			m.para(s.DateText()+" · cited on "+plural(n, "step"), render(m.st.Dim), "     "),
			m.para(s.URL, render(m.st.Mark), "     "),
			m.copyLines(s, "     "),
		}
		if s.Upstream != "" {
			lines = append(lines, m.para(s.Upstream, render(m.st.Illustrative), "     "))
		}
		if s.Tier == content.TierSecond {
			lines = append(lines, m.para("confidence: "+s.Confidence, render(m.st.Illustrative), "     "))
		}
		l.items = append(l.items, listItem{step: -1, text: join(lines...), enter: "list its quotes",
			open: func(m *Model) { m.openQuotesOf(s) }})
	}
	if len(m.w.SingleSource) > 0 {
		l.items = append(l.items, listItem{head: true, step: -1,
			text: m.para("Claims that rest on one source only", render(m.st.Chapter), "")})
		for _, c := range m.w.SingleSource {
			cite := m.num.Cite(c.Quote)
			step := -1
			if uses := m.w.Uses(c.Quote); len(uses) > 0 {
				step = uses[0]
			}
			l.items = append(l.items, listItem{step: step, text: join(
				m.para("◇ "+c.Claim, render(m.st.Item), "  "),
				m.quoteLines(cite, "  "),
				m.para("— "+cite.Source.Outlet, render(m.st.Dim), "  "),
				m.para(c.Note, render(m.st.Illustrative), "  "),
			)})
		}
	}
	return l
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// openQuotesOf shows a source's quotes over the list open now; esc comes back to it, at the same
// entry.
func (m *Model) openQuotesOf(s content.Source) {
	parent, detail := m.list, m.detail
	m.list, m.detail = m.quotesOf(s), "source:"+s.ID
	m.list.back = func(m *Model) {
		m.list, m.detail = parent, detail
		m.list.fit(m.bodyWidth(), m.bodyHeight())
	}
	m.list.fit(m.bodyWidth(), m.bodyHeight())
}

// The sources screen's intro and heading name the articles by their [S] numbers, as its entries do.
// Which articles retell which is research (shared/research/facts.md), tied to the built-in sources'
// ids; a teacher's own sources get the general caution only.
const (
	idFirstpost = "firstpost-2025"
	idIBTimes   = "ibtimes-sg-2025"
	idForkLog   = "forklog-2025"
	idEcon24    = "economist-2024"
)

func (m *Model) sourceNo(id string) string { return fmt.Sprintf("[S%d]", m.w.SourceNumber(id)) }

func (m *Model) builtInSources() bool {
	for _, id := range []string{idFirstpost, idIBTimes, idForkLog, idEcon24} {
		if m.w.SourceNumber(id) == 0 {
			return false
		}
	}
	return true
}

func (m *Model) sourcesIntro() string {
	caution := "Agreement between sources that retell one another is not independent confirmation."
	if !m.builtInSources() {
		return caution
	}
	return m.sourceNo(idFirstpost) + " (Firstpost) and " + m.sourceNo(idForkLog) + " (ForkLog) both retell The " +
		"Economist's July 2025 report; " + m.sourceNo(idEcon24) + " is The Economist's 2024 piece on the draft; " +
		m.sourceNo(idIBTimes) + " (IBTimes Singapore) was also syndicated by Daily8, whose copy is not a " +
		"separate source. Agreement between them is not independent confirmation."
}

func (m *Model) articlesHeading() string {
	if !m.builtInSources() {
		return "The articles"
	}
	return "The five articles (four sources: Daily8's copy of " + m.sourceNo(idIBTimes) + " is the same article)"
}

// quotesOf lists every quote the app uses from one source and the steps that use it.
func (m *Model) quotesOf(s content.Source) listScreen {
	l := listScreen{title: "Quotes from " + s.Outlet}
	l.intro = m.para("“"+s.Headline+"” · "+s.DateText()+". Enter jumps to the step that uses a quote; esc goes back to the list.",
		render(m.st.Dim), "")
	for _, q := range m.w.Quotes {
		if q.Source != s.ID {
			continue
		}
		uses := m.w.Uses(q.ID)
		var names []string
		for _, i := range uses {
			names = append(names, fmt.Sprintf("%d. %s", i+1, m.pages[i].Step.Title))
		}
		where := "not used on a step (used in a disagreement, the glossary or the timeline)"
		if len(names) > 0 {
			where = "used on: " + strings.Join(names, "; ")
		}
		step := -1
		if len(uses) > 0 {
			step = uses[0]
		}
		l.items = append(l.items, listItem{step: step, text: join(
			m.quoteLines(m.num.Cite(q.ID), "  "),
			m.para(where, render(m.st.Dim), "  "),
		)})
	}
	return l
}

func (m *Model) disputesList() listScreen {
	l := listScreen{title: words.Disagreements}
	l.intro = m.para("Each point shows what the sources say, side by side, and what better evidence says. "+
		"Enter opens the step where it matters.", render(m.st.Dim), "")
	for _, d := range m.w.Disagreements {
		parts := []func(int) []string{m.para("⚠ "+d.Title, render(m.st.Dispute), "  "), m.sides(d)}
		res := d.Resolution
		if outlets := m.outlets(d.ResolutionCite); len(outlets) > 0 {
			res += " (" + strings.Join(outlets, "; ") + ")"
		}
		parts = append(parts, m.para(words.BetterEvidence+res, render(m.st.Safeguard), "  "))
		step := -1
		if len(d.Steps) > 0 {
			step, _ = m.w.StepIndex(d.Steps[0])
		}
		l.items = append(l.items, listItem{step: step, text: join(parts...)})
	}
	return l
}

// selectStepDispute starts the disagreements at the one this step flags: the first one the risks
// pane shows (or the first the step has, when none is in view), not the first of all.
func (m *Model) selectStepDispute() {
	disputes := m.pages[m.step].Disputes
	if len(disputes) == 0 {
		return
	}
	want := disputes[0].ID
	if m.showsPanes() && (m.sideBySide() || m.shownTab() == 2) {
	visible:
		for _, line := range m.panes[2].view() {
			for _, d := range disputes {
				if strings.Contains(ansi.Strip(line), d.Title) {
					want = d.ID
					break visible
				}
			}
		}
	}
	for i, d := range m.w.Disagreements {
		if d.ID == want && i < len(m.list.items) {
			m.list.sel = i
		}
	}
}

// sides shows what each source says: in columns side by side when there is room for them to read
// well, one under the other otherwise.
func (m *Model) sides(d content.Disagreement) func(int) []string {
	return func(w int) []string {
		texts := make([]string, len(d.Sides))
		for i, side := range d.Sides {
			c := m.num.Cite(side.Quote)
			texts[i] = fmt.Sprintf("%s: [%d] “%s”", side.Label, c.N, c.Quote.Text)
			if c.Quote.Translation != "" {
				texts[i] += " " + c.Quote.TranslationText()
			}
			texts[i] += " — " + c.Source.Outlet + tierSuffix(c.Source)
		}
		const gap = 3
		n := len(texts)
		colW := (w - gap*(n-1)) / max(1, n)
		if n < 2 || colW < 36 {
			var out []string
			for _, t := range texts {
				out = append(out, wrap("• "+t, w, "  ", render(m.st.Item))...)
			}
			return out
		}
		cols := make([][]string, n)
		rows := 0
		for i, t := range texts {
			cols[i] = strings.Split(ansi.Wrap(t, colW, " "), "\n")
			rows = max(rows, len(cols[i]))
		}
		out := make([]string, rows)
		for r := range out {
			var b strings.Builder
			for i, col := range cols {
				cell := ""
				if r < len(col) {
					cell = col[r]
				}
				if i < n-1 {
					cell += strings.Repeat(" ", max(0, colW-ansi.StringWidth(cell)))
				}
				b.WriteString(m.st.Item.Render(cell))
				if i < n-1 {
					b.WriteString(m.st.Dim.Render(" │ "))
				}
			}
			out[r] = b.String()
		}
		return out
	}
}

// outlets names the sources behind quote ids, each once however many of its quotes are cited.
func (m *Model) outlets(quoteIDs []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, id := range quoteIDs {
		s := m.w.Cite(id).Source
		if !seen[s.ID] {
			seen[s.ID] = true
			out = append(out, s.Outlet+tierSuffix(s))
		}
	}
	return out
}

func tierSuffix(s content.Source) string {
	if s.Tier == content.TierSecond {
		return ", second-tier, confidence " + s.Confidence
	}
	return ""
}

func (m *Model) glossaryList() listScreen {
	l := listScreen{title: words.Glossary}
	for _, t := range m.w.Glossary {
		head := t.Term
		if t.Chinese != "" {
			head += "  " + t.Chinese
		}
		if t.Pinyin != "" {
			head += "  " + t.Pinyin
		}
		srcs := m.outlets(t.Cite)
		term := glossarySearch(t)
		l.items = append(l.items, listItem{step: -1, enter: "find it in the walkthrough",
			open: func(m *Model) { m.searchFor(term) }, text: join(
				m.para(head, render(m.st.Bold), "  "),
				m.para(t.Explanation, render(m.st.Item), "  "),
				m.para("source: "+strings.Join(srcs, "; "), render(m.st.Dim), "  "),
			)})
	}
	return l
}

// glossarySearch is what enter on a glossary entry searches for: the term's first name ("Cyberspace
// ID" of "Cyberspace ID / National Online Identity Authentication", "Digital Identity" of "Digital
// Identity (app name)").
func glossarySearch(t content.Term) string {
	name := t.Term
	for _, cut := range []string{" / ", " ("} {
		if i := strings.Index(name, cut); i > 0 {
			name = name[:i]
		}
	}
	return name
}

func (m *Model) timelineList() listScreen {
	l := listScreen{title: words.Timeline}
	l.intro = m.para("The articles give no years; the years here come from the sources named on each line. "+
		"Enter opens the step that tells the event.", render(m.st.Dim), "")
	for _, d := range m.w.Timeline {
		srcs := m.outlets(d.Cite)
		step := -1
		if d.Step != "" {
			step, _ = m.w.StepIndex(d.Step)
		}
		l.items = append(l.items, listItem{step: step, text: join(
			m.para(d.Date+"  "+d.Event, render(m.st.Item), "  "),
			m.para("source: "+strings.Join(srcs, "; "), render(m.st.Dim), "  "),
		)})
	}
	return l
}
