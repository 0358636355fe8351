package ui

import (
	"errors"
	"strings"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/lesson"
	"github.com/cyberid/cyberid/words"
)

// ContentMsg brings the model a walkthrough reloaded from a teacher's files (cyberid --content DIR
// --watch), or, in Err, why the files could not be loaded. main watches the files; the model only
// swaps what it shows.
type ContentMsg struct {
	Walkthrough *content.Walkthrough
	Err         error
}

// reload shows a new walkthrough on the same step (by id, else by position), or keeps the last good
// one and shows the problem in the footer until the files load again.
func (m *Model) reload(msg ContentMsg) {
	if msg.Err != nil || msg.Walkthrough == nil {
		m.contentProblem = problemLine(msg.Err)
		return
	}
	m.contentProblem = ""
	id := m.pages[m.step].Step.ID
	visited := map[string]bool{}
	for i := range m.pages {
		if m.visited[i] {
			visited[m.pages[i].Step.ID] = true
		}
	}
	m.w = msg.Walkthrough
	m.num = lesson.Number(m.w)
	m.pages = lesson.Build(m.w, m.assumptions)
	m.scenarioPages = nil
	// Pane lines are kept by step id: edited content needs a fresh store. Only a model's own store is
	// replaced (a server's is shared, and a server does not reload).
	if m.opts.Shared == nil {
		m.shared = newShared(maxOwn)
	}
	m.visited = map[int]bool{}
	for i, p := range m.pages {
		if visited[p.Step.ID] {
			m.visited[i] = true
		}
	}
	if i, ok := m.w.StepIndex(id); ok {
		m.step = i
	} else {
		m.step = clamp(m.step, 0, len(m.pages)-1)
	}
	m.visited[m.step] = true
	// The quiz and the search hold answers and hits of the old content: back to the walkthrough.
	if m.screen == screenQuiz || m.screen == screenSearch {
		m.screen = screenWalk
	}
	m.laidOut = layoutKey{}
	m.layout()
	m.setStudyStatus(words.ContentReloaded) // until the next key
}

// problemLine is what the footer says while the files do not load: the first problem (its file and
// line first, where a narrow footer still shows them), how many more, and that nothing was reloaded.
func problemLine(err error) string {
	if err == nil {
		return words.ContentNotReloaded
	}
	var cerr *content.Error
	if errors.As(err, &cerr) && len(cerr.Problems) > 0 {
		s := cerr.Problems[0].String()
		if n := len(cerr.Problems) - 1; n > 0 {
			s += words.AndMore(n)
		}
		return s + " · " + words.ContentNotReloaded
	}
	first, _, _ := strings.Cut(err.Error(), "\n")
	return first + " · " + words.ContentNotReloaded
}
