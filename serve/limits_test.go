package serve

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/cyberid/cyberid/ui"
)

// Each test here is an attack on the classroom server, made through a real SSH client.

// heapNow is the live heap after a full collection.
func heapNow() int64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

func TestHugeTerminalsCostANormalSession(t *testing.T) {
	ts := startServer(t, Config{})
	first := "cyberid · " + walkthrough(t).Steps[0].Title
	const n = 4
	open := func(w, h int) []*titleWatcher {
		var out []*titleWatcher
		for range n {
			tw, err := watchSession(ts.addr, nil, w, h)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { tw.c.Close() })
			tw.waitTitle(t, first, waitTimeout)
			out = append(out, tw)
		}
		time.Sleep(300 * time.Millisecond) // the first frames go out
		return out
	}
	per := func(name string, f func()) float64 {
		before := heapNow()
		f()
		d := float64(heapNow()-before) / n
		t.Logf("%s: %.2f MB a session", name, d/(1<<20))
		return d
	}
	normal := per("120×40", func() { open(120, 40) })
	largest := per(fmt.Sprintf("%d×%d, the largest drawn", maxWidth, maxHeight), func() { open(maxWidth, maxHeight) })
	hugePty := per("a 5000×5000 pty", func() { open(5000, 5000) })
	hugeChange := per("120×40, then a window change to 5000×5000", func() {
		for _, tw := range open(120, 40) {
			before := tw.n.Load()
			if err := tw.s.WindowChange(5000, 5000); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(waitTimeout)
			for tw.n.Load() == before && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond) // the frame at the new size
			}
		}
		time.Sleep(300 * time.Millisecond)
	})
	for name, got := range map[string]float64{"pty": hugePty, "window change": hugeChange} {
		if got > largest*1.2+256<<10 || got > floorPerSession {
			t.Errorf("a huge %s costs %.2f MB a session; the largest size drawn costs %.2f MB, the floor is %d MB",
				name, got/(1<<20), largest/(1<<20), floorPerSession>>20)
		}
	}
	if largest > floorPerSession || largest < normal {
		t.Errorf("the largest size drawn costs %.2f MB a session (120×40: %.2f MB)", largest/(1<<20), normal/(1<<20))
	}
}

func TestOversizedTerminalIsToldSo(t *testing.T) {
	ts := startServer(t, Config{})
	tm := openTerm(t, dialSSH(t, ts.addr, nil), maxWidth+60, maxHeight+6)
	note := fmt.Sprintf("terminal %d×%d: drawn at %d×%d", maxWidth+60, maxHeight+6, maxWidth, maxHeight)
	tm.waitScreen(stepText(t, 0), note)
	// Nothing is drawn past the largest size.
	for i, l := range strings.Split(tm.screen(), "\n") {
		if w := len([]rune(strings.TrimRight(l, " "))); w > maxWidth || (i >= maxHeight && w > 0) {
			t.Fatalf("line %d is drawn %d columns wide, past %d×%d", i+1, w, maxWidth, maxHeight)
		}
	}
	// Back to an ordinary size, the note goes; larger again, it comes back, once.
	tm.resize(120, 40)
	tm.press("n")
	tm.waitScreen(stepText(t, 1))
	waitFor(t, "the note to go", tm.screen, func(s string) bool { return !strings.Contains(s, "drawn at") })
	tm.resize(maxWidth+10, maxHeight+1)
	s := tm.waitScreen(fmt.Sprintf("terminal %d×%d: drawn at", maxWidth+10, maxHeight+1))
	if n := strings.Count(s, "drawn at"); n != 1 {
		t.Errorf("the note is shown %d times:\n%s", n, s)
	}
}

