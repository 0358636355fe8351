package serve

import (
	"slices"
	"sync/atomic"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/ssh"

	"github.com/cyberid/cyberid/accessible"
	"github.com/cyberid/cyberid/ui"
)

// accessibleCommand is the one command a client may ask for (ssh -t -p PORT HOST accessible): the
// walkthrough as a line-by-line conversation for a screen reader or a braille display, instead of
// the full-screen program. An SSH client does not send the environment by default, so ACCESSIBLE=1
// cannot ask for it.
const accessibleCommand = "accessible"

// isAccessible says whether a session asked for the accessible conversation.
func isAccessible(sess ssh.Session) bool {
	return slices.Equal(sess.Command(), []string{accessibleCommand})
}

// accessible runs the conversation for a session that asked for it, seated and clamped like any
// other, and hands every other session on to the full-screen program. In a classroom its member
// of the hub hears the presenter's moves as steps; a presenter's conversation moves the class.
func (s *Server) accessible(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if !isAccessible(sess) {
			next(sess)
			return
		}
		c := sess.(*sizedSession).client
		if s.cfg.hooks.setup != nil {
			s.cfg.hooks.setup(sess)
		}
		pty, changes, _ := sess.Pty() // clamped
		var width atomic.Int64
		width.Store(int64(pty.Window.Width))
		go func() {
			for win := range changes {
				width.Store(int64(win.Width))
			}
		}()
		opts := accessible.Options{
			Width:       func() int { return int(width.Load()) },
			LineEditing: true, // wish's emulated pty gives raw keys
		}
		if s.hub != nil {
			m := &member{presenter: c.presenter, following: !c.presenter}
			opts.Start = s.hub.current()
			if c.presenter {
				opts.OnStep = func(step int) { s.hub.moved(m, ui.ViewState{Step: step}) }
			} else {
				moves := make(chan int, 1)
				opts.Moves = moves
				last := opts.Start
				// The hub's news comes through the member's mailbox, one goroutine; only a follower's
				// step matters here. The channel keeps the latest step only, so it never blocks.
				m.box = newMailbox(func(msg tea.Msg) {
					f, ok := msg.(ui.FollowMsg)
					if !ok || !f.Present || f.View.Step == last {
						return
					}
					last = f.View.Step
					select {
					case moves <- last:
					default:
						select {
						case <-moves:
						default:
						}
						moves <- last
					}
				}, c.ctx.Done())
			}
			if m.box == nil {
				m.box = newMailbox(func(tea.Msg) {}, c.ctx.Done())
			}
			c.member = m
			s.hub.join(m, opts.Start)
		}
		c.startTimers()
		in := touchReader{r: newInputGuard(sess), c: c}
		if err := accessible.Run(c.ctx, s.cfg.Walkthrough, in, sess, opts); err != nil {
			s.log.Info("accessible session ended", "err", err)
		}
		c.mu.Lock()
		c.quit = true
		c.mu.Unlock()
	}
}

// touchReader counts every read as activity, for the idle timeout: the conversation's keys do not
// pass through a bubbletea filter.
type touchReader struct {
	r interface{ Read([]byte) (int, error) }
	c *client
}

func (t touchReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if n > 0 {
		t.c.touch()
	}
	return n, err
}
