package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/cyberid/cyberid/lesson"
	"github.com/cyberid/cyberid/progress"
	"github.com/cyberid/cyberid/words"
)

// The ending follows the last step (→ there): what the learner has seen, summed up from the last
// page's holdings as the panes show them (with their citations), and where to go from here: the
// questions, the contents, the what-ifs, the disagreements and the handout.

func (m *Model) openEnding() {
	m.screen = screenEnd
	m.list = m.endingList()
	m.list.fit(m.bodyWidth(), m.bodyHeight())
}

func (m *Model) endingList() listScreen {
	l := listScreen{title: words.TheEnd}
	last := m.pages[len(m.pages)-1]
	visited := m.visitedCount()
	total, answered, right := progress.Score(m.w.Questions, m.study.answers)
	seen := fmt.Sprintf("You have seen %d of %d steps", visited, len(m.pages))
	if total > 0 {
		seen += fmt.Sprintf(" and answered %d of %d questions (%d right)", answered, total, right)
	}
	l.intro = join(m.para(words.EndingIntro, render(m.st.Dim), ""), m.para(seen+".", render(m.st.Item), ""))

	fact := func(text func(int) []string) { l.items = append(l.items, listItem{head: true, step: -1, text: text}) }
	holds := func(groups []lesson.Group, pane string) {
		var parts []func(int) []string
		parts = append(parts, m.para(pane+", after the last step:", render(m.st.Bold), ""))
		for _, g := range groups {
			var items []string
			for _, e := range g.Entries {
				items = append(items, e.Tagged())
			}
			what := "nothing"
			if len(items) > 0 {
				what = strings.Join(items, "; ")
			}
			title, text := g.Title, what
			parts = append(parts, func(w int) []string {
				return m.wrapTagged("• "+title+": "+text, w, "  ", lipgloss.NewStyle())
			})
		}
		fact(func(w int) []string { return append(join(parts...)(w), "") })
	}
	holds(last.Centre, words.PaneCentre)
	holds(last.Platform, words.PanePlatform)
	// What the platform pane says of the open question goes with it here too: the summary must not
	// read as its answer.
	if note := last.IdentifierNote; note != "" {
		fact(func(w int) []string { return append(m.para(note, render(m.st.Illustrative), "")(w), "") })
	}
	if len(last.Links) > 0 {
		parts := []func(int) []string{m.para(words.LinksTitle+":", render(m.st.Bold), "")}
		for _, lk := range last.Links {
			text := "• " + lesson.LinkText(lk)
			parts = append(parts, func(w int) []string { return m.wrapTagged(text, w, "  ", lipgloss.NewStyle()) })
		}
		fact(func(w int) []string { return append(join(parts...)(w), "") })
	}
	risks := 0
	for _, p := range m.pages {
		risks += len(p.Risks)
	}
	fact(func(w int) []string {
		return append(m.para(fmt.Sprintf("%s: %s, each beside its other side; the sources disagree on %s.",
			words.PaneRisks, plural(risks, "risk"), plural(len(m.w.Disagreements), "point")), render(m.st.Item), "")(w), "")
	})

	fact(m.para("Where to go from here", render(m.st.Chapter), ""))
	add := func(text, enter string, open func(*Model)) {
		l.items = append(l.items, listItem{step: -1, enter: enter, open: open, text: m.para(text, render(m.st.Item), "    ")})
	}
	if total > 0 {
		add(fmt.Sprintf("▸ Check your understanding (x): %d questions, %d answered", total, answered), "open the questions",
			func(m *Model) { m.openQuiz(m.nextQuizChapter()) })
	}
	add("▸ Contents (t): go back to any step", "open the contents", func(m *Model) { m.toggle(screenTOC) })
	if len(m.w.Scenarios) > 0 {
		add("▸ What if (w): a breach, an insider, mandatory use, which identifier platforms see", "open the what-ifs",
			func(m *Model) { m.toggle(screenScenarios) })
	}
	if len(m.w.Disagreements) > 0 {
		add("▸ Where the sources disagree (d)", "compare them", func(m *Model) { m.toggle(screenDisputes) })
	}
	add("▸ A handout to print or share: "+words.HandoutCommand+" (or --format md, txt; add --with-answers for the questions)", "", nil)
	return l
}

// nextQuizChapter is the first chapter with a question not yet answered, or the first chapter.
func (m *Model) nextQuizChapter() string {
	first := ""
	for _, q := range m.w.Questions {
		for _, p := range m.pages {
			if p.Step.Chapter != q.Chapter {
				continue
			}
			if first == "" {
				first = q.Chapter
			}
			if _, ok := m.study.answers[q.ID]; !ok {
				return q.Chapter
			}
			break
		}
	}
	return first
}
