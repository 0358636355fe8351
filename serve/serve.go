// Package serve is the SSH classroom: every SSH session runs its own walkthrough program (wish v2 and
// its bubbletea middleware), and a hub moves the audience to the presenter's step. Only the
// walkthrough is served: no shell, exec, subsystem or forwarding. Nothing about the people who
// connect is kept or logged; the log has counts only.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"

	"charm.land/log/v2"
	"charm.land/wish/v2"
	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/ui"
)

// Defaults for the serve command.
const (
	DefaultListen      = "127.0.0.1:2222"
	DefaultMaxSessions = 100
	DefaultIdleTimeout = 2 * time.Hour
)

// What a refused or closed session is told, on one line.
const (
	MsgNeedTerminal = "cyberid needs a terminal: connect with ssh -t"
	MsgRoomFull     = "the room is full: please try again in a little while"
	MsgStopping     = "the cyberid server is stopping: thank you for joining"
	msgIdle         = "closed after %s without activity: connect again to continue"
	msgBroken       = "this session stopped on a bug: connect again to continue"
)

// stopWait is how long Serve waits, after it is cancelled, for sessions to say goodbye before it
// closes every connection. The whole stop stays well under five seconds.
const stopWait = 3 * time.Second

// defaultWidth and defaultHeight size a session whose pty reports 0×0 (ssh -tt with a pipe as input).
const defaultWidth, defaultHeight = 80, 24

// maxAuthTries lets a student whose agent holds many keys reach keyboard-interactive: each key the
// server turns down counts as one failure, and the library default of 6 would disconnect them.
const maxAuthTries = 64

// Config configures a Server.
type Config struct {
	Walkthrough *content.Walkthrough
	// HostKeyPath is the server's private key; EnsureHostKey makes it on first run.
	HostKeyPath string
	// PresenterKeys are the keys that make a connection the presenter. Without any, every session is
	// independent.
	PresenterKeys []gossh.PublicKey
	// MaxSessions caps audience sessions (a presenter always gets in); 0 means DefaultMaxSessions.
	MaxSessions int
	// IdleTimeout ends a session with no key press and no presenter move for this long; 0 means never.
	IdleTimeout time.Duration
	Theme       ui.Theme
	// Logger receives connects and disconnects, with counts only; nil discards them.
	Logger *log.Logger
}

// Server is the classroom server.
type Server struct {
	cfg Config
	ssh *ssh.Server
	hub *hub // nil without presenter keys
	log *log.Logger
	// shared lets sessions on the same step and width share one rendering of the narrative.
	shared *ui.Shared

	mu         sync.Mutex
	clients    map[*client]struct{}
	audience   int
	presenters int
	stopping   bool
	wg         sync.WaitGroup
}

// New checks the configuration, makes the host key on first run and builds the server.
func New(cfg Config) (*Server, error) {
	if cfg.Walkthrough == nil {
		return nil, errors.New("serve: no walkthrough")
	}
	if cfg.MaxSessions <= 0 {
		cfg.MaxSessions = DefaultMaxSessions
	}
	if cfg.IdleTimeout < 0 {
		return nil, fmt.Errorf("idle timeout %s is negative", cfg.IdleTimeout)
	}
	s := &Server{cfg: cfg, log: cfg.Logger, clients: map[*client]struct{}{}, shared: ui.NewShared()}
	if s.log == nil {
		s.log = log.New(io.Discard)
	}
	if len(cfg.PresenterKeys) > 0 {
		s.hub = newHub()
	}
	created, err := EnsureHostKey(cfg.HostKeyPath)
	if err != nil {
		return nil, err
	}
	fp, err := hostKeyFingerprint(cfg.HostKeyPath)
	if err != nil {
		return nil, err
	}
	if created {
		s.log.Info("made a new host key", "path", cfg.HostKeyPath, "fingerprint", fp)
	} else {
		s.log.Info("host key", "path", cfg.HostKeyPath, "fingerprint", fp)
	}

	opts := []ssh.Option{
		wish.WithHostKeyPath(cfg.HostKeyPath),
		// Everyone gets in through keyboard-interactive without a prompt. Public-key auth accepts
		// only presenter keys: the client then offers every key it has, in any order, before it
		// falls back, so a presenter is recognised whatever else their agent holds.
		wish.WithKeyboardInteractiveAuth(func(ssh.Context, gossh.KeyboardInteractiveChallenge) bool { return true }),
		wish.WithMiddleware(func(ssh.Handler) ssh.Handler { return s.handle }),
	}
	if s.hub != nil {
		opts = append(opts, wish.WithPublicKeyAuth(func(_ ssh.Context, k ssh.PublicKey) bool { return s.isPresenter(k) }))
	}
	if cfg.IdleTimeout > 0 {
		// A backstop for connections that never open a session; sessions have their own timer,
		// which says goodbye.
		opts = append(opts, wish.WithIdleTimeout(cfg.IdleTimeout+time.Minute))
	}
	srv, err := wish.NewServer(opts...)
	if err != nil {
		return nil, fmt.Errorf("host key %s: %w", cfg.HostKeyPath, err)
	}
	srv.ServerConfigCallback = func(ssh.Context) *gossh.ServerConfig {
		return &gossh.ServerConfig{MaxAuthTries: maxAuthTries}
	}
	// Only "shell": exec requests and subsystems (sftp) are refused.
	srv.SessionRequestCallback = func(_ ssh.Session, kind string) bool {
		if kind != "shell" {
			s.log.Info("refused a request", "kind", kind)
			return false
		}
		return true
	}
	// Only session channels: direct-tcpip (-L, -W) has no handler and is rejected; with no request
	// handlers tcpip-forward (-R) is refused; the forwarding callbacks stay nil (deny).
	srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": sessionChannel}
	srv.RequestHandlers = map[string]ssh.RequestHandler{}
	srv.LocalPortForwardingCallback = nil
	srv.ReversePortForwardingCallback = nil
	s.ssh = srv
	return s, nil
}