func TestUnstartedConnectionsClosedAtTheDeadline(t *testing.T) {
	const deadline = 700 * time.Millisecond
	ts := startServer(t, Config{StartTimeout: deadline})
	start := time.Now()

	// Never speaks; sends the version line and stalls; stalls in the middle of key exchange;
	// authenticates and never asks for a session.
	silent := rawConn(t, ts.addr)
	version := rawConn(t, ts.addr)
	_, _ = io.WriteString(version, "SSH-2.0-stall\r\n")
	kex := rawConn(t, ts.addr)
	_, _ = io.WriteString(kex, "SSH-2.0-stall\r\n\x00\x00\x01")
	authed := dialSSH(t, ts.addr, nil)

	for name, c := range map[string]net.Conn{"silent": silent, "version only": version, "half a packet": kex} {
		waitClosed(t, name, c, deadline)
	}
	waitFor(t, "every connection to close", func() string { return fmt.Sprint(ts.srv.Connections()) },
		func(s string) bool { return s == "0" })
	if d := time.Since(start); d < deadline || d > deadline+3*time.Second {
		t.Errorf("closed after %s, deadline %s", d, deadline)
	}
	if _, err := authed.NewSession(); err == nil {
		t.Errorf("a connection without a session is still open after the deadline")
	}

	// A session that runs longer than the deadline is left alone, and its connection is closed
	// the deadline after it ends.
	c := dialSSH(t, ts.addr, nil)
	tm := openTerm(t, c, testW, testH)
	tm.waitScreen(stepText(t, 0))
	time.Sleep(deadline + 300*time.Millisecond)
	tm.press("n")
	tm.waitScreen(stepText(t, 1))
	tm.press("q")
	tm.waitEnd()
	waitFor(t, "the connection to close after its session", func() string { return fmt.Sprint(ts.srv.Connections()) },
		func(s string) bool { return s == "0" })
}

func TestConnectionCapHolds(t *testing.T) {
	ts := startServer(t, Config{MaxSessions: 2, MaxConnections: 4, StartTimeout: time.Minute})
	a := openTerm(t, dialSSH(t, ts.addr, nil), testW, testH)
	a.waitScreen(stepText(t, 0))
	// Three that never speak fill the cap; the next ones are closed at once, long before the deadline.
	for range 3 {
		rawConn(t, ts.addr)
	}
	waitFor(t, "four open connections", func() string { return fmt.Sprint(ts.srv.Connections()) },
		func(s string) bool { return s == "4" })
	for i := range 20 {
		waitClosed(t, fmt.Sprintf("connection %d over the cap", i+1), rawConn(t, ts.addr), 0)
	}
	if n := ts.srv.Connections(); n != 4 {
		t.Errorf("%d connections open, cap 4", n)
	}
	// The session already in runs on.
	a.press("n")
	a.waitScreen(stepText(t, 1))
}

func TestPerAddressLimit(t *testing.T) {
	ts := startServer(t, Config{MaxPerAddress: 2, StartTimeout: time.Minute})
	rawConn(t, ts.addr)
	rawConn(t, ts.addr)
	waitFor(t, "two open connections", func() string { return fmt.Sprint(ts.srv.Connections()) },
		func(s string) bool { return s == "2" })
	waitClosed(t, "a third from the same address", rawConn(t, ts.addr), 0)
	// Another address still gets in (all of 127/8 is this machine on Linux).
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP("127.0.0.2")}, Timeout: waitTimeout}
	other, err := d.Dial("tcp", ts.addr)
	if err != nil {
		t.Skipf("cannot dial from 127.0.0.2: %v", err)
	}
	defer other.Close()
	if err := other.SetReadDeadline(time.Now().Add(5 * time.Second)); err != nil {
		t.Fatal(err)
	}
	line, err := readLine(other)
	if err != nil || !strings.HasPrefix(line, "SSH-2.0-") {
		t.Errorf("another address was not served: %q, %v", line, err)
	}
}

func TestPanickingSessionLeavesOthersRunning(t *testing.T) {
	hooks := testHooks{
		setup: func(sess ssh.Session) {
			if sess.User() == "panic-in-setup" {
				panic("a bug in set-up")
			}
		},
		model: func(m tea.Model) tea.Model { return panicky{m} },
	}
	ts := startServer(t, Config{hooks: hooks})
	calm := openTerm(t, dialSSH(t, ts.addr, nil), testW, testH)
	calm.waitScreen(stepText(t, 0))

	setup := openTerm(t, dialAs(t, ts.addr, "panic-in-setup", nil), testW, testH)
	setup.waitOutput(msgBroken)
	setup.waitEnd()

	for _, key := range []string{"!", "?"} { // a panic in Update, one in View
		broken := openTerm(t, dialSSH(t, ts.addr, nil), testW, testH)
		broken.waitScreen(stepText(t, 0))
		broken.press(key)
		broken.waitOutput(msgBroken)
		broken.waitEnd()
		broken.saidAfterLeaving(msgBroken)
	}

	calm.press("n")
	calm.waitScreen(stepText(t, 1))
	openTerm(t, dialSSH(t, ts.addr, nil), testW, testH).waitScreen(stepText(t, 0))
	waitFor(t, "the broken sessions to be released", func() string {
		a, _ := ts.srv.Counts()
		return fmt.Sprint(a)
	}, func(s string) bool { return s == "2" })
}

