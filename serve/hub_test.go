package serve

import (
	"io"
	"testing"
	"time"

	"charm.land/log/v2"

	"github.com/cyberid/cyberid/ui"
)

// quietMember is a hub member whose mailbox is never read: the hub's bookkeeping alone.
func quietMember(presenter bool) *member {
	return &member{presenter: presenter, following: !presenter, box: &mailbox{wake: make(chan struct{}, 1)}}
}

// TestHubQuizTakesNothingOnTrust: every number a student sends is checked; a student answers once,
// in the open round only; the timer closes the round; nothing grows with what clients send.
func TestHubQuizTakesNothingOnTrust(t *testing.T) {
	w := walkthrough(t)
	h := newHub(w, log.New(io.Discard))
	pres, a, b := quietMember(true), quietMember(false), quietMember(false)
	for _, m := range []*member{pres, a, b} {
		h.join(m, 0)
	}
	h.quizAction(ui.QuizAction{Kind: ui.QuizAsk, Question: "no-such-question"})
	if h.quiz != nil {
		t.Fatal("an unknown question was asked")
	}
	q := w.Questions[0]
	h.quizAction(ui.QuizAction{Kind: ui.QuizAsk, Question: q.ID, Timer: 1 << 62})
	if left := time.Until(h.quiz.deadline); left > maxQuizTimer {
		t.Errorf("a timer of %s was allowed", left)
	}
	n := h.quiz.n
	for _, bad := range []struct{ round, choice int }{{n, 0}, {n, -1}, {n, len(q.Choices) + 1}, {n, 1 << 40}, {n + 1, 1}, {n - 1, 1}} {
		if h.answer(a, bad.round, bad.choice) {
			t.Errorf("answer %+v was counted", bad)
		}
	}
	if h.answer(pres, n, 1) {
		t.Error("the presenter's answer was counted")
	}
	if !h.answer(a, n, 2) || h.answer(a, n, 1) || h.answer(a, n, 2) {
		t.Error("a student answered other than exactly once")
	}
	if !h.answer(b, n, 1) {
		t.Error("the second student's answer was refused")
	}
	if got := h.roundCounts(); len(got) != len(q.Choices) || got[0] != 1 || got[1] != 1 || h.quiz.answered != 2 {
		t.Errorf("tally %v, answered %d", got, h.quiz.answered)
	}
	// A late reveal of another round changes nothing; a round with a short timer closes itself.
	h.quizAction(ui.QuizAction{Kind: ui.QuizReveal, Round: n + 7})
	if !h.quiz.open {
		t.Fatal("a reveal for another round closed this one")
	}
	h.quizAction(ui.QuizAction{Kind: ui.QuizAsk, Question: q.ID, Timer: 50 * time.Millisecond})
	n = h.quiz.n
	waitFor(t, "the timer to close the round", func() string {
		h.mu.Lock()
		defer h.mu.Unlock()
		if h.quiz != nil && !h.quiz.open {
			return "closed"
		}
		return "open"
	}, func(s string) bool { return s == "closed" })
	if h.answer(b, n, 1) {
		t.Error("an answer after the timer was counted")
	}
	for _, m := range []*member{a, b} {
		if m.answered != 0 {
			t.Error("a member still records that it answered, after the round")
		}
	}
	// The presenter leaving takes the question back.
	h.leave(pres)
	if h.quiz != nil {
		t.Error("a question outlived its presenter")
	}
}