func (s *Server) isPresenter(k ssh.PublicKey) bool {
	if k == nil {
		return false
	}
	for _, p := range s.cfg.PresenterKeys {
		if ssh.KeysEqual(k, p) {
			return true
		}
	}
	return false
}

// ListenAndServe listens on addr and serves until ctx is cancelled.
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	s.log.Info("listening", "address", ln.Addr().String(), "presenter keys", len(s.cfg.PresenterKeys),
		"max sessions", s.cfg.MaxSessions, "idle timeout", human(s.cfg.IdleTimeout))
	return s.Serve(ctx, ln)
}

// Serve serves on ln until ctx is cancelled. Then it tells every session that the server is stopping,
// waits up to three seconds for them to end and closes every connection.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	errc := make(chan error, 1)
	go func() { errc <- s.ssh.Serve(ln) }()
	select {
	case err := <-errc:
		if errors.Is(err, ssh.ErrServerClosed) {
			return nil
		}
		return err
	case <-ctx.Done():
	}
	s.stop()
	<-errc
	return nil
}

func (s *Server) stop() {
	s.mu.Lock()
	s.stopping = true
	clients := make([]*client, 0, len(s.clients))
	for c := range s.clients {
		clients = append(clients, c)
	}
	s.mu.Unlock()
	s.log.Info("stopping", "sessions", len(clients))

	// Stop listening at once; Shutdown then waits for connections, which Close below ends.
	go func() { _ = s.ssh.Shutdown(context.Background()) }()
	for _, c := range clients {
		c.end(MsgStopping)
	}
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(stopWait):
		s.log.Warn("sessions still open, closing them", "sessions", s.count())
	}
	_ = s.ssh.Close()
	s.log.Info("stopped")
}

func (s *Server) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.clients)
}

// admit lets a session in, or says why not.
func (s *Server) admit(presenter bool) (*client, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopping {
		return nil, MsgStopping
	}
	if !presenter && s.audience >= s.cfg.MaxSessions {
		s.log.Info("refused: room full", "audience", s.audience, "max", s.cfg.MaxSessions)
		return nil, MsgRoomFull
	}
	c := &client{s: s, presenter: presenter}
	s.clients[c] = struct{}{}
	if presenter {
		s.presenters++
	} else {
		s.audience++
	}
	s.wg.Add(1)
	s.log.Info("connected", "role", c.role(), "audience", s.audience, "presenters", s.presenters)
	return c, ""
}

func (s *Server) release(c *client) {
	s.mu.Lock()
	delete(s.clients, c)
	if c.presenter {
		s.presenters--
	} else {
		s.audience--
	}
	a, p := s.audience, s.presenters
	s.mu.Unlock()
	s.log.Info("disconnected", "role", c.role(), "audience", a, "presenters", p)
	s.wg.Done()
}

// Counts is how many audience and presenter sessions are open.
func (s *Server) Counts() (audience, presenters int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.audience, s.presenters
}

// sessionChannel is the default session handler, except that agent and X11 forwarding requests are
// refused (the library would otherwise accept agent forwarding).
func sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, ch gossh.NewChannel, ctx ssh.Context) {
	ssh.DefaultSessionHandler(srv, conn, refusingChannel{ch}, ctx)
}

type refusingChannel struct{ gossh.NewChannel }

func (c refusingChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := c.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go func() {
		defer close(out)
		for r := range reqs {
			switch r.Type {
			case "auth-agent-req@openssh.com", "x11-req":
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

// human prints a duration without trailing zero units: 2h, 90m, 1h30m, 500ms.
func human(d time.Duration) string {
	if d <= 0 {
		return "none"
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// ListenWarning says what listening on addr exposes, or "" for a loopback address.
func ListenWarning(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return ""
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		return fmt.Sprintf("listening on all interfaces: anyone who can reach this machine on port %s can connect", port)
	}
	if host == "localhost" {
		return ""
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return ""
	}
	return fmt.Sprintf("listening on %s: anyone who can reach that address on port %s can connect", host, port)
}
