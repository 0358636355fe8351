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
	"strconv"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"
	"charm.land/wish/v2/ratelimiter"
	rm "charm.land/wish/v2/recover"
	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/time/rate"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/ui"
)

// Defaults for the serve command.
const (
	DefaultListen      = "127.0.0.1:2222"
	DefaultMaxSessions = 100
	DefaultIdleTimeout = 2 * time.Hour
	// DefaultMaxSessionTime ends any session after a working day, whatever it does.
	DefaultMaxSessionTime = 8 * time.Hour
	// DefaultStartTimeout is how long a connection has, from its first byte, to finish the SSH
	// handshake, authenticate and start the walkthrough. It includes a student reading the host key
	// fingerprint and typing "yes" the first time, so it is not a few seconds.
	DefaultStartTimeout = 30 * time.Second
)

// DefaultMaxConnections is twice the seats and ten more: room for the presenters, for students
// connecting while others leave, and for a few connections that never start.
func DefaultMaxConnections(maxSessions int) int { return 2*maxSessions + 10 }

// What a refused or closed session is told, on one line.
const (
	MsgNeedTerminal = "cyberid needs a terminal: connect with ssh -t"
	MsgRoomFull     = "the room is full: please try again in a little while"
	MsgStopping     = "the cyberid server is stopping: thank you for joining"
	msgIdle         = "closed after %s without activity: connect again to continue"
	msgMaxTime      = "closed after %s, the longest a session may last: connect again to continue"
	msgBroken       = "this session stopped on a bug: connect again to continue"
)

// stopWait is how long Serve waits, after it is cancelled, for sessions to say goodbye before it
// closes every connection. The whole stop stays well under five seconds.
const stopWait = 3 * time.Second

// maxAuthTries lets a student whose agent holds many keys reach keyboard-interactive: each key the
// server turns down counts as one failure, and the library default of 6 would disconnect them.
const maxAuthTries = 64

// fps is how often bubbletea's renderer may draw a session's frame.
const fps = 120

// Config configures a Server.
type Config struct {
	Walkthrough *content.Walkthrough
	// ContentLabel names a teacher's content folder (--content DIR) for every screen to show; "" for
	// the built-in walkthrough.
	ContentLabel string
	// HostKeyPath is the server's private key; EnsureHostKey makes it on first run.
	HostKeyPath string
	// PresenterKeys are the keys that make a connection the presenter. Without any, every session is
	// independent.
	PresenterKeys []PresenterKey
	// MaxSessions caps audience sessions (a presenter always gets in); 0 means DefaultMaxSessions.
	MaxSessions int
	// MaxConnections caps open TCP connections, admitted or not; 0 means DefaultMaxConnections.
	MaxConnections int
	// MaxPerAddress, when above 0, caps the connections open from one address and the sessions it
	// may start a minute. Off by default: a classroom behind NAT is one address.
	MaxPerAddress int
	// StartTimeout closes a connection that has not started the walkthrough this long after it
	// opened (handshake, authentication and session request); 0 means DefaultStartTimeout.
	StartTimeout time.Duration
	// IdleTimeout ends a session with no key press and no presenter move for this long; 0 means never.
	IdleTimeout time.Duration
	// MaxSessionTime ends any session this long after it started; 0 means never.
	MaxSessionTime time.Duration
	Theme          ui.Theme
	// Logger receives connects and disconnects, with counts only; nil discards them.
	Logger *log.Logger

	hooks testHooks
}

// testHooks let tests break a session on purpose.
type testHooks struct {
	setup func(ssh.Session)         // called as a session's program is built
	model func(tea.Model) tea.Model // wraps a session's model
}

// Server is the classroom server.
type Server struct {
	cfg  Config
	ssh  *ssh.Server
	hub  *hub // nil without presenter keys
	gate *gate
	log  *log.Logger
	// HostKeyFingerprint is the SHA256 fingerprint of the host key, as ssh shows it.
	HostKeyFingerprint string
	// shared lets sessions on the same step and width share one rendering of the narrative.
	shared *ui.Shared

	mu         sync.Mutex
	clients    map[*client]struct{}
	audience   int
	presenters int
	stopping   bool
	wg         sync.WaitGroup
}

