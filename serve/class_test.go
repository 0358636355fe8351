package serve

import (
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"

	"github.com/cyberid/cyberid/internal/syncbuf"
	"github.com/cyberid/cyberid/ui"
)

// The class kept together, through real SSH sessions read on a terminal emulator.

const wideW, wideH = 140, 40

func TestFollowerShowsPresentersWhatIfAndScreen(t *testing.T) {
	ts, presenterKey := classroom(t, Config{})
	pres := openTerm(t, dialSSH(t, ts.addr, nil, presenterKey), wideW, wideH)
	pres.waitScreen("Welcome to the class", "You are the presenter")
	a := openTerm(t, dialSSH(t, ts.addr, nil), testW, testH)
	a.waitScreen("Welcome to the class", "You are following the presenter", ui.StatusFollowing)
	a.dismissWelcome() // the welcome goes at the first key, and enter does nothing else
	a.waitScreen(ui.StatusFollowing, stepText(t, 0))

	// The presenter goes to the first login, opens the what-if and applies "a different identifier
	// on each platform": the follower sees the same assumption.
	pres.dismissWelcome()
	pres.press("nnnnn")
	pres.waitScreen(stepText(t, 5))
	a.waitScreen(stepText(t, 5))
	pres.press("w")
	pres.waitScreen("What if")
	pres.press("\r") // the first scenario about this step: which identifier platforms see
	pres.waitScreen("What if · Which identifier")
	pres.press("G")
	pres.press("kk\r")
	pres.waitScreen("what if: platforms see")
	pres.waitScreen("Assumed here: platforms see a")
	a.waitScreen("what if: platforms see", "Assumed here: platforms see a")

	// The presenter opens the glossary and moves the selection: so does the follower, at its size.
	pres.press("i")
	pres.waitScreen("Glossary")
	a.waitScreen("Glossary")
	pres.press("jj")
	waitSelected(t, pres, 2)
	waitSelected(t, a, 2)
	if s := a.screen(); !strings.Contains(s, ui.StatusFollowing) {
		t.Errorf("the follower stopped following:\n%s", s)
	}
	pres.press("i") // back to the walkthrough, for everyone
	a.waitFor(func(s string) bool { return !strings.Contains(s, "Glossary") && strings.Contains(s, stepText(t, 5)) })
}

// waitSelected waits until the selected entry of a list screen is the n-th (from 0) entry that
// starts with the bar: the glossary's entries are one block each.
func waitSelected(t *testing.T, tm *term, n int) {
	t.Helper()
	want := walkthrough(t).Glossary[n].Term
	tm.waitFor(func(s string) bool {
		for _, l := range strings.Split(s, "\n") {
			if strings.Contains(l, "▌") && strings.Contains(l, want) {
				return true
			}
		}
		return false
	})
}

// dismissWelcome puts the welcome away with enter, which does nothing else (a lone esc would be
// read with the next key as alt+key).
func (tm *term) dismissWelcome() {
	tm.tb.Helper()
	tm.waitScreen("Welcome to the class")
	tm.press("\r")
	tm.waitFor(func(s string) bool { return !strings.Contains(s, "Welcome to the class") })
}

func (tm *term) waitFor(cond func(string) bool) string {
	tm.tb.Helper()
	return waitFor(tm.tb, "the screen", tm.screen, cond)
}

func TestNavigationKeyExploresOnBothSidesAndPresenterReturns(t *testing.T) {
	ts, presenterKey := classroom(t, Config{})
	pres := openTerm(t, dialSSH(t, ts.addr, nil, presenterKey), testW, testH)
	a := openTerm(t, dialSSH(t, ts.addr, nil), testW, testH)
	b := openTerm(t, dialSSH(t, ts.addr, nil), testW, testH)
	pres.waitScreen("presenting: 2 connected · 2 following · 0 exploring")
	pres.dismissWelcome()
	pres.press("nn")
	a.waitScreen(stepText(t, 2), ui.StatusFollowing)
	b.waitScreen(stepText(t, 2), ui.StatusFollowing)

	// b presses → (its first key puts the welcome away and moves): it explores, and both screens say so.
	b.press("\x1b[C")
	b.waitScreen(stepText(t, 3), "exploring · presenter on step 3 · f to follow")
	pres.waitScreen("presenting: 2 connected · 1 following · 1 exploring")
	pres.press("n")
	a.waitScreen(stepText(t, 3))
	b.waitScreen("presenter on step 4")
	if s := b.screen(); !strings.Contains(s, stepText(t, 3)) {
		t.Fatalf("an exploring student was moved:\n%s", s)
	}

	// The presenter leaves: followers are told; exploring students too.
	pres.press("q")
	pres.waitEnd()
	a.waitScreen("the presenter has left")
	b.waitScreen("no presenter connected")
	a.press("p") // a student may look around meanwhile: it stays following, away
	// A presenter returns: followers follow again, from the step they were on.
	pres2 := openTerm(t, dialSSH(t, ts.addr, nil, presenterKey), testW, testH)
	pres2.waitScreen("presenting: 2 connected")
	pres2.dismissWelcome()
	pres2.press("G")
	pres2.waitScreen(stepText(t, len(walkthrough(t).Steps)-1))
	b.waitScreen("presenter on step 14")
	// a pressed p while away, which made it explore: f brings it to the presenter.
	a.waitScreen("presenter on step 14")
	a.press("f")
	a.waitScreen(stepText(t, len(walkthrough(t).Steps)-1), ui.StatusFollowing)
}

