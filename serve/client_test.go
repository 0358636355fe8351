package serve

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"github.com/cyberid/cyberid/content"
)

// Test helpers: a server on a random loopback port and SSH clients (golang.org/x/crypto/ssh) whose
// output feeds a virtual terminal, so tests read the screen a person would see. bubbletea redraws
// only the cells that change, so the raw stream is not the screen; the emulator rebuilds it.

var (
	loadOnce sync.Once
	loaded   *content.Walkthrough
	loadErr  error
)

func walkthrough(tb testing.TB) *content.Walkthrough {
	loadOnce.Do(func() { loaded, loadErr = content.Load() })
	if loadErr != nil {
		tb.Fatal(loadErr)
	}
	return loaded
}

// waitTimeout bounds every wait for text; waits end as soon as the text is there.
const waitTimeout = 15 * time.Second

type testServer struct {
	srv    *Server
	addr   string
	cancel context.CancelFunc
	done   chan error
}

// startServer serves cfg on 127.0.0.1 with a random free port. Empty fields get test defaults.
func startServer(tb testing.TB, cfg Config) *testServer {
	tb.Helper()
	if cfg.Walkthrough == nil {
		cfg.Walkthrough = walkthrough(tb)
	}
	if cfg.HostKeyPath == "" {
		cfg.HostKeyPath = filepath.Join(tb.TempDir(), "host_key")
	}
	srv, err := New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ts := &testServer{srv: srv, addr: ln.Addr().String(), cancel: cancel, done: make(chan error, 1)}
	go func() { ts.done <- srv.Serve(ctx, ln) }()
	tb.Cleanup(func() { ts.stop(tb) })
	return ts
}

