package serve

import (
	"fmt"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/ui"
)

// hub keeps a class together: the presenter's view, who follows, the lock and the class question.
// Calls arrive from inside the programs' Update (a presenter's change of view, a student's key), so
// the hub never calls tea.Program.Send itself: it posts to each member's mailbox, whose own goroutine
// delivers, and a slow session cannot hold up the others.
//
// The class question keeps counts only. A member records the round it answered (so that it cannot
// answer twice), never what it answered, and even that is cleared when the round closes; the log
// has the round's totals only.
type hub struct {
	w   *content.Walkthrough
	log *log.Logger

	mu         sync.Mutex
	view       ui.ViewState // the presenter's view; a late joiner starts here
	locked     bool
	presenters int
	members    map[*member]struct{}
	quiz       *round
	rounds     int // rounds asked so far: a round's number
}

func newHub(w *content.Walkthrough, l *log.Logger) *hub {
	return &hub{w: w, log: l, members: map[*member]struct{}{}}
}

// member is one session as the hub sees it.
type member struct {
	presenter bool
	following bool // audience only; guarded by hub.mu
	answered  int  // the open round this member answered; guarded by hub.mu
	box       *mailbox
}

// round is one class question: counts, and nothing about who gave them.
type round struct {
	n        int
	q        content.Question
	open     bool
	counts   []int
	answered int
	deadline time.Time
	timer    *time.Timer
}

// Most a presenter's timer may run.
const maxQuizTimer = 10 * time.Minute

// current is the presenter's step.
func (h *hub) current() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.view.Step
}

// join registers a member whose program opened on step start and tells it how the class stands.
func (h *hub) join(m *member, start int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.members[m] = struct{}{}
	if m.presenter {
		h.presenters++
		if h.presenters == 1 {
			// A presenter arriving (or returning) starts the class afresh where the step was.
			h.view = ui.ViewState{Step: start}
			h.locked = false
			for o := range h.members {
				h.postFollowLocked(o)
			}
		}
	}
	if h.view.Step != start || m.following {
		h.postFollowLocked(m)
	}
	if h.quiz != nil {
		m.box.postQuiz(h.quizMsgLocked(m.presenter))
	}
	h.countsLocked()
}

func (h *hub) leave(m *member) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.members, m)
	if m.presenter {
		h.presenters--
		if h.presenters == 0 {
			// Followers are told the presenter has gone; they follow again when one returns. A
			// question without its presenter is taken back.
			h.locked = false
			h.endRoundLocked()
			for o := range h.members {
				h.postFollowLocked(o)
			}
		}
	}
	h.countsLocked()
}

// postFollowLocked tells a member how the class stands and, if it follows, where to go.
func (h *hub) postFollowLocked(m *member) {
	m.box.postFollow(ui.FollowMsg{Following: m.presenter || m.following, Locked: h.locked,
		Present: h.presenters > 0, View: h.view})
}

// moved is a presenter's OnView: everyone following, and every other presenter session, goes
// there; every student learns where the presenter is.
func (h *hub) moved(from *member, v ui.ViewState) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if v == h.view {
		return
	}
	h.view = v
	for m := range h.members {
		if m != from {
			h.postFollowLocked(m)
		}
	}
}

// follow sets whether an audience member follows. Following again takes it to the presenter's view.
func (h *hub) follow(m *member, follow bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.locked {
		follow = true
	}
	if m.following == follow {
		return
	}
	m.following = follow
	h.postFollowLocked(m)
	h.countsLocked()
}

// lock makes everyone follow (f is disabled) until unlocked.
func (h *hub) lock(locked bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.locked == locked {
		return
	}
	h.locked = locked
	for m := range h.members {
		if locked && !m.presenter {
			m.following = true
		}
		h.postFollowLocked(m)
	}
	h.countsLocked()
	h.log.Info("follow", "locked", locked)
}

// quizAction is a presenter's OnQuiz. A round number that is not the current one is ignored, so a
// late key cannot close the next round.
func (h *hub) quizAction(a ui.QuizAction) {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch a.Kind {
	case ui.QuizAsk:
		q, ok := h.question(a.Question)
		if !ok {
			return
		}
		h.endRoundLocked()
		h.rounds++
		r := &round{n: h.rounds, q: q, open: true, counts: make([]int, len(q.Choices))}
		if d := min(max(a.Timer, 0), maxQuizTimer); d > 0 {
			r.deadline = time.Now().Add(d)
			n := r.n
			r.timer = time.AfterFunc(d, func() { h.quizAction(ui.QuizAction{Kind: ui.QuizReveal, Round: n}) })
		}
		h.quiz = r
		h.log.Info("class question asked", "round", r.n, "question", q.ID, "timer", human(min(max(a.Timer, 0), maxQuizTimer)))
		h.postQuizLocked()
	case ui.QuizReveal:
		if h.quiz == nil || h.quiz.n != a.Round || !h.quiz.open {
			return
		}
		h.revealLocked()
	case ui.QuizEnd:
		if h.quiz == nil || h.quiz.n != a.Round {
			return
		}
		h.endRoundLocked()
	}
}

