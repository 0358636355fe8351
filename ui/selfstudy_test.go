package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/progress"
)

// saver records what the ui asks to save, and can fail.
type saver struct {
	saved []progress.State
	err   error
}

func (s *saver) save(st progress.State) error {
	s.saved = append(s.saved, st)
	return s.err
}

// run executes a command as bubbletea would and feeds the messages back, so that saves complete.
func run(m *Model, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			run(m, c)
		}
	case savedMsg:
		_, next := m.Update(msg)
		run(m, next)
	}
}

// pressRun presses keys and runs the commands they return.
func pressRun(m *Model, keys ...string) {
	for _, k := range keys {
		_, cmd := m.Update(keyMsg(k))
		run(m, cmd)
	}
}

func chapterOf(t *testing.T, w *content.Walkthrough, chapter string) (last int, qs []content.Question) {
	t.Helper()
	last = w.LastStepOf(chapter)
	qs = w.ChapterQuestions(chapter)
	if last < 0 || len(qs) == 0 {
		t.Fatalf("chapter %q: last step %d, %d questions", chapter, last, len(qs))
	}
	return last, qs
}

// Golden frames of a question before and after an answer, right and wrong, at 80×24.
func TestQuizGolden(t *testing.T) {
	w := fixture(t)
	last, qs := chapterOf(t, w, "Logging in")
	q := qs[0]
	wrong := 1
	if q.Answer == 1 {
		wrong = 2
	}
	for _, c := range []struct {
		name string
		keys []string
	}{
		{"before", nil},
		{"after_right", []string{fmt.Sprint(q.Answer)}},
		{"after_wrong", []string{fmt.Sprint(wrong)}},
	} {
		t.Run(c.name+"_80x24", func(t *testing.T) {
			m := sizedOn(w, 80, 24, Options{Start: last})
			press(m, "x")
			press(m, c.keys...)
			frame := ansi.Strip(m.Frame())
			if !strings.Contains(frame, q.Prompt[:40]) {
				t.Errorf("the question is not on screen:\n%s", frame)
			}
			golden.RequireEqual(t, []byte(frame))
		})
	}
}

func TestQuizFlowAndScore(t *testing.T) {
	w := walkthrough(t)
	last, qs := chapterOf(t, w, "Enrolment")
	m := sized(t, 80, 24, Options{Start: last})
	press(m, "x")
	if m.screen != screenQuiz || m.study.quiz.i != 0 {
		t.Fatalf("x on the last step of a chapter: screen %d, question %d", m.screen, m.study.quiz.i)
	}
	// First question right with a digit, second wrong with ↓ and enter, third right.
	wrongOf := func(q content.Question) int {
		if q.Answer == 1 {
			return 2
		}
		return 1
	}
	press(m, fmt.Sprint(qs[0].Answer))
	frame := ansi.Strip(m.Frame())
	if !strings.Contains(frame, "✓ Right.") {
		t.Errorf("no verdict after a right answer:\n%s", frame)
	}
	press(m, "enter") // next question
	if m.study.quiz.i != 1 {
		t.Fatalf("enter after the verdict: question %d", m.study.quiz.i)
	}
	// Move the selection to a wrong choice and answer with enter.
	for n := 1; n < wrongOf(qs[1]); n++ {
		press(m, "down")
	}
	press(m, "enter")
	frame = ansi.Strip(m.Frame())
	if !strings.Contains(frame, "✗ Not quite. The answer is "+fmt.Sprint(qs[1].Answer)) {
		t.Errorf("no verdict after a wrong answer:\n%s", frame)
	}
	// The explanation and the citation that settles it: the quote and its source.
	c := w.Cite(qs[1].Cite[0])
	press(m, "down")
	frame = ansi.Strip(m.Frame())
	if !strings.Contains(strings.Join(strings.Fields(frame), " "), strings.Join(strings.Fields(c.Quote.Text), " ")[:20]) ||
		!strings.Contains(frame, c.Source.Outlet[:10]) {
		t.Errorf("the citation (%s, %s) is not shown:\n%s", c.Quote.ID, c.Source.Outlet, frame)
	}
	// A digit does not change a settled answer.
	press(m, fmt.Sprint(qs[1].Answer))
	if m.study.answers[qs[1].ID] != wrongOf(qs[1]) {
		t.Error("a second answer replaced the first")
	}
	press(m, "enter")
	press(m, fmt.Sprint(qs[2].Answer), "enter")
	if m.study.quiz.i != len(qs) {
		t.Fatalf("after the last question: %d", m.study.quiz.i)
	}
	total, answered, right := m.chapterScore("Enrolment")
	if total != len(qs) || answered != len(qs) || right != len(qs)-1 {
		t.Errorf("score %d/%d/%d, want %d answered, %d right", total, answered, right, len(qs), len(qs)-1)
	}
	frame = ansi.Strip(m.Frame())
	if !strings.Contains(frame, fmt.Sprintf("%d of %d right", len(qs)-1, len(qs))) {
		t.Errorf("score screen:\n%s", frame)
	}
	// The contents show the chapter's score.
	press(m, "esc", "t")
	frame = ansi.Strip(m.Frame())
	if !strings.Contains(frame, fmt.Sprintf("Enrolment  ★ %d/%d right", len(qs)-1, len(qs))) {
		t.Errorf("contents lack the chapter score:\n%s", frame)
	}
}

