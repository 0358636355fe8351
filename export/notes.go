package export

import (
	"slices"

	"github.com/cyberid/cyberid/lesson"
	"github.com/cyberid/cyberid/words"
)

// Presenter notes in a handout written --with-notes: after each step's citations, in every format.
const (
	notesTitle = words.PresenterNotes
	notesLede  = words.NotesLede
	notesExtra = words.NotesExtra
)

// note is one presenter's note as every format writes it.
type note struct {
	Label, Text string
	Mark        string // the numbers of the quotes it cites, as every view writes them
}

// line is the note's text and its mark.
func (n note) line() string {
	if n.Mark == "" {
		return n.Text
	}
	return n.Text + " " + n.Mark
}

// stepNotes are a step's notes, and the quotes they cite that the step's own citations do not list,
// so that every number in a note resolves on the same page.
func stepNotes(num *lesson.Numbering, p lesson.Page) (notes []note, extra []lesson.Cited) {
	for _, n := range p.Step.Notes {
		notes = append(notes, note{Label: words.NoteLabel(n.Kind), Text: n.Text, Mark: lesson.MarkText(num.Marks(n.Cite))})
		for _, id := range n.Cite {
			c := num.Cite(id)
			onStep := slices.ContainsFunc(p.Citations, func(pc lesson.Cited) bool { return pc.N == c.N })
			known := slices.ContainsFunc(extra, func(e lesson.Cited) bool { return e.N == c.N })
			if c.N > 0 && !onStep && !known {
				extra = append(extra, c)
			}
		}
	}
	slices.SortFunc(extra, func(a, b lesson.Cited) int { return a.N - b.N })
	return notes, extra
}
