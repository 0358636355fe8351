package serve

import (
	"net"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/log/v2"
	"github.com/charmbracelet/ssh"
)

// connState is what the server keeps about one TCP connection, in its ssh.Context.
type connState struct {
	channels atomic.Int32 // open session channels (sessionChannel)

	mu       sync.Mutex
	sessions int           // shell sessions running on it
	timer    *time.Timer   // closes the connection while it has no session; nil without a deadline
	deadline time.Duration // how long a connection may be without a session
}

// sessionStarted stops the clock: the connection has a session.
func (st *connState) sessionStarted() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.sessions++
	if st.timer != nil {
		st.timer.Stop()
	}
}

// sessionEnded starts the clock again when the connection's last session ends: a connection left
// without a session is closed as one that never started one would be.
func (st *connState) sessionEnded() {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.sessions--; st.sessions == 0 && st.timer != nil {
		st.timer.Reset(st.deadline)
	}
}

type connStateKey struct{}

func stateOf(ctx ssh.Context) *connState {
	st, _ := ctx.Value(connStateKey{}).(*connState)
	return st
}

// gate admits TCP connections before any SSH is spoken: at most max open at once, at most perAddress
// from one address when that is set, and each must start a session within the start deadline of
// opening (or of its last session ending) or be closed. So a client that opens connections and never
// speaks, never finishes the handshake, or never asks for a session, holds a slot for a bounded time
// and can never hold more than the cap.
type gate struct {
	max        int
	perAddress int           // 0: no limit
	deadline   time.Duration // from accept to an admitted session
	log        *log.Logger

	mu     sync.Mutex
	open   int
	byAddr map[string]int
	full   bool // the cap was reached and not yet left: logged once each way
}

func newGate(max, perAddress int, deadline time.Duration, logger *log.Logger) *gate {
	return &gate{max: max, perAddress: perAddress, deadline: deadline, log: logger, byAddr: map[string]int{}}
}

// connCallback is the server's ssh.ConnCallback: it returns nil (the library closes the connection)
// when a limit is reached.
func (g *gate) connCallback(ctx ssh.Context, c net.Conn) net.Conn {
	addr := hostOf(c.RemoteAddr())
	g.mu.Lock()
	switch {
	case g.open >= g.max:
		if !g.full {
			g.full = true
			g.log.Warn("connection cap reached: refusing new connections until some close", "open", g.open)
		}
		g.mu.Unlock()
		return nil
	case g.perAddress > 0 && g.byAddr[addr] >= g.perAddress:
		g.mu.Unlock()
		return nil
	}
	g.open++
	g.byAddr[addr]++
	g.mu.Unlock()

	gc := &gatedConn{Conn: c, g: g, addr: addr}
	st := &connState{deadline: g.deadline}
	if g.deadline > 0 {
		st.mu.Lock()
		st.timer = time.AfterFunc(g.deadline, func() {
			st.mu.Lock()
			idle := st.sessions == 0
			st.mu.Unlock()
			if idle {
				_ = gc.Close()
			}
		})
		gc.timer = st.timer
		st.mu.Unlock()
	}
	ctx.SetValue(connStateKey{}, st)
	return gc
}

func (g *gate) release(addr string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.open--
	if g.byAddr[addr]--; g.byAddr[addr] <= 0 {
		delete(g.byAddr, addr)
	}
	if g.full && g.open < g.max {
		g.full = false
		g.log.Info("accepting connections again", "open", g.open)
	}
}

// openConns is how many connections are open.
func (g *gate) openConns() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.open
}

// gatedConn gives its slot back once, when it is closed.
type gatedConn struct {
	net.Conn
	g     *gate
	addr  string
	timer *time.Timer
	once  sync.Once
}

func (c *gatedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() {
		if c.timer != nil {
			c.timer.Stop()
		}
		c.g.release(c.addr)
	})
	return err
}

// hostOf is the IP of an address, or the whole address when it has none.
func hostOf(a net.Addr) string {
	if t, ok := a.(*net.TCPAddr); ok {
		return t.IP.String()
	}
	if host, _, err := net.SplitHostPort(a.String()); err == nil {
		return host
	}
	return a.String()
}