func TestLockKeepsEveryoneFollowing(t *testing.T) {
	ts, presenterKey := classroom(t, Config{})
	pres := openTerm(t, dialSSH(t, ts.addr, nil, presenterKey), wideW, wideH)
	a := openTerm(t, dialSSH(t, ts.addr, nil), testW, testH)
	pres.waitScreen("presenting: 1 connected")
	a.press("f")
	pres.waitScreen("0 following · 1 exploring")
	pres.dismissWelcome()
	pres.press("L")
	pres.waitScreen("1 following · 0 exploring · locked")
	a.waitScreen("locked for a moment")
	pres.press("n")
	a.waitScreen(stepText(t, 1))
	a.press("nnf")
	pres.press("n")
	a.waitScreen(stepText(t, 2), "locked for a moment")
	pres.press("L")
	a.waitScreen(ui.StatusFollowing)
	pres.waitFor(func(s string) bool {
		return strings.Contains(s, "1 following · 0 exploring") && !strings.Contains(s, "· locked")
	})
}

func TestNotesOnlyOnThePresentersScreen(t *testing.T) {
	ts, presenterKey := classroom(t, Config{})
	pres := openTerm(t, dialSSH(t, ts.addr, nil, presenterKey), wideW, wideH)
	a := openTerm(t, dialSSH(t, ts.addr, nil), wideW, wideH)
	pres.waitScreen("presenting: 1 connected")
	note := walkthrough(t).Steps[0].Notes[0].Text
	pres.dismissWelcome()
	pres.press("N")
	pres.waitScreen("Presenter notes · step 1", "Ask the class", note[:30])
	a.dismissWelcome()
	a.press("N")
	a.waitScreen(ui.StatusFollowing)
	pres.press("n") // the class moves; the presenter's notes follow the step
	a.waitScreen(stepText(t, 1))
	pres.waitScreen("Presenter notes · step 2")
	if s := a.screen(); strings.Contains(s, "Presenter notes") || strings.Contains(s, "Ask the class") {
		t.Fatalf("a student sees the notes:\n%s", s)
	}
}

// TestClassQuestionThreeStudents: a round with three students gives the right tally and the reveal
// on every screen; afterwards nothing in the server ties an answer to a session, and the log has
// the totals only.
func TestClassQuestionThreeStudents(t *testing.T) {
	var logBuf syncbuf.Buffer
	var mu sync.Mutex
	var models []*ui.Model
	cfg := Config{Logger: log.New(&logBuf)}
	cfg.hooks.model = func(m tea.Model) tea.Model {
		mu.Lock()
		defer mu.Unlock()
		models = append(models, m.(*ui.Model))
		return m
	}
	ts, presenterKey := classroom(t, cfg)
	pres := openTerm(t, dialSSH(t, ts.addr, nil, presenterKey), wideW, wideH)
	var students []*term
	for range 3 {
		students = append(students, openTerm(t, dialSSH(t, ts.addr, nil), testW, testH))
	}
	pres.waitScreen("presenting: 3 connected")
	q := walkthrough(t).ChapterQuestions(walkthrough(t).Steps[0].Chapter)[0]

	pres.dismissWelcome()
	pres.press("x")
	pres.waitScreen("Put a question to the class")
	pres.press("\r")
	pres.waitScreen("Class question", "0 of 3 answered")
	for _, s := range students {
		s.waitScreen("Class question", "Press 1–4")
	}
	// Hostile or mistaken keys: no such choice, then two answers from one student.
	students[0].press("9")
	students[0].press("0")
	students[0].press("2")
	students[0].waitScreen("Your answer: 2")
	students[0].press("3")
	students[1].press("2")
	students[2].press("\x1b[B\r") // ↓ and enter: the second choice... from the first
	students[2].waitScreen("Your answer: 2")
	pres.waitScreen("3 of 3 answered")
	if r := ts.srv.hub.roundCounts(); r[1] != 3 || r[0]+r[2]+r[3] != 0 {
		t.Fatalf("tally %v, want three for choice 2", r)
	}

	pres.press("\r") // reveal
	want := "The answer is " + string(rune('0'+q.Answer))
	pres.waitScreen(want, "3 answered")
	for _, s := range students {
		scr := s.waitScreen(want, "3 answered")
		if strings.Contains(scr, "Your answer:") {
			t.Errorf("a student's reveal still shows their answer:\n%s", scr)
		}
	}

	// After the round: counts only, in the hub and in every session's model.
	ts.srv.hub.mu.Lock()
	for m := range ts.srv.hub.members {
		if m.answered != 0 {
			t.Errorf("a member still records that it answered round %d", m.answered)
		}
	}
	ts.srv.hub.mu.Unlock()
	mu.Lock()
	for _, m := range models {
		if m.QuizHeld() != 0 {
			t.Errorf("a session's model still holds its answer %d", m.QuizHeld())
		}
	}
	mu.Unlock()
	// The log has the round's totals and nothing per answer.
	for _, line := range strings.Split(logBuf.String(), "\n") {
		if strings.Contains(line, "question") && !strings.Contains(line, "class question asked") &&
			!strings.Contains(line, "class question closed") {
			t.Errorf("log line about the question beyond the totals: %q", line)
		}
	}
	if !strings.Contains(logBuf.String(), "answers=3") || !strings.Contains(logBuf.String(), "spread=\"[0 3 0 0]\"") {
		t.Errorf("the log lacks the totals:\n%s", logBuf.String())
	}

	// The presenter puts it away: everyone is back on the walkthrough.
	pres.press("\r")
	for _, s := range append(students, pres) {
		s.waitFor(func(scr string) bool { return !strings.Contains(scr, "Class question") })
	}
	// A late answer to the closed round is refused.
	if ts.srv.hub.answer(&member{}, 1, 1) {
		t.Error("an answer after the round was counted")
	}
}

// roundCounts is the open or closed round's tally.
func (h *hub) roundCounts() []int {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.quiz == nil {
		return nil
	}
	return append([]int(nil), h.quiz.counts...)
}