func TestQuizTryAgainAndNextChapter(t *testing.T) {
	w := walkthrough(t)
	last, qs := chapterOf(t, w, "Today")
	m := sized(t, 120, 40, Options{Start: last})
	press(m, "x")
	for _, q := range qs {
		press(m, fmt.Sprint(q.Answer), "enter")
	}
	if m.study.quiz.i != len(qs) {
		t.Fatal("not on the score")
	}
	// The default selection is the next chapter: enter goes there.
	press(m, "enter")
	if m.screen != screenWalk || m.Step() != last+1 {
		t.Errorf("next chapter: screen %d step %d, want the walkthrough at %d", m.screen, m.Step(), last+1)
	}
	// Reopening shows the score; "try again" clears the chapter's answers.
	m.Update(GotoMsg{Step: last})
	press(m, "x", "up", "enter")
	if _, _, right := m.chapterScore("Today"); right != 0 || m.study.quiz.i != 0 {
		t.Errorf("try again: %d right, question %d", right, m.study.quiz.i)
	}
}

func TestQuizFromContents(t *testing.T) {
	w := walkthrough(t)
	m := sized(t, 80, 24, Options{})
	press(m, "t", "down", "x")
	if m.screen != screenQuiz || m.study.quiz.chapter != w.Steps[1].Chapter {
		t.Errorf("x in the contents on step 2: screen %d, chapter %q", m.screen, m.study.quiz.chapter)
	}
}

func TestProgressSavedOnlyOnProgress(t *testing.T) {
	s := &saver{}
	m := sized(t, 80, 24, Options{Progress: Progress{Save: s.save}})
	pressRun(m, "?", "esc", "t", "esc", "tab", "down")
	if len(s.saved) != 0 {
		t.Fatalf("saved without progress: %+v", s.saved)
	}
	pressRun(m, "right")
	if len(s.saved) != 1 || strings.Join(s.saved[0].Visited, ",") != "app,before" {
		t.Fatalf("after visiting step 2: %+v", s.saved)
	}
	pressRun(m, "t", "esc", "?", "esc") // lists over the step are not progress
	if len(s.saved) != 1 {
		t.Errorf("saved again without progress: %d saves", len(s.saved))
	}
	w := walkthrough(t)
	_, qs := chapterOf(t, w, "Enrolment")
	pressRun(m, "x", fmt.Sprint(qs[0].Answer))
	if len(s.saved) != 2 || s.saved[1].Answers[qs[0].ID] != qs[0].Answer {
		t.Errorf("after an answer: %+v", s.saved)
	}
	pressRun(m, "esc", "left") // where the learner is, for the next run to resume
	if len(s.saved) != 3 || s.saved[2].At != "before" {
		t.Errorf("after going back: %+v", s.saved)
	}
}

