package ui

import (
	"fmt"
	"strconv"

	tea "charm.land/bubbletea/v2"

	"github.com/cyberid/cyberid/content"
)

// quizState is the "check your understanding" screen: one chapter's questions, one at a time, then
// the score. It is drawn as a list screen, so it scrolls, wraps and fits like the others.
type quizState struct {
	chapter string
	qs      []content.Question
	i       int // the question shown; len(qs): the score
	// built is what the list was last built for, so a rebuild on resize keeps the selection.
	built string
}

// openQuiz shows a chapter's questions, at the first one not yet answered (or the score).
func (m *Model) openQuiz(chapter string) {
	qs := m.w.ChapterQuestions(chapter)
	if len(qs) == 0 {
		return
	}
	m.study.quiz = quizState{chapter: chapter, qs: qs, i: len(qs)}
	for i, q := range qs {
		if _, ok := m.study.answers[q.ID]; !ok {
			m.study.quiz.i = i
			break
		}
	}
	m.showQuiz()
}

func (m *Model) showQuiz() {
	m.screen = screenQuiz
	m.list = m.quizList()
	m.list.fit(m.bodyWidth(), m.bodyHeight())
}

// quizKey answers with a digit; every other key goes on to the list keys (↑↓, enter, esc, n, p).
func (m *Model) quizKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	qz := &m.study.quiz
	if qz.i >= len(qz.qs) || len(msg.Text) != 1 {
		return nil, false
	}
	q := qz.qs[qz.i]
	if _, done := m.study.answers[q.ID]; done {
		return nil, false
	}
	n, err := strconv.Atoi(msg.Text)
	if err != nil || n < 1 || n > len(q.Choices) {
		return nil, false
	}
	m.answer(n)
	return nil, true
}

// answer records a choice for the question shown.
func (m *Model) answer(choice int) {
	qz := &m.study.quiz
	if qz.i >= len(qz.qs) {
		return
	}
	m.study.answers[qz.qs[qz.i].ID] = choice
	m.showQuiz()
}

// quizList builds the screen for the question shown, or the score.
func (m *Model) quizList() listScreen {
	qz := &m.study.quiz
	if qz.i >= len(qz.qs) {
		return m.scoreList()
	}
	q := qz.qs[qz.i]
	chosen, answered := m.study.answers[q.ID]
	l := listScreen{title: fmt.Sprintf("Check your understanding · %s · %d of %d", qz.chapter, qz.i+1, len(qz.qs))}
	hint := fmt.Sprintf("Choose with ↑↓ and enter, or press 1–%d.", len(q.Choices))
	if answered {
		hint = "Enter: next question · ↓ the sources · esc back to the walkthrough."
		if qz.i+1 >= len(qz.qs) {
			hint = "Enter: your score for this chapter · ↓ the sources · esc back to the walkthrough."
		}
	}
	l.intro = join(m.para(q.Prompt, render(m.st.Title), ""), m.para(hint, render(m.st.Dim), ""))
	for k, c := range q.Choices {
		n := k + 1
		mark := "  "
		style := m.st.Item
		if answered {
			switch {
			case q.Correct(n):
				mark, style = "✓ ", m.st.Safeguard
			case n == chosen:
				mark, style = "✗ ", m.st.Concern
			default:
				style = m.st.Dim
			}
		}
		it := listItem{step: -1, text: m.para(fmt.Sprintf("%s%d. %s", mark, n, c), render(style), "     ")}
		if answered {
			it.head = true // settled: the selection moves over the feedback instead
		} else {
			it.open, it.enter = func(m *Model) { m.answer(n) }, "answer"
		}
		l.items = append(l.items, it)
	}
	if answered {
		// The verdict, then each quote that settles it, as entries of their own: the verdict is
		// selected, so the screen keeps the question in view, and ↓ scrolls through the sources.
		next := func(m *Model) { m.study.quiz.i++; m.showQuiz() }
		nextWhat := "next question"
		if qz.i+1 >= len(qz.qs) {
			nextWhat = "your score"
		}
		for _, text := range m.feedbackLines(q, chosen) {
			l.items = append(l.items, listItem{step: -1, text: text, open: next, enter: nextWhat})
		}
	}
	key := fmt.Sprintf("%s/%d/%v", qz.chapter, qz.i, answered)
	switch {
	case qz.built == key:
		l.sel = m.list.sel // a rebuild (resize, theme): keep the selection
	case answered:
		l.sel = len(q.Choices)
	}
	qz.built = key
	return l
}

