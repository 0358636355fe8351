package serve

import (
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// Every number and string a client sends is hostile until clamped. bubbletea's renderer keeps two
// cell buffers the size of the terminal, about 225 bytes a cell, so a client asking for 5000×5000
// would cost the server gigabytes, and even 400×200 costs 19.5 MB a session (measured). A terminal
// is drawn at most maxWidth×maxHeight, which costs about 4.5 MB, under the 5 MB a session the
// classroom is held to; a larger one is told so on screen. 240 columns is a full-screen terminal on
// a 1080p display, and far wider than the walkthrough's side-by-side layout needs (120).
const (
	maxWidth, maxHeight = 240, 64

	// maxEnv and maxEnvBytes bound the environment a session keeps (the library appends every "env"
	// request it gets); the walkthrough reads only TERM, COLORTERM, NO_COLOR and their kind.
	maxEnv      = 32
	maxEnvBytes = 1024
	// maxPtyRequest bounds a pty request (the terminal's name and its modes, a few dozen bytes).
	maxPtyRequest = 4096
	// maxChannels is how many session channels one connection may have open at once: one for the
	// walkthrough and one spare for a client that opened a session it did not use.
	maxChannels = 2
)

// defaultWidth and defaultHeight size a session whose pty reports 0×0 (ssh -tt with a pipe as input).
const defaultWidth, defaultHeight = 80, 24

// clampSize gives a zero dimension the default and caps each at the largest size drawn.
func clampSize(w, h int) (int, int) {
	if w <= 0 {
		w = defaultWidth
	}
	if h <= 0 {
		h = defaultHeight
	}
	return min(w, maxWidth), min(h, maxHeight)
}

// sessionChannel is the library's session handler behind a guard: agent and X11 forwarding are
// refused (the library would accept agent forwarding), the environment and the pty request are
// bounded, and a connection may hold at most maxChannels session channels.
func sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, ch gossh.NewChannel, ctx ssh.Context) {
	if st := stateOf(ctx); st != nil {
		if st.channels.Add(1) > maxChannels {
			st.channels.Add(-1)
			_ = ch.Reject(gossh.ResourceShortage, "too many sessions on one connection")
			return
		}
		defer st.channels.Add(-1)
	}
	ssh.DefaultSessionHandler(srv, conn, guardedChannel{ch}, ctx)
}

type guardedChannel struct{ gossh.NewChannel }

func (c guardedChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := c.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go func() {
		defer close(out)
		env := 0
		for r := range reqs {
			refuse := false
			switch r.Type {
			case "auth-agent-req@openssh.com", "x11-req":
				refuse = true
			case "env":
				env++
				refuse = env > maxEnv || len(r.Payload) > maxEnvBytes
			case "pty-req":
				refuse = len(r.Payload) > maxPtyRequest
			}
			if refuse {
				if r.WantReply {
					_ = r.Reply(false, nil)
				}
				continue
			}
			out <- r
		}
	}()
	return ch, out, nil
}

// sizedSession is a session as the walkthrough sees it: its pty and every window change clamped
// (clampSize), with the size the client asked for kept to tell the student.
type sizedSession struct {
	ssh.Session
	pty     ssh.Pty
	changes chan ssh.Window
	asked   atomic.Pointer[ssh.Window] // the client's last size, before clamping

	client *client // set once the session is admitted (seat)
}

// newSizedSession wraps sess, which must have a pty.
func newSizedSession(sess ssh.Session) *sizedSession {
	pty, changes, _ := sess.Pty()
	s := &sizedSession{Session: sess, pty: pty, changes: make(chan ssh.Window, 1)}
	s.pty.Window = s.clamp(pty.Window)
	go s.forward(changes)
	return s
}

func (s *sizedSession) clamp(w ssh.Window) ssh.Window {
	asked := w
	s.asked.Store(&asked)
	w.Width, w.Height = clampSize(w.Width, w.Height)
	w.WidthPixels, w.HeightPixels = 0, 0
	return w
}

// forward passes window changes on, clamped. A change not yet taken is replaced by the newer one,
// so that a client sending a flood of them costs one resize, not one each.
func (s *sizedSession) forward(in <-chan ssh.Window) {
	defer close(s.changes)
	for w := range in {
		w = s.clamp(w)
		select {
		case s.changes <- w:
		default:
			select {
			case <-s.changes:
			default:
			}
			s.changes <- w
		}
	}
}