// While a save runs, further progress waits and is saved after it, so saves never overlap.
func TestSavesDoNotOverlap(t *testing.T) {
	s := &saver{}
	m := sized(t, 80, 24, Options{Progress: Progress{Save: s.save}})
	_, first := m.Update(keyMsg("right"))
	_, second := m.Update(keyMsg("right"))
	if second != nil {
		if _, ok := second().(savedMsg); ok {
			t.Fatal("a second save started while the first was running")
		}
	}
	run(m, first)
	if len(s.saved) != 2 || len(s.saved[1].Visited) != 3 {
		t.Errorf("saves: %+v", s.saved)
	}
}

func TestProgressLoadedAndNotice(t *testing.T) {
	w := walkthrough(t)
	_, qs := chapterOf(t, w, "Today")
	state := progress.State{Visited: []string{"before", "face", "no-such-step"},
		Answers: map[string]int{qs[0].ID: qs[0].Answer, "no-such-question": 1}}
	m := sized(t, 80, 24, Options{Progress: Progress{State: state, Notice: "progress not loaded: test notice"}})
	if i, _ := w.StepIndex("face"); !m.visited[i] {
		t.Error("a loaded step is not marked visited")
	}
	if got := m.Progress(); len(got.Answers) != 1 || len(got.Visited) != 2 {
		t.Errorf("unknown ids kept: %+v", got)
	}
	if !strings.Contains(lastLine(ansi.Strip(m.Frame())), "progress not loaded: test notice") {
		t.Errorf("no notice in the footer: %q", lastLine(ansi.Strip(m.Frame())))
	}
	press(m, "t")
	frame := ansi.Strip(m.Frame())
	if strings.Contains(frame, "test notice") {
		t.Error("the notice outlived the first key")
	}
	if !strings.Contains(frame, "✓  4.") || !strings.Contains(frame, "Today  ✎ 1/3 right") {
		t.Errorf("contents do not show the loaded progress:\n%s", frame)
	}
}

func TestSaveErrorShownOnce(t *testing.T) {
	s := &saver{err: errors.New("progress not saved: cannot create /x: read-only file system")}
	m := sized(t, 80, 24, Options{Progress: Progress{Save: s.save}})
	pressRun(m, "right")
	if !strings.Contains(lastLine(ansi.Strip(m.Frame())), "progress not saved") {
		t.Errorf("no error in the footer: %q", lastLine(ansi.Strip(m.Frame())))
	}
	pressRun(m, "tab") // no new progress: no retry
	if len(s.saved) != 1 {
		t.Errorf("retried without new progress: %d saves", len(s.saved))
	}
}

// The header's bar shows where the step is in the walkthrough: the last step fills it, however
// little has been visited or answered.
func TestProgressBarInHeader(t *testing.T) {
	m := sized(t, 60, 20, Options{})
	head := lines0(ansi.Strip(m.Frame()))
	if !strings.Contains(head, "━───── Step 1 of 14") {
		t.Errorf("header at 60: %q", head)
	}
	press(m, "G")
	if head := lines0(ansi.Strip(m.Frame())); !strings.Contains(head, "━━━━━━ Step 14 of 14") {
		t.Errorf("last step, bar not full: %q", head)
	}
	press(m, "g")
	for i := range m.pages {
		m.visited[i] = true
	}
	for _, q := range m.w.Questions {
		m.study.answers[q.ID] = 1
	}
	if head := lines0(ansi.Strip(m.Frame())); !strings.Contains(head, "━───── Step 1 of 14") {
		t.Errorf("step 1 after everything was visited: %q", head)
	}
}

