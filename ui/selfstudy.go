package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/progress"
	"github.com/cyberid/cyberid/words"
)

// Progress is the self-study state handed in by main, and the way to keep it. The ui does no file
// I/O: it calls Save from a command, never from Update, and only after the learner makes progress.
type Progress struct {
	State progress.State
	// Save keeps the state. nil keeps nothing: SSH sessions and --no-save.
	Save func(progress.State) error
	// Notice is one line shown in the footer until the first key (e.g. "progress not loaded: …").
	Notice string
}

// selfStudy is the model's self-study part: answers, saving, the quiz and the search.
type selfStudy struct {
	answers map[string]int // question id → the choice given, from 1
	saved   progress.State // the state last loaded or saved: saving starts only when progress differs
	saving  bool           // a save command is running
	pending bool           // progress changed while saving: save again when it ends
	status  string         // the footer status this part set, cleared by the next key
	quiz    quizState
	search  searchState
}

// savedMsg reports the end of a save.
type savedMsg struct {
	state progress.State
	err   error
}

// initStudy applies the loaded progress. Ids the content no longer has are dropped.
func (m *Model) initStudy() {
	p := m.opts.Progress
	m.study.answers = map[string]int{}
	for _, id := range p.State.Visited {
		if i, ok := m.w.StepIndex(id); ok {
			m.visited[i] = true
		}
	}
	for id, c := range p.State.Answers {
		if q, ok := m.question(id); ok && c >= 1 && c <= len(q.Choices) {
			m.study.answers[id] = c
		}
	}
	// Resuming opens where the learner stopped, and says so and how to start over.
	if i, ok := m.w.StepIndex(p.State.At); ok && m.opts.Resume && i != m.step {
		if !slices.Contains(p.State.Visited, m.pages[m.step].Step.ID) {
			delete(m.visited, m.step) // the step it would have opened on was not seen
		}
		m.step = i
		m.visited[i] = true
		m.showNewTab()
		m.notice = words.Resumed(i + 1)
	}
	// Opening the app is not progress: the first save waits for a change from here.
	m.study.saved = m.progressState()
	if p.Notice != "" {
		m.setStudyStatus(p.Notice)
	}
	m.quizHint()
}

func (m *Model) setStudyStatus(s string) {
	m.status = s
	m.study.status = s
}

// question finds a question by id.
func (m *Model) question(id string) (content.Question, bool) {
	for _, q := range m.w.Questions {
		if q.ID == id {
			return q, true
		}
	}
	return content.Question{}, false
}

// progressState is what would be saved now.
func (m *Model) progressState() progress.State {
	s := progress.State{Version: progress.Version, Answers: map[string]int{}, At: m.pages[m.step].Step.ID}
	for i := range m.pages {
		if m.visited[i] {
			s.Visited = append(s.Visited, m.pages[i].Step.ID)
		}
	}
	for id, c := range m.study.answers {
		s.Answers[id] = c
	}
	return s.Normalize()
}

// Progress is the learner's progress as it stands (what a save would write).
func (m *Model) Progress() progress.State { return m.progressState() }

// withSave runs after a key or a jump: it refreshes the chapter-end hint and, when progress has
// changed since the last save, returns a command that saves it. One save runs at a time, so an older
// state can never be renamed over a newer one.
func (m *Model) withSave(cmd tea.Cmd) tea.Cmd {
	m.quizHint()
	if m.opts.Progress.Save == nil {
		return cmd
	}
	s := m.progressState()
	if s.Equal(m.study.saved) {
		return cmd
	}
	if m.study.saving {
		m.study.pending = true
		return cmd
	}
	m.study.saving = true
	save := m.opts.Progress.Save
	return tea.Batch(cmd, func() tea.Msg { return savedMsg{state: s, err: save(s)} })
}