// Pty is the clamped pty, and the clamped window changes.
func (s *sizedSession) Pty() (ssh.Pty, <-chan ssh.Window, bool) {
	return s.pty, s.changes, true
}

// oversize says how the client's terminal exceeds what is drawn, or "".
func (s *sizedSession) oversize() string {
	a := s.asked.Load()
	if a == nil || (a.Width <= maxWidth && a.Height <= maxHeight) {
		return ""
	}
	return fmt.Sprintf("terminal %d×%d: drawn at %d×%d", a.Width, a.Height, min(a.Width, maxWidth), min(a.Height, maxHeight))
}

// maxSequence bounds one escape sequence, and maxPaste one bracketed paste, in what a client types.
// The input parser keeps an unfinished sequence or paste whole until it ends, so a client that
// starts one and never ends it would grow the server's memory, and its parsing time, without end.
// A terminal's own replies and keys are a few dozen bytes; the rest of an overlong one is dropped.
const (
	maxSequence = 1024
	maxPaste    = 16 << 10
)

// inputGuard passes a client's input through, dropping what runs past maxSequence inside an escape
// sequence or past maxPaste inside a bracketed paste.
type inputGuard struct {
	r interface{ Read([]byte) (int, error) }

	mu    sync.Mutex
	state guardState
	n     int    // bytes of the current sequence (or paste) passed on
	csi   []byte // the parameters of the CSI sequence being read, to spot paste start and end
	paste bool   // inside a bracketed paste
	pn    int    // bytes of the current paste passed on
}

type guardState uint8

const (
	ground    guardState = iota
	escape               // after ESC
	csi                  // ESC [ ... up to a final byte
	str                  // OSC, DCS, APC, PM, SOS ... up to BEL or ESC \
	strEscape            // ESC inside a string
)

func newInputGuard(r interface{ Read([]byte) (int, error) }) *inputGuard {
	return &inputGuard{r: r}
}

func (g *inputGuard) Read(p []byte) (int, error) {
	for {
		n, err := g.r.Read(p)
		g.mu.Lock()
		n = g.filter(p[:n])
		g.mu.Unlock()
		if n > 0 || err != nil {
			return n, err
		}
	}
}

// filter keeps the bytes of p that are passed on at its start and returns how many there are.
func (g *inputGuard) filter(p []byte) int {
	out := 0
	for _, b := range p {
		if g.keep(b) {
			p[out] = b
			out++
		}
	}
	return out
}

// keep advances the guard by one byte and says whether it is passed on.
func (g *inputGuard) keep(b byte) bool {
	switch g.state {
	case ground:
		if b == 0x1b {
			g.state, g.n = escape, 1
			return true
		}
		return g.pasted()
	case escape:
		g.n++
		switch b {
		case '[':
			g.state, g.csi = csi, g.csi[:0]
		case ']', 'P', '_', '^', 'X':
			g.state = str
		case 0x1b:
			g.n = 1
		default:
			g.state = ground
		}
		return true
	case csi:
		g.n++
		if b >= 0x40 && b <= 0x7e {
			g.state = ground
			if b == '~' {
				switch string(g.csi) {
				case "200":
					g.paste, g.pn = true, 0
				case "201":
					g.paste = false
				}
			}
			return g.n <= maxSequence
		}
		if b == 0x1b {
			g.state, g.n = escape, 1
			return true
		}
		if len(g.csi) < 8 {
			g.csi = append(g.csi, b)
		}
		return g.n <= maxSequence
	case str, strEscape:
		g.n++
		switch {
		case b == 0x07:
			g.state = ground
		case b == 0x1b:
			g.state = strEscape
		case g.state == strEscape && b == '\\':
			g.state = ground
		default:
			g.state = str
		}
		return g.n <= maxSequence
	}
	return true
}

// pasted counts a plain byte inside a paste and says whether it is still within maxPaste.
func (g *inputGuard) pasted() bool {
	if !g.paste {
		return true
	}
	g.pn++
	return g.pn <= maxPaste
}