// A word that appears on exactly one step is found there and nowhere else, and enter jumps to it.
func TestSearchFindsAWordOnOneStep(t *testing.T) {
	w := walkthrough(t)
	const word = "Shenzhen"
	var on []string
	for _, st := range w.Steps {
		if strings.Contains(strings.ToLower(st.Title+st.Narrative), strings.ToLower(word)) {
			on = append(on, st.ID)
		}
	}
	if len(on) != 1 {
		t.Fatalf("%q is on steps %v; the test needs a word on exactly one", word, on)
	}
	want, _ := w.StepIndex(on[0])
	m := sized(t, 80, 24, Options{})
	press(m, "/")
	for _, r := range "shenZHEN" { // case does not matter; letters are text, not keys
		press(m, string(r))
	}
	if m.screen != screenSearch || m.study.search.query != "shenZHEN" {
		t.Fatalf("typing: screen %d, query %q", m.screen, m.study.search.query)
	}
	var steps []int
	for _, h := range m.study.search.hits {
		if h.Kind == HitStep {
			steps = append(steps, h.Step)
		}
	}
	if len(steps) == 0 {
		t.Fatal("no hits")
	}
	for _, s := range steps {
		if s != want {
			t.Errorf("hit on step %d, want only %d", s+1, want+1)
		}
	}
	press(m, "enter", "enter")
	if m.screen != screenWalk || m.Step() != want {
		t.Errorf("enter: screen %d, step %d, want the walkthrough at %d", m.screen, m.Step(), want)
	}
	if !strings.Contains(ansi.Strip(m.Frame()), word) {
		t.Error("the word is not on screen after the jump")
	}
}

func TestSearchNextHit(t *testing.T) {
	m := sized(t, 80, 24, Options{})
	press(m, "/")
	for _, r := range "police" {
		press(m, string(r))
	}
	hits := m.study.search.hits
	if len(hits) < 3 {
		t.Fatalf("only %d hits for police", len(hits))
	}
	press(m, "enter") // to the hits
	press(m, "n", "n")
	if m.screen != screenSearch || m.list.sel != 2 {
		t.Fatalf("n n: screen %d, selection %d", m.screen, m.list.sel)
	}
	press(m, "p", "enter")
	h := hits[1]
	if m.screen != screenWalk || m.Step() != h.Step || m.focus != h.Focus {
		t.Errorf("enter on hit 2: step %d focus %d, want %d %d", m.Step(), m.focus, h.Step, h.Focus)
	}
	// / again shows the same query and hits.
	press(m, "/")
	if m.study.search.query != "police" || len(m.study.search.hits) != len(hits) {
		t.Errorf("reopened search lost the query: %q", m.study.search.query)
	}
	// In the search field q is a letter, esc closes.
	press(m, "q")
	if m.study.search.query != "policeq" {
		t.Errorf("q in the search field: %q", m.study.search.query)
	}
	m.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
	press(m, "esc")
	if m.screen != screenWalk || m.study.search.query != "police" {
		t.Errorf("backspace, esc: screen %d, query %q", m.screen, m.study.search.query)
	}
}

func TestSearchGlossaryAndSources(t *testing.T) {
	w := walkthrough(t)
	m := sized(t, 100, 30, Options{})
	term := w.Glossary[len(w.Glossary)-1]
	var glossaryHit, sourceHit *Hit
	for _, h := range m.Search(term.Term) {
		if h.Kind == HitGlossary && glossaryHit == nil {
			glossaryHit = &h
		}
	}
	src := w.Sources[len(w.Sources)-1]
	for _, h := range m.Search(src.Outlet) {
		if h.Kind == HitSource && sourceHit == nil {
			sourceHit = &h
		}
	}
	if glossaryHit == nil || sourceHit == nil {
		t.Fatalf("glossary hit %v, source hit %v", glossaryHit, sourceHit)
	}
	m.openHit(*glossaryHit)
	it, _ := m.list.current()
	if m.screen != screenGlossary || !strings.Contains(ansi.Strip(strings.Join(it.text(200), " ")), term.Term) {
		t.Errorf("glossary hit: screen %d, selected %q", m.screen, ansi.Strip(strings.Join(it.text(200), " ")))
	}
	m.screen = screenWalk
	m.openHit(*sourceHit)
	it, _ = m.list.current()
	if m.screen != screenSources || !strings.Contains(ansi.Strip(strings.Join(it.text(200), " ")), src.Headline[:20]) {
		t.Errorf("source hit: screen %d", m.screen)
	}
}