// panicky panics in Update on "!" and in View after "?".
type panicky struct{ tea.Model }

func (p panicky) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch k.Text {
		case "!":
			panic("a bug in Update")
		case "?":
			m, cmd := p.Model.Update(msg)
			return panicky{viewPanic{m}}, cmd
		}
	}
	m, cmd := p.Model.Update(msg)
	return panicky{m}, cmd
}

type viewPanic struct{ tea.Model }

func (viewPanic) View() tea.View { panic("a bug in View") }

func TestPresenterKeySpoofIsAudience(t *testing.T) {
	ts, presenterKey := classroom(t, Config{})
	pres := openTerm(t, dialSSH(t, ts.addr, nil, presenterKey), testW, testH)
	pres.waitScreen("presenting: 0 connected")

	// The presenter's public key is public. Offering it without the private half (the server says
	// the key would do, the client cannot sign and moves on) must not make the presenter, whether
	// the client then falls back to keyboard-interactive or signs with a key of its own.
	spoof := spoofSigner{presenterKey.PublicKey()}
	for _, auth := range [][]gossh.AuthMethod{
		{gossh.PublicKeys(spoof)},
		{gossh.PublicKeys(spoof, newKey(t))},
	} {
		tm := openTerm(t, dialAs(t, ts.addr, "student", nil, auth...), testW, testH)
		s := tm.waitScreen(stepText(t, 0), ui.StatusFollowing)
		if strings.Contains(s, "presenting") {
			t.Errorf("a client that could not sign with the presenter key presents:\n%s", s)
		}
	}
	pres.waitScreen("presenting: 2 connected · 2 following")
	if _, p := ts.srv.Counts(); p != 1 {
		t.Errorf("%d presenters, want 1", p)
	}
}

// spoofSigner offers a public key it cannot sign with.
type spoofSigner struct{ pub gossh.PublicKey }

func (s spoofSigner) PublicKey() gossh.PublicKey { return s.pub }
func (s spoofSigner) Sign(io.Reader, []byte) (*gossh.Signature, error) {
	return nil, errors.New("no private key")
}

func TestPresenterFromOptionHonoured(t *testing.T) {
	key := newKey(t)
	for _, tc := range []struct {
		from      string
		presenter bool
	}{{"10.9.9.9", false}, {"127.0.0.1", true}, {"127.0.0.0/8,!127.0.0.1", false}} {
		line := fmt.Sprintf("from=%q %s", tc.from, gossh.MarshalAuthorizedKey(key.PublicKey()))
		keys, err := ParsePresenterKeys("keys", []byte(line))
		if err != nil {
			t.Fatal(err)
		}
		ts := startServer(t, Config{PresenterKeys: keys})
		tm := openTerm(t, dialSSH(t, ts.addr, nil, key), testW, testH)
		s := tm.waitScreen(stepText(t, 0))
		if got := strings.Contains(s, "presenting"); got != tc.presenter {
			t.Errorf("from=%q, connecting from 127.0.0.1: presenter %v, want %v", tc.from, got, tc.presenter)
		}
		ts.stop(t)
	}
}

func TestEnvironmentAndPtyRequestBounded(t *testing.T) {
	ts := startServer(t, Config{})
	c := dialSSH(t, ts.addr, nil)
	s := newSession(t, c)
	refused := 0
	for i := range 3 * maxEnv {
		if err := s.Setenv(fmt.Sprintf("V%d", i), "x"); err != nil {
			refused++
		}
	}
	if refused != 2*maxEnv {
		t.Errorf("%d of %d environment variables refused, want %d", refused, 3*maxEnv, 2*maxEnv)
	}
	if err := s.Setenv("BIG", strings.Repeat("x", 2*maxEnvBytes)); err == nil {
		t.Errorf("an environment variable of %d bytes was accepted", 2*maxEnvBytes)
	}
	s.Close()

	s = newSession(t, c)
	if err := s.RequestPty(strings.Repeat("x", 2*maxPtyRequest), 40, 120, gossh.TerminalModes{}); err == nil {
		t.Errorf("a pty request with a terminal name of %d bytes was accepted", 2*maxPtyRequest)
	}
	s.Close()

	// A third session channel at once is refused.
	s1, s2 := newSession(t, c), newSession(t, c)
	defer s1.Close()
	defer s2.Close()
	if s3, err := c.NewSession(); err == nil {
		s3.Close()
		t.Errorf("a connection opened %d session channels at once", maxChannels+1)
	}
}