// New checks the configuration, makes the host key on first run and builds the server. Bind the
// listener first (Listen), so that a port already taken leaves no new key behind.
func New(cfg Config) (*Server, error) {
	if cfg.Walkthrough == nil {
		return nil, errors.New("serve: no walkthrough")
	}
	if cfg.MaxSessions <= 0 {
		cfg.MaxSessions = DefaultMaxSessions
	}
	if cfg.MaxConnections <= 0 {
		cfg.MaxConnections = DefaultMaxConnections(cfg.MaxSessions)
	}
	if cfg.StartTimeout <= 0 {
		cfg.StartTimeout = DefaultStartTimeout
	}
	if cfg.IdleTimeout < 0 || cfg.MaxSessionTime < 0 || cfg.MaxPerAddress < 0 {
		return nil, errors.New("serve: a negative limit")
	}
	s := &Server{cfg: cfg, log: cfg.Logger, clients: map[*client]struct{}{}, shared: ui.NewShared()}
	if s.log == nil {
		s.log = log.New(io.Discard)
	}
	if len(cfg.PresenterKeys) > 0 {
		s.hub = newHub(cfg.Walkthrough, s.log)
	}
	s.gate = newGate(cfg.MaxConnections, cfg.MaxPerAddress, cfg.StartTimeout, s.log)
	created, err := EnsureHostKey(cfg.HostKeyPath)
	if err != nil {
		return nil, err
	}
	if s.HostKeyFingerprint, err = hostKeyFingerprint(cfg.HostKeyPath); err != nil {
		return nil, err
	}
	if created {
		s.log.Info("made a new host key", "path", cfg.HostKeyPath, "fingerprint", s.HostKeyFingerprint)
	}

	// The session handler, composed the way soft-serve composes its own: recover around everything,
	// so that a panic in one session, in set-up or in the program, ends that session and not the
	// server. Inside, the last listed runs first: the terminal check and the clamp, then the seat
	// (admission, timers, goodbye), then the walkthrough itself in wish's bubbletea middleware.
	session := rm.MiddlewareWithLogger(panicLogger{s.log},
		bm.MiddlewareWithProgramHandler(s.program),
		s.accessible,
		s.seat,
		s.terminal,
	)
	mws := []wish.Middleware{session}
	if cfg.MaxPerAddress > 0 {
		// On the open internet: one address may start MaxPerAddress sessions a minute (in a burst of
		// as many). Last in the list, so it runs first.
		mws = append(mws, ratelimiter.Middleware(ratelimiter.NewRateLimiter(
			rate.Every(time.Minute/time.Duration(cfg.MaxPerAddress)), cfg.MaxPerAddress, 4*cfg.MaxConnections)))
	}
	opts := []ssh.Option{
		wish.WithHostKeyPath(cfg.HostKeyPath),
		// Everyone gets in through keyboard-interactive without a prompt. Public-key auth accepts
		// only presenter keys: the client then offers every key it has, in any order, before it
		// falls back, so a presenter is recognised whatever else their agent holds.
		wish.WithKeyboardInteractiveAuth(func(ssh.Context, gossh.KeyboardInteractiveChallenge) bool { return true }),
		wish.WithMiddleware(mws...),
	}
	if s.hub != nil {
		opts = append(opts, wish.WithPublicKeyAuth(func(ctx ssh.Context, k ssh.PublicKey) bool {
			return s.presenterKey(k, ctx.RemoteAddr())
		}))
	}
	if cfg.IdleTimeout > 0 {
		// A backstop for connections whose session is gone; sessions have their own timer, which
		// says goodbye.
		opts = append(opts, wish.WithIdleTimeout(cfg.IdleTimeout+time.Minute))
	}
	if cfg.MaxSessionTime > 0 {
		opts = append(opts, wish.WithMaxTimeout(cfg.MaxSessionTime+cfg.StartTimeout+time.Minute))
	}
	srv, err := wish.NewServer(opts...)
	if err != nil {
		return nil, fmt.Errorf("host key %s: %w", cfg.HostKeyPath, err)
	}
	srv.ServerConfigCallback = func(ssh.Context) *gossh.ServerConfig {
		return &gossh.ServerConfig{MaxAuthTries: maxAuthTries}
	}
	srv.ConnCallback = s.gate.connCallback
	// Only "shell": exec requests and subsystems (sftp) are refused.
	// One exec is allowed: the command "accessible" (accessible.go).
	srv.SessionRequestCallback = func(sess ssh.Session, kind string) bool {
		if kind == "exec" && isAccessible(sess) {
			return true
		}
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

// panicLogger gives wish's recover middleware the server's logger.
type panicLogger struct{ l *log.Logger }

func (p panicLogger) Printf(format string, v ...any) { p.l.Error(fmt.Sprintf(format, v...)) }

// presenterKey says whether k, offered from addr, makes the presenter.
func (s *Server) presenterKey(k ssh.PublicKey, addr net.Addr) bool {
	if k == nil {
		return false
	}
	now := time.Now()
	for _, p := range s.cfg.PresenterKeys {
		if ssh.KeysEqual(k, p.Key) && p.allows(addr, now) {
			return true
		}
	}
	return false
}

// CheckListen says what is wrong with a --listen address, before anything is bound or written.
func CheckListen(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--listen %q: want HOST:PORT, such as 127.0.0.1:2222 or 0.0.0.0:2222", addr)
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("--listen %q: the port must be a number from 1 to 65535", addr)
	}
	if strings.ContainsAny(host, " /") {
		return fmt.Errorf("--listen %q: %q is not an address", addr, host)
	}
	return nil
}

// Listen checks addr and binds it.
func Listen(addr string) (net.Listener, error) {
	if err := CheckListen(addr); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %s", addr, shortErr(err))
	}
	return ln, nil
}

// ListenAndServe listens on addr and serves until ctx is cancelled.
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	ln, err := Listen(addr)
	if err != nil {
		return err
	}
	return s.Serve(ctx, ln)
}

// Serve serves on ln until ctx is cancelled. Then it tells every session that the server is stopping,
// waits up to three seconds for them to end and closes every connection.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	s.log.Info("listening", "address", ln.Addr().String(), "presenter keys", len(s.cfg.PresenterKeys),
		"max sessions", s.cfg.MaxSessions, "max connections", s.cfg.MaxConnections,
		"per address", perAddress(s.cfg.MaxPerAddress), "idle timeout", human(s.cfg.IdleTimeout),
		"max session", human(s.cfg.MaxSessionTime))
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

func perAddress(n int) string {
	if n <= 0 {
		return "no limit"
	}
	return strconv.Itoa(n)
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

// Connections is how many TCP connections are open, admitted or not.
func (s *Server) Connections() int { return s.gate.openConns() }

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