// Every self-study screen at every size from 60×20 to 200×60: no line wider than the terminal,
// exactly as many lines as rows.
func TestSelfStudyScreensFit(t *testing.T) {
	w := walkthrough(t)
	screens := map[string][]string{
		"question":  {"x"},
		"answered":  {"x", "2"},
		"score":     nil, // built per chapter below
		"contents":  {"t"},
		"search":    {"/", "d", "a", "t", "a"},
		"hits":      {"/", "d", "a", "t", "a", "enter", "n"},
		"no hits":   {"/", "z", "z", "z"},
		"long word": append([]string{"/"}, strings.Split(strings.Repeat("w", 70), "")...),
	}
	for name, keys := range screens {
		for _, start := range []int{0, w.LastStepOf("Logging in"), len(w.Steps) - 1} {
			m := sized(t, 80, 24, Options{Start: start})
			if name == "score" {
				keys = []string{"x"}
				for range w.ChapterQuestions(w.Steps[start].Chapter) {
					keys = append(keys, "1", "enter")
				}
			}
			press(m, keys...)
			// Resize on the screen: the list is rebuilt at each size.
			for _, size := range [][2]int{{60, 20}, {61, 21}, {80, 24}, {100, 30}, {120, 40}, {160, 50}, {200, 60}} {
				m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				lines := strings.Split(m.Frame(), "\n")
				if len(lines) != size[1] {
					t.Fatalf("%s at %dx%d: %d lines", name, size[0], size[1], len(lines))
				}
				for i, l := range lines {
					if lw := ansi.StringWidth(l); lw > size[0] {
						t.Fatalf("%s at %dx%d: line %d is %d wide: %q", name, size[0], size[1], i, lw, ansi.Strip(l))
					}
				}
				if m.screen == screenWalk {
					t.Fatalf("%s: keys %v left the screen", name, keys)
				}
			}
		}
	}
}

// The lines the screens build fit before the frame truncates anything.
func TestSelfStudyListLinesFit(t *testing.T) {
	for _, keys := range [][]string{{"x"}, {"x", "1"}, {"/", "p", "o", "l"}, {"t"}} {
		for _, width := range []int{60, 80, 200} {
			m := sized(t, width, 30, Options{Start: 3})
			press(m, keys...)
			for _, l := range m.list.view(m, m.bodyWidth(), m.bodyHeight()) {
				if lw := ansi.StringWidth(l); lw > width {
					t.Errorf("%v at %d: a list line is %d wide: %q", keys, width, lw, ansi.Strip(l))
				}
			}
		}
	}
}

// Without a save function (SSH sessions, --no-save) progress is counted on screen but never saved.
func TestNoSaveKeepsNothing(t *testing.T) {
	m := sized(t, 80, 24, Options{})
	for _, k := range []string{"right", "right", "x", "1"} {
		_, cmd := m.Update(keyMsg(k))
		if cmd == nil {
			continue
		}
		msgs := []tea.Msg{cmd()}
		if b, ok := msgs[0].(tea.BatchMsg); ok {
			msgs = nil
			for _, c := range b {
				if c != nil {
					msgs = append(msgs, c())
				}
			}
		}
		for _, msg := range msgs {
			if _, ok := msg.(savedMsg); ok {
				t.Fatalf("%s: a save without a save function", k)
			}
		}
	}
	if got := m.Progress(); len(got.Visited) != 3 || len(got.Answers) != 1 {
		t.Errorf("progress on screen: %+v", got)
	}
}

// The search runs on every key typed into it.
func BenchmarkSearch(b *testing.B) {
	m := sized(b, 80, 24, Options{})
	for b.Loop() {
		m.Search("police")
	}
}