func TestEndlessEscapeSequenceAndPasteBounded(t *testing.T) {
	ts := startServer(t, Config{})
	tm := openTerm(t, dialSSH(t, ts.addr, nil), testW, testH)
	tm.waitScreen(stepText(t, 0))
	before := heapNow()
	chunk := bytes.Repeat([]byte("a"), 64<<10)
	for _, start := range []string{"\x1b]11;", "\x1b[200~"} {
		tm.press(start)
		for range 64 { // 4 MB
			if _, err := tm.in.Write(chunk); err != nil {
				t.Fatal(err)
			}
		}
	}
	tm.press("\x1b[201~\x07")
	time.Sleep(200 * time.Millisecond)
	if grew := heapNow() - before; grew > 8<<20 {
		t.Errorf("8 MB of unfinished escape sequence and paste grew the heap by %.1f MB", float64(grew)/(1<<20))
	}
	tm.press("n")
	tm.waitScreen(stepText(t, 1))
}

func TestInputGuard(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	for _, tc := range []struct{ name, in, want string }{
		{"keys", "nnp q", "nnp q"},
		{"arrow keys and a reply", "\x1b[A\x1b[B\x1b]11;rgb:0000/0000/0000\x07n", "\x1b[A\x1b[B\x1b]11;rgb:0000/0000/0000\x07n"},
		{"overlong OSC", "\x1b]" + long(3*maxSequence) + "\x07n", "\x1b]" + long(maxSequence-2) + "n"},
		{"overlong CSI", "\x1b[" + strings.Repeat("1;", maxSequence) + "mn", "\x1b[" + strings.Repeat("1;", maxSequence/2-1) + "n"},
		{"short paste", "\x1b[200~hello\x1b[201~n", "\x1b[200~hello\x1b[201~n"},
		{"long paste", "\x1b[200~" + long(3*maxPaste) + "\x1b[201~n", "\x1b[200~" + long(maxPaste) + "\x1b[201~n"},
	} {
		g := newInputGuard(strings.NewReader(tc.in))
		got, err := io.ReadAll(g)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tc.want {
			t.Errorf("%s: got %d bytes %.60q…, want %d bytes %.60q…", tc.name, len(got), got, len(tc.want), tc.want)
		}
	}
}

func FuzzInputGuard(f *testing.F) {
	f.Add([]byte("\x1b[200~abc\x1b[201~"))
	f.Add([]byte("\x1b]11;rgb:ffff/ffff/ffff\x1b\\"))
	f.Add([]byte("\x1bP+q\x1b[1;2"))
	f.Fuzz(func(t *testing.T, in []byte) {
		g := newInputGuard(bytes.NewReader(in))
		out, err := io.ReadAll(g)
		if err != nil {
			t.Fatal(err)
		}
		if len(out) > len(in) {
			t.Fatalf("the guard made %d bytes of %d", len(out), len(in))
		}
		if !bytes.Contains(in, []byte{0x1b}) && !bytes.Equal(out, in) {
			t.Fatalf("input without escapes changed: %q → %q", in, out)
		}
	})
}

func TestMaxSessionTime(t *testing.T) {
	ts := startServer(t, Config{MaxSessionTime: 400 * time.Millisecond})
	tm := openTerm(t, dialSSH(t, ts.addr, nil), testW, testH)
	for range 5 { // busy all the while: only the longest session time ends it
		tm.press("n")
		time.Sleep(50 * time.Millisecond)
	}
	tm.waitOutput("closed after 400ms, the longest a session may last")
	tm.waitEnd()
	tm.saidAfterLeaving("the longest a session may last")
}

// rawConn is a TCP connection to addr that speaks no SSH unless the test writes it.
func rawConn(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, waitTimeout)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// waitClosed waits until the server closes c: at once when within is 0, else within that long and
// not much after.
func waitClosed(t *testing.T, name string, c net.Conn, within time.Duration) {
	t.Helper()
	limit := within + 2*time.Second
	if within == 0 {
		limit = 2 * time.Second
	}
	if err := c.SetReadDeadline(time.Now().Add(limit)); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4096)
	for {
		_, err := c.Read(buf)
		if err == nil {
			continue // the server's version line
		}
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			t.Fatalf("%s: still open after %s", name, limit)
		}
		return
	}
}

func readLine(c net.Conn) (string, error) {
	var b []byte
	one := make([]byte, 1)
	for len(b) < 256 {
		if _, err := c.Read(one); err != nil {
			return string(b), err
		}
		if one[0] == '\n' {
			break
		}
		b = append(b, one[0])
	}
	return strings.TrimRight(string(b), "\r"), nil
}
