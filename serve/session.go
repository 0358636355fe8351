package serve

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	bm "charm.land/wish/v2/bubbletea"
	"github.com/charmbracelet/ssh"

	"github.com/cyberid/cyberid/ui"
)

// client is one SSH session running the walkthrough.
type client struct {
	s         *Server
	presenter bool

	ctx    context.Context // ends with the session, so Send to its program cannot block afterwards
	cancel context.CancelFunc
	member *member // nil without presenter keys
	last   atomic.Int64

	// Used by filter, on the program's event loop only.
	sizes    sizeOrder
	sized    *sizedSession
	status   string // the last status the hub or the program set, before the size note
	note     string // the size note last shown
	lastSize tea.WindowSizeMsg

	mu     sync.Mutex
	prog   *tea.Program
	quit   bool   // the program got its QuitMsg: it ended the ordinary way
	reason string // why the server ended the session, said after the program stops
	timers []*time.Timer
}

func (c *client) role() string {
	if c.presenter {
		return "presenter"
	}
	return "audience"
}

// terminal is the outermost session middleware: a session without a pty is told how to get one
// (wish's activeterm middleware says only "Requires an active PTY"); every other session goes on
// with its sizes clamped.
func (s *Server) terminal(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if _, _, ok := sess.Pty(); !ok {
			s.log.Info("refused: no terminal")
			refuse(sess, MsgNeedTerminal)
			return
		}
		next(newSizedSession(sess))
	}
}

// seat admits a session or refuses it, runs it, and says goodbye: why the server ended it, or that
// it broke. It runs even when the session panics (wish's recover middleware then logs the panic).
func (s *Server) seat(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		sized := sess.(*sizedSession)
		if st := stateOf(sess.Context()); st != nil {
			st.sessionStarted()
			defer st.sessionEnded()
		}
		c, msg := s.admit(s.presenterKey(sess.PublicKey(), sess.RemoteAddr()))
		if c == nil {
			refuse(sess, msg)
			return
		}
		// The program's context ends when this handler returns, so that nothing can block sending to it
		// afterwards. It is not derived from the connection's context: when a student disconnects, wish's
		// middleware quits the program cleanly instead of killing it (which it would log as an error).
		c.ctx, c.cancel = context.WithCancel(context.Background())
		c.sized, sized.client = sized, c
		defer s.release(c)
		returned := false
		defer func() {
			c.cancel()
			c.mu.Lock()
			for _, t := range c.timers {
				t.Stop()
			}
			reason := c.reason
			if reason == "" && (!returned || (c.prog != nil && !c.quit)) && sess.Context().Err() == nil {
				// A panic in set-up, or one bubbletea caught in the program, which then ended
				// without its QuitMsg.
				reason = msgBroken
			}
			c.mu.Unlock()
			if c.member != nil {
				s.hub.leave(c.member)
			}
			if reason != "" {
				_, _ = fmt.Fprintln(sess, reason)
			}
		}()
		next(sess)
		returned = true
	}
}

// refuse tells the client why in one line and closes the session.
func refuse(sess ssh.Session, msg string) {
	_, _ = fmt.Fprintln(sess.Stderr(), msg)
	_ = sess.Exit(1)
}

// program builds the session's bubbletea program, for wish's bubbletea middleware.
func (s *Server) program(sess ssh.Session) *tea.Program {
	sized := sess.(*sizedSession)
	c := sized.client
	if s.cfg.hooks.setup != nil {
		s.cfg.hooks.setup(sess)
	}
	c.mu.Lock()
	ended := c.reason != ""
	c.mu.Unlock()
	if ended {
		return nil
	}

	opts := ui.Options{Theme: s.cfg.Theme, Shared: s.shared, ContentLabel: s.cfg.ContentLabel}
	var m *member
	if s.hub != nil {
		m = &member{presenter: c.presenter, following: !c.presenter}
		opts.Start = s.hub.current()
		if c.presenter {
			opts.Class = ui.Class{Role: ui.RolePresenter,
				OnView: func(v ui.ViewState) { s.hub.moved(m, v) },
				OnQuiz: s.hub.quizAction,
				OnLock: s.hub.lock,
			}
		} else {
			opts.Class = ui.Class{Role: ui.RoleAudience,
				OnFollow: func(follow bool) { s.hub.follow(m, follow) },
				OnAnswer: func(round, choice int) bool { return s.hub.answer(m, round, choice) },
			}
		}
	}
	var model tea.Model = ui.New(s.cfg.Walkthrough, opts)
	if c.presenter && s.hub != nil {
		// The counts are on the presenter's first frame; the hub keeps them up to date.
		model, _ = model.Update(ui.PresentingMsg(s.hub.status()))
	}
	c.note = c.sizeNote()
	if status := c.withSizeNote(c.status); status != "" {
		model, _ = model.Update(ui.StatusMsg(status))
	}
	if s.cfg.hooks.model != nil {
		model = s.cfg.hooks.model(model)
	}

	pty, _, _ := sess.Pty() // clamped
	w, h := pty.Window.Width, pty.Window.Height
	c.sizes = sizeOrder{first: tea.WindowSizeMsg{Width: w, Height: h}}
	// wish's options give the program the session as input and output, its environment and colour
	// profile; the input goes through a guard, and the filter replaces wish's (a session cannot be
	// suspended, and sizes are kept in order).
	popts := append(bm.MakeOptions(sess),
		tea.WithInput(newInputGuard(sess)),
		tea.WithContext(c.ctx),
		tea.WithWindowSize(w, h),
		tea.WithFPS(fps),
		tea.WithFilter(c.filter),
	)
	p := tea.NewProgram(model, popts...)

	c.mu.Lock()
	c.prog = p
	c.mu.Unlock()
	if m != nil {
		m.box = newMailbox(p.Send, c.ctx.Done())
		c.member = m
		s.hub.join(m, opts.Start)
	}
	c.startTimers()
	return p
}

