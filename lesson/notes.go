package lesson

import "github.com/cyberid/cyberid/content"

// NoteText is a presenter's note with the numbers of the quotes it cites, as every view shows it.
func (n *Numbering) NoteText(note content.Note) string {
	if marks := n.Marks(note.Cite); len(marks) > 0 {
		return note.Text + " " + MarkText(marks)
	}
	return note.Text
}
