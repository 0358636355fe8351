package serve

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	bm "charm.land/wish/v2/bubbletea"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/ssh"

	"github.com/cyberid/cyberid/screen"
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

	screen *screen.Screen // draws the session's frames; nil on a real pty
	sizes  sizeOrder      // used by filter, on the program's event loop

	mu     sync.Mutex
	prog   *tea.Program
	reason string // why the server ended the session, said after the program stops
	idle   *time.Timer
}

func (c *client) role() string {
	if c.presenter {
		return "presenter"
	}
	return "audience"
}

// handle is the session handler: the checks, then the walkthrough through wish's bubbletea
// middleware, then a goodbye line if the server ended the session.
func (s *Server) handle(sess ssh.Session) {
	if _, _, ok := sess.Pty(); !ok {
		s.log.Info("refused: no terminal")
		refuse(sess, MsgNeedTerminal)
		return
	}
	c, msg := s.admit(s.isPresenter(sess.PublicKey()))
	if c == nil {
		refuse(sess, msg)
		return
	}
	// The program's context ends when this handler returns, so that nothing can block sending to it
	// afterwards. It is not derived from the connection's context: when a student disconnects, wish's
	// middleware quits the program cleanly instead of killing it (which it would log as an error).
	c.ctx, c.cancel = context.WithCancel(context.Background())
	defer s.release(c)
	defer c.cancel()

	bm.MiddlewareWithProgramHandler(c.program)(func(ssh.Session) {})(sess)
	if c.screen != nil {
		_ = c.screen.Close() // the student's terminal as it was, before any goodbye
	}

	c.cancel()
	c.mu.Lock()
	reason := c.reason
	if c.idle != nil {
		c.idle.Stop()
	}
	c.mu.Unlock()
	if c.member != nil {
		s.hub.leave(c.member)
	}
	if reason != "" {
		_, _ = fmt.Fprintln(sess, reason)
	}
}

// refuse tells the client why in one line and closes the session.
func refuse(sess ssh.Session, msg string) {
	_, _ = fmt.Fprintln(sess.Stderr(), msg)
	_ = sess.Exit(1)
}

// program builds the session's bubbletea program.
func (c *client) program(sess ssh.Session) *tea.Program {
	s := c.s
	c.mu.Lock()
	ended := c.reason != ""
	c.mu.Unlock()
	if ended {
		return nil
	}

	opts := ui.Options{Theme: s.cfg.Theme, Shared: s.shared}
	var m *member
	if s.hub != nil {
		m = &member{presenter: c.presenter, following: !c.presenter}
		opts.Start = s.hub.current()
		if c.presenter {
			opts.OnStep = func(step int) { s.hub.moved(m, step) }
		} else {
			opts.OnFollow = func() tea.Cmd {
				status := s.hub.toggle(m)
				return func() tea.Msg { return ui.StatusMsg(status) }
			}
		}
	}
	model := ui.New(s.cfg.Walkthrough, opts)
	if m != nil && !c.presenter {
		model.Update(ui.StatusMsg(StatusFollowing))
	}

	pty, _, _ := sess.Pty()
	w, h := fixSize(pty.Window.Width, pty.Window.Height)
	c.sizes = sizeOrder{first: tea.WindowSizeMsg{Width: w, Height: h}}
	popts := append(bm.MakeOptions(sess), tea.WithContext(c.ctx), tea.WithWindowSize(w, h))
	var p *tea.Program
	if sess.EmulatedPty() {
		// The session's own output, as wish's options give the program: a screen draws each frame
		// the moment it changes, and the session costs nothing while nobody moves (../screen).
		env := append(sess.Environ(), "TERM="+pty.Term)
		c.screen = screen.New(sess, env, w, h, colorprofile.Env(env))
		c.screen.SetNewlineMapped(true) // the emulated pty writes "\n" as "\r\n"
		c.screen.AskModes()
		// A bug in drawing one student's frame ends that session, not the server and the class.
		c.screen.OnPanic(func(r any) {
			c.s.log.Error("a session's frame panicked", "panic", fmt.Sprint(r))
			c.end(msgBroken)
		})
		p = c.screen.Program(model, c.filter, popts...)
	} else {
		// A real pty, which this server never allocates: bubbletea's renderer knows it.
		p = tea.NewProgram(model, append(popts, tea.WithFilter(c.filter))...)
	}

	c.mu.Lock()
	c.prog = p
	c.mu.Unlock()
	if m != nil {
		m.box = newMailbox(p, c.ctx.Done())
		c.member = m
		s.hub.join(m, opts.Start)
	}
	c.startIdle()
	return p
}

// filter sees every message before the model: it keeps track of activity, gives a 0×0 terminal a
// usable size and keeps sizes in order (sizes). It also stands in for bm.MakeOptions' filter, which
// it replaces: a session cannot be suspended.
func (c *client) filter(_ tea.Model, msg tea.Msg) tea.Msg {
	switch msg := msg.(type) {
	case tea.SuspendMsg:
		return tea.ResumeMsg{}
	case tea.WindowSizeMsg:
		w, h := fixSize(msg.Width, msg.Height)
		if !c.sizes.keep(tea.WindowSizeMsg{Width: w, Height: h}) {
			return nil
		}
		return tea.WindowSizeMsg{Width: w, Height: h}
	case tea.KeyPressMsg, tea.MouseClickMsg, tea.MouseWheelMsg, ui.GotoMsg:
		c.touch()
	}
	return msg
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

// fixSize replaces a zero dimension (ssh -tt with a pipe as input asks for a 0×0 pty) with a default.
func fixSize(w, h int) (int, int) {
	if w <= 0 {
		w = defaultWidth
	}
	if h <= 0 {
		h = defaultHeight
	}
	return w, h
}

func (c *client) touch() { c.last.Store(time.Now().UnixNano()) }

// startIdle ends the session after IdleTimeout with no key press, click or presenter move.
func (c *client) startIdle() {
	d := c.s.cfg.IdleTimeout
	if d <= 0 {
		return
	}
	c.touch()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.idle = time.AfterFunc(d, func() {
		idle := time.Since(time.Unix(0, c.last.Load()))
		if idle >= d {
			c.s.log.Info("closing an idle session", "after", human(d))
			c.end(fmt.Sprintf(msgIdle, human(d)))
			return
		}
		c.mu.Lock()
		c.idle.Reset(d - idle)
		c.mu.Unlock()
	})
}

// end stops the session's program; the reason is said once the terminal is restored.
func (c *client) end(reason string) {
	c.mu.Lock()
	if c.reason == "" {
		c.reason = reason
	}
	p := c.prog
	c.mu.Unlock()
	if p != nil {
		go p.Quit()
	}
}