// saved handles the end of a save. A failure is shown once and not retried until progress changes
// again.
func (m *Model) saved(msg savedMsg) tea.Cmd {
	m.study.saving = false
	m.study.saved = msg.state
	if msg.err != nil {
		m.setStudyStatus(firstLine(msg.err.Error()))
	}
	if m.study.pending {
		m.study.pending = false
		return m.withSave(nil)
	}
	return nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// selfStudyKey handles the keys of the quiz and the search before the global keys, because the
// search takes letters as text. handled is false when the key should go on to the usual handling.
func (m *Model) selfStudyKey(msg tea.KeyPressMsg) (cmd tea.Cmd, handled bool) {
	if m.study.status != "" && m.status == m.study.status {
		m.status, m.study.status = "", ""
	}
	switch m.screen {
	case screenSearch:
		if m.study.search.typing {
			return m.searchType(msg), true
		}
		if key.Matches(msg, m.keys.Search) {
			m.study.search.typing = true
			m.refreshSearch()
			return nil, true
		}
		return nil, false
	case screenQuiz:
		return m.quizKey(msg)
	}
	switch {
	case key.Matches(msg, m.keys.Search):
		m.openSearch()
		return nil, true
	case key.Matches(msg, m.keys.Quiz) && m.screen == screenWalk:
		m.openQuiz(m.pages[m.step].Step.Chapter)
		return nil, true
	case key.Matches(msg, m.keys.Quiz) && m.screen == screenEnd:
		m.openQuiz(m.nextQuizChapter())
		return nil, true
	case key.Matches(msg, m.keys.Quiz) && m.screen == screenTOC:
		if it, ok := m.list.current(); ok && it.step >= 0 {
			m.openQuiz(m.pages[it.step].Step.Chapter)
		}
		return nil, true
	}
	return nil, false
}

// quizHint names the quiz key in the footer's help; on the last step of a chapter it says so.
func (m *Model) quizHint() {
	ch := m.pages[m.step].Step.Chapter
	if len(m.w.ChapterQuestions(ch)) == 0 {
		m.keys.Quiz.SetEnabled(false)
		return
	}
	m.keys.Quiz.SetEnabled(true)
	desc := "quiz"
	switch {
	case m.opts.Class.Role == RolePresenter:
		desc = "ask the class" // ui/classquiz.go
	case m.w.LastStepOf(ch) == m.step:
		desc = "chapter quiz"
	}
	m.keys.Quiz.SetHelp("x", desc)
}

// chapterScore counts a chapter's questions, the answered ones and the right ones.
func (m *Model) chapterScore(chapter string) (total, answered, right int) {
	return progress.Score(m.w.ChapterQuestions(chapter), m.study.answers)
}

// tocChapterTitle is a chapter heading in the contents, with its score once a question is answered.
func (m *Model) tocChapterTitle(chapter string) string {
	total, answered, right := m.chapterScore(chapter)
	if answered == 0 {
		return chapter
	}
	mark := "✎"
	if answered == total {
		mark = "★"
	}
	return fmt.Sprintf("%s  %s %d/%d right", chapter, mark, right, total)
}

// tocQuizItem is the contents entry after a chapter's last step that opens its questions.
func (m *Model) tocQuizItem(chapter string) (listItem, bool) {
	total, answered, right := m.chapterScore(chapter)
	if total == 0 {
		return listItem{}, false
	}
	text := fmt.Sprintf("      ✎ Check your understanding: %d questions (x)", total)
	switch {
	case answered == total:
		text = fmt.Sprintf("      ★ Check your understanding: %d of %d right (x)", right, total)
	case answered > 0:
		text = fmt.Sprintf("      ✎ Check your understanding: %d of %d answered, %d right (x)", answered, total, right)
	}
	// Not selectable, so ↑↓ in the contents still step from step to step; x opens the questions of
	// the selected step's chapter.
	para := m.para(text, render(m.st.Dim), "        ")
	return listItem{step: -1, head: true, text: func(w int) []string { return append(para(w), "") }}, true
}

// visitedCount is how many steps the learner has seen.
func (m *Model) visitedCount() int {
	n := 0
	for i := range m.pages {
		if m.visited[i] {
			n++
		}
	}
	return n
}

// tocIntro says what the contents marks mean and how far the learner has come.
func (m *Model) tocIntro() func(int) []string {
	visited := m.visitedCount()
	total, answered, right := progress.Score(m.w.Questions, m.study.answers)
	text := fmt.Sprintf("▶ you are here · ✓ visited · ✎ questions: x opens those of the selected step's chapter. Enter opens a step. Visited %d of %d steps", visited, len(m.pages))
	if total > 0 {
		text += fmt.Sprintf("; answered %d of %d questions, %d right", answered, total, right)
	}
	return m.para(text+".", render(m.st.Dim), "")
}

// progressBar is a few cells for the header: where the step shown is in the walkthrough, so that
// the last step shows a full bar. (What has been visited and answered is in the contents.)
func (m *Model) progressBar() string {
	cells := 6
	if m.width >= 100 {
		cells = 10
	}
	if len(m.pages) == 0 {
		return ""
	}
	full := max(1, (m.step+1)*cells/len(m.pages))
	return " " + m.st.Selected.Render(strings.Repeat("━", full)) + m.st.Dim.Render(strings.Repeat("─", cells-full))
}

// appendTocQuiz adds the questions entry after the last step of a chapter in the contents.
func (m *Model) appendTocQuiz(items []listItem, chapter string, step int) []listItem {
	if m.w.LastStepOf(chapter) != step {
		return items
	}
	if it, ok := m.tocQuizItem(chapter); ok {
		items = append(items, it)
	}
	return items
}