// feedbackLines say right or wrong and why, then give each quote that settles it with its source.
func (m *Model) feedbackLines(q content.Question, chosen int) []func(int) []string {
	verdict := m.para("✓ Right.", render(m.st.Safeguard.Bold(true)), "  ")
	if !q.Correct(chosen) {
		verdict = m.para(fmt.Sprintf("✗ Not quite. The answer is %d: %s", q.Answer, q.Choices[q.Answer-1]),
			render(m.st.Concern.Bold(true)), "  ")
	}
	out := []func(int) []string{join(verdict, m.para(q.Explanation, render(m.st.Item), ""))}
	return append(out, m.settlingLines(q)...)
}

// settlingLines are each quote that settles a question, with its source.
func (m *Model) settlingLines(q content.Question) []func(int) []string {
	var out []func(int) []string
	for i, id := range q.Cite {
		c := m.num.Cite(id)
		s := c.Source
		parts := []func(int) []string{}
		if i == 0 {
			parts = append(parts, m.para("What settles it:", render(m.st.Dim), ""))
		}
		parts = append(parts,
			m.quoteLines(c, "  "),
			m.para("— "+s.Outlet+", “"+s.Headline+"”, "+s.DateText()+tierSuffix(s), render(m.st.Dim), "  "),
		)
		out = append(out, join(parts...))
	}
	return out
}

// scoreList is the end of a chapter's questions: the score, each question, and where to go next.
func (m *Model) scoreList() listScreen {
	qz := &m.study.quiz
	total, answered, right := m.chapterScore(qz.chapter)
	l := listScreen{title: fmt.Sprintf("Your score · %s · %d of %d right", qz.chapter, right, total)}
	l.intro = m.para(fmt.Sprintf("%d of %d right (%d answered). Enter on a question shows it again with its sources.",
		right, total, answered), render(m.st.Title), "")
	for k, q := range qz.qs {
		mark := "· "
		style := m.st.Dim
		if c, ok := m.study.answers[q.ID]; ok {
			mark, style = "✗ ", m.st.Concern
			if q.Correct(c) {
				mark, style = "✓ ", m.st.Safeguard
			}
		}
		l.items = append(l.items, listItem{step: -1, text: m.para(fmt.Sprintf("%s%d. %s", mark, k+1, q.Prompt), render(style), "     "),
			open: func(m *Model) { m.study.quiz.i = k; m.showQuiz() }})
	}
	l.items = append(l.items, listItem{step: -1, text: m.para("↺ Try this chapter's questions again", render(m.st.Item), "  "),
		open: func(m *Model) {
			for _, q := range m.study.quiz.qs {
				delete(m.study.answers, q.ID)
			}
			m.study.quiz.i = 0
			m.showQuiz()
		}})
	chapters := m.w.Chapters()
	for i, ch := range chapters {
		if ch == qz.chapter && i+1 < len(chapters) {
			next := chapters[i+1]
			first := m.w.LastStepOf(ch) + 1
			l.items = append(l.items, listItem{step: first, text: m.para("→ On to the next chapter: "+next, render(m.st.Selected), "  ")})
		}
	}
	back := m.step
	l.items = append(l.items, listItem{step: back, text: m.para("← Back to the walkthrough", render(m.st.Item), "  ")})
	key := qz.chapter + "/score"
	if qz.built == key && m.screen == screenQuiz {
		l.sel = m.list.sel
	} else {
		l.sel = len(l.items) - 2 // the next chapter, or try again on the last chapter
		if l.sel < 0 {
			l.sel = 0
		}
	}
	qz.built = key
	return l
}