func (h *hub) question(id string) (content.Question, bool) {
	for _, q := range h.w.Questions {
		if q.ID == id {
			return q, true
		}
	}
	return content.Question{}, false
}

// answer counts one student's answer: only in the open round, once, and only a choice the question
// has. Nothing about who gave it is kept beyond "has answered this round", cleared at the close.
func (h *hub) answer(m *member, n, choice int) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	r := h.quiz
	if m.presenter || r == nil || !r.open || r.n != n || m.answered == n || choice < 1 || choice > len(r.counts) {
		return false
	}
	m.answered = n
	r.counts[choice-1]++
	r.answered++
	// The presenter sees how many have answered; the spread waits for the reveal.
	msg := h.quizMsgLocked(true)
	for o := range h.members {
		if o.presenter {
			o.box.postQuiz(msg)
		}
	}
	return true
}

// revealLocked closes the round and shows everyone the spread and the answer.
func (h *hub) revealLocked() {
	r := h.quiz
	r.open = false
	if r.timer != nil {
		r.timer.Stop()
	}
	for m := range h.members {
		m.answered = 0
	}
	h.log.Info("class question closed", "round", r.n, "answers", r.answered, "spread", fmt.Sprint(r.counts))
	h.postQuizLocked()
}

// endRoundLocked puts the question away, closing it first if it is open.
func (h *hub) endRoundLocked() {
	if h.quiz == nil {
		return
	}
	if h.quiz.open {
		h.revealLocked()
	}
	h.quiz = nil
	h.postQuizLocked()
}

func (h *hub) postQuizLocked() {
	for m := range h.members {
		m.box.postQuiz(h.quizMsgLocked(m.presenter))
	}
}

// quizMsgLocked is the class question as a member is shown it: the spread only once it is closed.
func (h *hub) quizMsgLocked(presenter bool) ui.QuizMsg {
	r := h.quiz
	if r == nil {
		return ui.QuizMsg{}
	}
	msg := ui.QuizMsg{Round: r.n, Question: r.q.ID, Open: r.open, Answered: r.answered, Deadline: r.deadline}
	if presenter || !r.open {
		msg.Audience, _ = h.countLocked()
	}
	if !r.open {
		msg.Counts = append([]int(nil), r.counts...)
	}
	return msg
}

// status is the presenters' status line now.
func (h *hub) status() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	a, f := h.countLocked()
	return presenterStatus(a, f, h.locked)
}

// counts returns how many audience sessions are connected and how many of them follow.
func (h *hub) counts() (audience, following int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.countLocked()
}

func (h *hub) countLocked() (audience, following int) {
	for m := range h.members {
		if m.presenter {
			continue
		}
		audience++
		if m.following {
			following++
		}
	}
	return audience, following
}

// countsLocked refreshes the presenters' status lines.
func (h *hub) countsLocked() {
	a, f := h.countLocked()
	s := presenterStatus(a, f, h.locked)
	for m := range h.members {
		if m.presenter {
			m.box.postStatus(s)
		}
	}
}

func presenterStatus(audience, following int, locked bool) string {
	s := fmt.Sprintf("presenting: %d connected · %d following · %d exploring", audience, following, audience-following)
	if locked {
		s += " · locked"
	}
	return s
}

// mailbox delivers the latest of each kind of news to one program from its own goroutine. Posting
// never blocks; news posted before the last of its kind was delivered replaces it, so a mailbox
// holds at most one of each whatever a client does.
type mailbox struct {
	send func(tea.Msg) // the session's program's Send, or what stands in for it (accessible.go)
	done <-chan struct{}
	wake chan struct{}

	mu     sync.Mutex
	follow *ui.FollowMsg
	quiz   *ui.QuizMsg
	status *string
}

func newMailbox(send func(tea.Msg), done <-chan struct{}) *mailbox {
	b := &mailbox{send: send, done: done, wake: make(chan struct{}, 1)}
	go b.run()
	return b
}

func (b *mailbox) postFollow(msg ui.FollowMsg) { b.post(func() { b.follow = &msg }) }
func (b *mailbox) postQuiz(msg ui.QuizMsg)     { b.post(func() { b.quiz = &msg }) }
func (b *mailbox) postStatus(s string)         { b.post(func() { b.status = &s }) }

func (b *mailbox) post(set func()) {
	b.mu.Lock()
	set()
	b.mu.Unlock()
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

func (b *mailbox) run() {
	for {
		select {
		case <-b.done:
			return
		case <-b.wake:
		}
		b.mu.Lock()
		follow, quiz, status := b.follow, b.quiz, b.status
		b.follow, b.quiz, b.status = nil, nil, nil
		b.mu.Unlock()
		if follow != nil {
			b.send(*follow)
		}
		if quiz != nil {
			b.send(*quiz)
		}
		if status != nil {
			b.send(ui.PresentingMsg(*status))
		}
	}
}
