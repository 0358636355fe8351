package ui

import (
	"fmt"

	"github.com/cyberid/cyberid/words"
)

// notesList is the presenter's notes for the step shown: prompts for the class, each fact in them
// cited under the number its quote has everywhere. Only a presenter's model opens it.
func (m *Model) notesList() listScreen {
	p := m.pages[m.step]
	l := listScreen{title: fmt.Sprintf("%s · step %d: %s", words.PresenterNotes, m.step+1, p.Step.Title)}
	l.intro = m.para("Only you see these; the class sees the walkthrough. Prompts, not facts: a fact in them carries "+
		"its citation, and c on the walkthrough lists the step's quotes.", render(m.st.Dim), "")
	if len(p.Step.Notes) == 0 {
		l.items = append(l.items, listItem{step: -1, text: m.para("No notes for this step.", render(m.st.Dim), "  ")})
		return l
	}
	for _, n := range p.Step.Notes {
		l.items = append(l.items, listItem{step: -1, text: join(
			m.para(words.NoteLabel(n.Kind), render(m.st.Chapter), ""),
			m.para(m.num.NoteText(n), render(m.st.Item), "  "),
		)})
	}
	return l
}
