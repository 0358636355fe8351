package serve

import (
	"fmt"
	"sync"

	tea "charm.land/bubbletea/v2"

	"github.com/cyberid/cyberid/ui"
)

// Status lines an audience session shows.
const (
	StatusFollowing = "following the presenter"
	StatusExploring = "exploring: f to follow again"
)

// hub keeps the presenter's step and the sessions that follow it. Presenter moves arrive from inside a
// presenter program's Update, so the hub never calls tea.Program.Send itself: it posts to each
// member's mailbox, whose own goroutine delivers, and a slow session cannot hold up the others.
type hub struct {
	mu      sync.Mutex
	step    int // the presenter's current step; a late joiner starts here
	members map[*member]struct{}
}

func newHub() *hub { return &hub{members: map[*member]struct{}{}} }

// member is one session as the hub sees it.
type member struct {
	presenter bool
	following bool // audience only; guarded by hub.mu
	box       *mailbox
}

// current is the presenter's step.
func (h *hub) current() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.step
}

// join registers a member whose program opened on step start. If the presenter moved in between, the
// member is sent there.
func (h *hub) join(m *member, start int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.members[m] = struct{}{}
	if h.step != start && (m.presenter || m.following) {
		m.box.post(h.step, "", false)
	}
	h.countsLocked()
}

func (h *hub) leave(m *member) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.members, m)
	h.countsLocked()
}

// moved is a presenter's OnStep: everyone following, and every other presenter session, goes there.
func (h *hub) moved(from *member, step int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if step == h.step {
		return
	}
	h.step = step
	for m := range h.members {
		if m != from && (m.presenter || m.following) {
			m.box.post(step, "", false)
		}
	}
}

// toggle flips an audience member between following and exploring and returns its new status. A
// member who follows again is sent to the presenter's step.
func (h *hub) toggle(m *member) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	m.following = !m.following
	h.countsLocked()
	if m.following {
		m.box.post(h.step, "", false)
		return StatusFollowing
	}
	return StatusExploring
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
	s := presenterStatus(a, f)
	for m := range h.members {
		if m.presenter {
			m.box.post(-1, s, true)
		}
	}
}

func presenterStatus(audience, following int) string {
	noun := "people"
	if audience == 1 {
		noun = "person"
	}
	return fmt.Sprintf("presenting: %d %s connected, %d following", audience, noun, following)
}

// mailbox delivers the latest step and status to one program from its own goroutine. Posting never
// blocks; a step or status posted before the previous one was delivered replaces it.
type mailbox struct {
	p    *tea.Program
	done <-chan struct{}
	wake chan struct{}

	mu        sync.Mutex
	step      int // -1: nothing pending
	status    string
	hasStatus bool
}

func newMailbox(p *tea.Program, done <-chan struct{}) *mailbox {
	b := &mailbox{p: p, done: done, wake: make(chan struct{}, 1), step: -1}
	go b.run()
	return b
}

func (b *mailbox) post(step int, status string, hasStatus bool) {
	b.mu.Lock()
	if step >= 0 {
		b.step = step
	}
	if hasStatus {
		b.status, b.hasStatus = status, true
	}
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
		step, status, hasStatus := b.step, b.status, b.hasStatus
		b.step, b.hasStatus = -1, false
		b.mu.Unlock()
		if step >= 0 {
			b.p.Send(ui.GotoMsg{Step: step})
		}
		if hasStatus {
			b.p.Send(ui.StatusMsg(status))
		}
	}
}