// stop cancels the server and waits for Serve to return (at most five seconds, as promised).
func (ts *testServer) stop(tb testing.TB) {
	tb.Helper()
	if ts.cancel == nil {
		return
	}
	ts.cancel()
	ts.cancel = nil
	select {
	case err := <-ts.done:
		if err != nil {
			tb.Errorf("Serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		tb.Errorf("server still running 5 s after it was told to stop")
	}
}

func newKey(tb testing.TB) gossh.Signer {
	tb.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// dialSSH connects; signers are offered in order before keyboard-interactive.
func dialSSH(tb testing.TB, addr string, hostKey *gossh.PublicKey, signers ...gossh.Signer) *gossh.Client {
	tb.Helper()
	auth := []gossh.AuthMethod{}
	if len(signers) > 0 {
		auth = append(auth, gossh.PublicKeys(signers...))
	}
	return dialAs(tb, addr, "student", hostKey, auth...)
}

// keyboardInteractive answers every prompt with nothing, as a student pressing enter would.
var keyboardInteractive = gossh.KeyboardInteractive(func(_, _ string, q []string, _ []bool) ([]string, error) {
	return make([]string, len(q)), nil
})

// dialAs connects as user with the given methods, then keyboard-interactive.
func dialAs(tb testing.TB, addr, user string, hostKey *gossh.PublicKey, auth ...gossh.AuthMethod) *gossh.Client {
	tb.Helper()
	cfg := &gossh.ClientConfig{
		User: user,
		Auth: append(auth, keyboardInteractive),
		HostKeyCallback: func(_ string, _ net.Addr, k gossh.PublicKey) error {
			if hostKey != nil {
				*hostKey = k
			}
			return nil
		},
		Timeout: waitTimeout,
	}
	c, err := gossh.Dial("tcp", addr, cfg)
	if err != nil {
		tb.Fatalf("dial %s: %v", addr, err)
	}
	tb.Cleanup(func() { _ = c.Close() })
	return c
}

// newSession opens a session channel on c. The server counts a closed channel as gone only once the
// close has gone both ways, so a rejection for too many channels is retried for a while.
func newSession(tb testing.TB, c *gossh.Client) *gossh.Session {
	tb.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		s, err := c.NewSession()
		if err == nil {
			return s
		}
		var oc *gossh.OpenChannelError
		if !errors.As(err, &oc) || oc.Reason != gossh.ResourceShortage || time.Now().After(deadline) {
			tb.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// term is one SSH session with a pty, seen through a virtual terminal.
type term struct {
	tb   testing.TB
	c    *gossh.Client
	s    *gossh.Session
	in   io.WriteCloser
	done chan struct{} // closed when the session ends

	mu  sync.Mutex
	emu *vt.Emulator
	raw bytes.Buffer // stdout and stderr as received
}

// openTerm opens a shell session with a w×h pty on an existing client.
func openTerm(tb testing.TB, c *gossh.Client, w, h int) *term {
	tb.Helper()
	return openTermCommand(tb, c, w, h, "")
}

// openTermCommand is openTerm running command instead of the shell ("" for the shell), as
// ssh -t HOST command does.
func openTermCommand(tb testing.TB, c *gossh.Client, w, h int, command string) *term {
	tb.Helper()
	s := newSession(tb, c)
	var err error
	emuW, emuH := w, h
	if emuW == 0 || emuH == 0 {
		emuW, emuH = defaultWidth, defaultHeight
	}
	t := &term{tb: tb, c: c, s: s, emu: vt.NewEmulator(emuW, emuH), done: make(chan struct{})}
	if t.in, err = s.StdinPipe(); err != nil {
		tb.Fatal(err)
	}
	out, err := s.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	errOut, err := s.StderrPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := s.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		tb.Fatal(err)
	}
	if command == "" {
		err = s.Shell()
	} else {
		err = s.Start(command)
	}
	if err != nil {
		tb.Fatal(err)
	}
	// The terminal's replies (to the background-colour query, for example) go back as input.
	// Write errors are ignored so that the emulator never blocks on a reply after the session ends.
	go func() {
		buf := make([]byte, 1024)
		for {
			n, err := t.emu.Read(buf)
			if n > 0 {
				_, _ = t.in.Write(buf[:n])
			}
			if err != nil {
				return
			}
		}
	}()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); t.pump(out, true) }()
	go func() { defer wg.Done(); t.pump(errOut, false) }()
	go func() { wg.Wait(); _ = s.Wait(); close(t.done) }()
	// The reply reader above keeps draining the emulator after the session ends (closing the
	// emulator would race with its Read), so a late query can never block the output pump.
	tb.Cleanup(func() { _ = s.Close() })
	return t
}

func (t *term) pump(r io.Reader, screen bool) {
	buf := make([]byte, 32*1024)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			t.mu.Lock()
			t.raw.Write(buf[:n])
			if screen {
				_, _ = t.emu.Write(buf[:n])
			}
			t.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// screen is the terminal's text now.
func (t *term) screen() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return ansi.Strip(t.emu.String())
}

// output is everything received, without escape sequences.
func (t *term) output() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return ansi.Strip(t.raw.String())
}

// waitFor waits until cond holds for what get returns, or fails after waitTimeout.
func waitFor(tb testing.TB, what string, get func() string, cond func(string) bool) string {
	tb.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		s := get()
		if cond(s) {
			return s
		}
		if time.Now().After(deadline) {
			tb.Fatalf("timed out waiting for %s; last seen:\n%s", what, s)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitScreen waits until the screen shows all of the texts.
func (t *term) waitScreen(texts ...string) string {
	t.tb.Helper()
	return waitFor(t.tb, fmt.Sprintf("screen to show %q", texts), t.screen, func(s string) bool {
		for _, x := range texts {
			if !strings.Contains(s, x) {
				return false
			}
		}
		return true
	})
}

// waitOutput waits until the output (stdout and stderr, escapes stripped) contains text.
func (t *term) waitOutput(text string) string {
	t.tb.Helper()
	return waitFor(t.tb, fmt.Sprintf("output to contain %q", text), t.output, func(s string) bool {
		return strings.Contains(s, text)
	})
}

// saidAfterLeaving checks that text came after the terminal was given back: the last frame left
// the alternate screen before it, so that the student reads it in their own scrollback.
func (t *term) saidAfterLeaving(text string) {
	t.tb.Helper()
	t.mu.Lock()
	raw := t.raw.String()
	t.mu.Unlock()
	left, said := strings.LastIndex(raw, ansi.ResetModeAltScreenSaveCursor), strings.LastIndex(raw, text)
	if left < 0 || said < left {
		t.tb.Errorf("%q came before the terminal left the alternate screen (at %d, left at %d)", text, said, left)
	}
}

// waitEnd waits for the session to end.
func (t *term) waitEnd() {
	t.tb.Helper()
	select {
	case <-t.done:
	case <-time.After(waitTimeout):
		t.tb.Fatalf("session still open; output:\n%s", t.output())
	}
}

// resize changes the pty and the emulator together, as a terminal window does.
func (t *term) resize(w, h int) {
	t.tb.Helper()
	t.mu.Lock()
	t.emu.Resize(w, h)
	t.mu.Unlock()
	if err := t.s.WindowChange(h, w); err != nil {
		t.tb.Fatal(err)
	}
}

func (t *term) press(keys string) {
	t.tb.Helper()
	if _, err := io.WriteString(t.in, keys); err != nil {
		t.tb.Fatalf("press %q: %v", keys, err)
	}
}

// stepText is the header's counter for step i (0-based).
func stepText(tb testing.TB, i int) string {
	return fmt.Sprintf("Step %d of %d", i+1, len(walkthrough(tb).Steps))
}

// exitStatus is a finished session's exit status, or -1.
func exitStatus(err error) int {
	var ee *gossh.ExitError
	if errors.As(err, &ee) {
		return ee.ExitStatus()
	}
	if err == nil {
		return 0
	}
	return -1
}