// filter sees every message before the model: it keeps track of activity, keeps sizes in order
// (sizes) and drops repeats, adds the size note to the status, and notes the program's ordinary
// end. It stands in for bm.MakeOptions' filter, which it replaces: a session cannot be suspended.
func (c *client) filter(_ tea.Model, msg tea.Msg) tea.Msg {
	switch msg := msg.(type) {
	case tea.SuspendMsg:
		return tea.ResumeMsg{}
	case tea.QuitMsg:
		c.mu.Lock()
		c.quit = true
		c.mu.Unlock()
	case tea.WindowSizeMsg:
		// Sizes from wish's middleware are clamped already; one from anywhere else is clamped here.
		msg.Width, msg.Height = clampSize(msg.Width, msg.Height)
		if !c.sizes.keep(msg) {
			return nil
		}
		if msg == c.lastSize {
			return nil
		}
		c.lastSize = msg
		if note := c.sizeNote(); note != c.note && c.prog != nil {
			// The note about an oversized terminal follows the size.
			c.note = note
			p, status := c.prog, c.status // the note is added as the status comes back through here
			go p.Send(ui.StatusMsg(status))
		}
		return msg
	case ui.StatusMsg:
		c.status = string(msg)
		return ui.StatusMsg(c.withSizeNote(c.status))
	case tea.KeyPressMsg, tea.MouseClickMsg, tea.MouseWheelMsg, ui.GotoMsg, ui.FollowMsg:
		c.touch()
	}
	return msg
}

// withSizeNote adds to a status that the terminal is larger than what is drawn, when it is.
func (c *client) withSizeNote(status string) string {
	note := c.sizeNote()
	switch {
	case note == "":
		return status
	case status == "":
		return note
	}
	return status + " · " + note
}

func (c *client) sizeNote() string {
	if c.sized == nil {
		return ""
	}
	return c.sized.oversize()
}

// sizeOrder drops the one size message that can come out of order. bubbletea sends the size the
// pty had at connection from a goroutine of its own, while wish sends each window change in order
// from another, so a student who resizes at once can see the change overtaken by the older size.
// The first message with the connection's size is bubbletea's: if another size came before it, it
// is stale. (Were it instead a window change back to that size, the real first one still follows.)
// The filter runs on the program's event loop only, so it needs no lock.
type sizeOrder struct {
	first        tea.WindowSizeMsg // the size given to bubbletea at connection
	firstSeen    bool
	changedFirst bool // a different size came before the first
}

func (o *sizeOrder) keep(size tea.WindowSizeMsg) bool {
	if o.firstSeen {
		return true
	}
	if size != o.first {
		o.changedFirst = true
		return true
	}
	o.firstSeen = true
	return !o.changedFirst
}

func (c *client) touch() { c.last.Store(time.Now().UnixNano()) }

// startTimers ends the session after IdleTimeout with no key press, click or presenter move, and
// after MaxSessionTime whatever happens.
func (c *client) startTimers() {
	c.touch()
	c.mu.Lock()
	defer c.mu.Unlock()
	if d := c.s.cfg.MaxSessionTime; d > 0 {
		c.timers = append(c.timers, time.AfterFunc(d, func() {
			c.s.log.Info("closing a session at the longest a session may last", "after", human(d))
			c.end(fmt.Sprintf(msgMaxTime, human(d)))
		}))
	}
	d := c.s.cfg.IdleTimeout
	if d <= 0 {
		return
	}
	var idle *time.Timer
	idle = time.AfterFunc(d, func() {
		since := time.Since(time.Unix(0, c.last.Load()))
		if since >= d {
			c.s.log.Info("closing an idle session", "after", human(d))
			c.end(fmt.Sprintf(msgIdle, human(d)))
			return
		}
		c.mu.Lock()
		idle.Reset(d - since)
		c.mu.Unlock()
	})
	c.timers = append(c.timers, idle)
}

// end stops the session's program; the reason is said once the terminal is restored.
func (c *client) end(reason string) {
	c.mu.Lock()
	if c.reason == "" {
		c.reason = reason
	}
	p, cancel := c.prog, c.cancel
	c.mu.Unlock()
	switch {
	case p != nil:
		go p.Quit()
	case cancel != nil:
		cancel() // a session without a program (accessible.go) ends with its context
	}
}
