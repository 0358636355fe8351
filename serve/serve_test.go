package serve

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/cyberid/cyberid/ui"
)

const testW, testH = 100, 30

// classroom is a server with one presenter key.
func classroom(t *testing.T, cfg Config) (*testServer, gossh.Signer) {
	t.Helper()
	presenter := newKey(t)
	cfg.PresenterKeys = append(cfg.PresenterKeys, PresenterKeyOf(presenter.PublicKey()))
	return startServer(t, cfg), presenter
}

func TestPresenterAudienceFollowUnfollowLateJoiner(t *testing.T) {
	ts, presenterKey := classroom(t, Config{})

	// The presenter's agent offers another key first: it must still be recognised.
	pres := openTerm(t, dialSSH(t, ts.addr, nil, newKey(t), presenterKey), testW, testH)
	pres.waitScreen(stepText(t, 0), "presenting: 0 connected · 0 following")

	// Audience: one with a key of its own, one with none.
	a := openTerm(t, dialSSH(t, ts.addr, nil, newKey(t)), testW, testH)
	b := openTerm(t, dialSSH(t, ts.addr, nil), testW, testH)
	a.waitScreen(stepText(t, 0), ui.StatusFollowing)
	b.waitScreen(stepText(t, 0), ui.StatusFollowing)
	if strings.Contains(pres.screen(), "f follow") {
		t.Errorf("the presenter is offered the f key:\n%s", pres.screen())
	}
	if !strings.Contains(a.screen(), "f follow") {
		t.Errorf("the audience is not offered the f key:\n%s", a.screen())
	}
	pres.waitScreen("presenting: 2 connected · 2 following")

	// The presenter moves; both follow.
	pres.press("nn")
	pres.waitScreen(stepText(t, 2))
	a.waitScreen(stepText(t, 2))
	b.waitScreen(stepText(t, 2))

	// b wanders off: the status says so, the presenter sees one fewer following.
	b.press("f")
	b.waitScreen("exploring · presenter on step 3")
	pres.waitScreen("presenting: 2 connected · 1 following")
	b.press("p")
	b.waitScreen(stepText(t, 1))
	pres.press("n")
	a.waitScreen(stepText(t, 3))
	pres.waitScreen(stepText(t, 3))
	// b stays where it went. Wait for a to have moved first, so b has had its chance to (wrongly) move.
	if s := b.screen(); !strings.Contains(s, stepText(t, 1)) {
		t.Fatalf("an exploring session followed the presenter:\n%s", s)
	}

	// A late joiner lands on the presenter's step.
	late := openTerm(t, dialSSH(t, ts.addr, nil), testW, testH)
	late.waitScreen(stepText(t, 3), ui.StatusFollowing)
	pres.waitScreen("presenting: 3 connected · 2 following")

	// b follows again and jumps to the presenter's step.
	b.press("f")
	b.waitScreen(stepText(t, 3), ui.StatusFollowing)
	pres.waitScreen("presenting: 3 connected · 3 following")

	// A follower leaves with q; the presenter's count drops.
	late.press("q")
	late.waitEnd()
	pres.waitScreen("presenting: 2 connected · 2 following")
	if a, p := ts.srv.Counts(); a != 2 || p != 1 {
		t.Errorf("counts after one left: audience %d presenters %d, want 2 and 1", a, p)
	}
}

func TestWithoutPresenterKeysSessionsAreIndependent(t *testing.T) {
	ts := startServer(t, Config{})
	a := openTerm(t, dialSSH(t, ts.addr, nil, newKey(t)), testW, testH)
	b := openTerm(t, dialSSH(t, ts.addr, nil), testW, testH)
	a.waitScreen(stepText(t, 0))
	b.waitScreen(stepText(t, 0))
	a.press("nn")
	a.waitScreen(stepText(t, 2))
	b.press("n")
	b.waitScreen(stepText(t, 1))
	for _, s := range []string{a.screen(), b.screen()} {
		if strings.Contains(s, "follow") || strings.Contains(s, "presenting") {
			t.Errorf("independent session shows following:\n%s", s)
		}
	}
	if s := a.screen(); !strings.Contains(s, stepText(t, 2)) {
		t.Errorf("session a moved with b:\n%s", s)
	}
}

func TestRefusesExecSubsystemsForwardingAgentX11(t *testing.T) {
	ts := startServer(t, Config{})
	c := dialSSH(t, ts.addr, nil)

	s := newSession(t, c)
	if out, err := s.CombinedOutput("id"); err == nil {
		t.Errorf("exec was allowed: %q", out)
	}
	s.Close()

	s = newSession(t, c)
	if err := s.RequestSubsystem("sftp"); err == nil {
		t.Errorf("the sftp subsystem was allowed")
	}
	s.Close()

	s = newSession(t, c)
	for _, req := range []string{"auth-agent-req@openssh.com", "x11-req"} {
		ok, err := s.SendRequest(req, true, nil)
		if err != nil {
			t.Fatalf("%s: %v", req, err)
		}
		if ok {
			t.Errorf("%s was accepted", req)
		}
	}
	s.Close()

	// -L and -W: a direct-tcpip channel, here to the server's own port.
	if conn, err := c.Dial("tcp", ts.addr); err == nil {
		conn.Close()
		t.Errorf("local forwarding (direct-tcpip) was allowed")
	}
	// -R: a tcpip-forward request.
	if ln, err := c.Listen("tcp", "127.0.0.1:0"); err == nil {
		ln.Close()
		t.Errorf("remote forwarding (tcpip-forward) was allowed")
	}
	// The connection is still usable for the walkthrough itself.
	openTerm(t, c, testW, testH).waitScreen(stepText(t, 0))
}

func TestNoPtyGetsOneLineAndCloses(t *testing.T) {
	ts := startServer(t, Config{})
	s, err := dialSSH(t, ts.addr, nil).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	s.Stdout, s.Stderr = &out, &out
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Wait() }()
	select {
	case err := <-done:
		if code := exitStatus(err); code != 1 {
			t.Errorf("exit status %d (%v), want 1", code, err)
		}
	case <-time.After(waitTimeout):
		t.Fatal("session without a pty was not closed")
	}
	if got := out.String(); got != MsgNeedTerminal+"\n" {
		t.Errorf("no-pty output %q, want %q", got, MsgNeedTerminal+"\n")
	}
}

func TestZeroSizePtyGetsDefaultSize(t *testing.T) {
	// ssh -tt with a pipe as input asks for a 0×0 pty.
	ts := startServer(t, Config{})
	tm := openTerm(t, dialSSH(t, ts.addr, nil), 0, 0)
	s := tm.waitScreen(stepText(t, 0))
	if strings.Contains(s, "terminal too small") {
		t.Errorf("0×0 pty drawn as too small:\n%s", s)
	}
	// A later real size is used.
	tm.resize(100, 30)
	tm.press("n")
	tm.waitScreen(stepText(t, 1))
	waitFor(t, "a frame wider than 80 columns", tm.screen, func(s string) bool {
		for _, l := range strings.Split(s, "\n") {
			if ansi.StringWidth(strings.TrimRight(l, " ")) > defaultWidth {
				return true
			}
		}
		return false
	})
}

func TestSessionLimit(t *testing.T) {
	ts, presenterKey := classroom(t, Config{MaxSessions: 2})
	a := openTerm(t, dialSSH(t, ts.addr, nil), testW, testH)
	b := openTerm(t, dialSSH(t, ts.addr, nil), testW, testH)
	a.waitScreen(stepText(t, 0))
	b.waitScreen(stepText(t, 0))

	full := openTerm(t, dialSSH(t, ts.addr, nil), testW, testH)
	full.waitOutput(MsgRoomFull)
	full.waitEnd()

	// The presenter always gets in.
	pres := openTerm(t, dialSSH(t, ts.addr, nil, presenterKey), testW, testH)
	pres.waitScreen("presenting: 2 connected")

	// When someone leaves there is room again.
	a.press("q")
	a.waitEnd()
	waitFor(t, "a free seat", func() string {
		n, _ := ts.srv.Counts()
		return strings.Repeat("x", n)
	}, func(s string) bool { return len(s) == 1 })
	openTerm(t, dialSSH(t, ts.addr, nil), testW, testH).waitScreen(stepText(t, 0))
}

func TestIdleSessionsEnd(t *testing.T) {
	ts := startServer(t, Config{IdleTimeout: 300 * time.Millisecond})
	tm := openTerm(t, dialSSH(t, ts.addr, nil), testW, testH)
	tm.waitOutput("closed after 300ms without activity")
	tm.waitEnd()
	tm.saidAfterLeaving("closed after 300ms without activity")
}

func TestStopTellsSessionsAndEndsWithinFiveSeconds(t *testing.T) {
	ts, presenterKey := classroom(t, Config{})
	pres := openTerm(t, dialSSH(t, ts.addr, nil, presenterKey), testW, testH)
	a := openTerm(t, dialSSH(t, ts.addr, nil), testW, testH)
	pres.waitScreen(stepText(t, 0))
	a.waitScreen(stepText(t, 0))
	start := time.Now()
	ts.stop(t) // fails the test if Serve takes more than five seconds
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("stop took %s", d)
	}
	a.waitOutput(MsgStopping)
	pres.waitOutput(MsgStopping)
	a.waitEnd()
	a.saidAfterLeaving(MsgStopping)
}

func TestHostKeyMadeOnceAndReused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys", "host_key")
	var first, second gossh.PublicKey

	ts := startServer(t, Config{HostKeyPath: path})
	dialSSH(t, ts.addr, &first)
	ts.stop(t)
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("host key mode %o, want 600", perm)
	}
	if _, err := os.Stat(path + ".pub"); err != nil {
		t.Errorf("no .pub beside the host key: %v", err)
	}

	ts = startServer(t, Config{HostKeyPath: path})
	dialSSH(t, ts.addr, &second)
	ts.stop(t)
	if first == nil || second == nil || string(first.Marshal()) != string(second.Marshal()) {
		t.Fatalf("host key changed across a restart")
	}

	// The key gone but its .pub still there: a clear error, no new key.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	_, err = New(Config{Walkthrough: walkthrough(t), HostKeyPath: path})
	if err == nil || !strings.Contains(err.Error(), "is missing but") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("missing key with .pub left: got %v", err)
	}
	if _, err := os.Stat(path); err == nil {
		t.Errorf("a new key was made although the .pub was left")
	}

	// Not a key at all.
	bad := filepath.Join(t.TempDir(), "not_a_key")
	if err := os.WriteFile(bad, []byte("hello\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Config{Walkthrough: walkthrough(t), HostKeyPath: bad}); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("a file that is not a key: got %v", err)
	}
}

func TestPresenterKeysFile(t *testing.T) {
	good := newKey(t).PublicKey()
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(good)))

	keys, err := ParsePresenterKeys("keys", []byte("# teachers\n\n"+line+" ana@laptop\n"+
		"restrict,pty,no-agent-forwarding "+line+"\n"+
		`from="10.0.0.0/24,192.168.1.*,!10.0.0.13",expiry-time="20300101" `+line+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 3 || string(keys[0].Key.Marshal()) != string(good.Marshal()) {
		t.Fatalf("parsed %d keys", len(keys))
	}
	addr := func(s string) net.Addr { return &net.TCPAddr{IP: net.ParseIP(s), Port: 40000} }
	now := time.Date(2029, 6, 1, 0, 0, 0, 0, time.Local)
	if !keys[0].allows(addr("203.0.113.9"), now) || !keys[1].allows(addr("203.0.113.9"), now) {
		t.Errorf("a key without from= is refused somewhere")
	}
	for ip, want := range map[string]bool{
		"10.0.0.7": true, "192.168.1.50": true, "::ffff:10.0.0.7": true,
		"10.0.0.13": false, "10.0.1.7": false, "192.168.2.1": false, "2001:db8::1": false,
	} {
		if got := keys[2].allows(addr(ip), now); got != want {
			t.Errorf("from= pattern list on %s: allows %v, want %v", ip, got, want)
		}
	}
	if keys[2].allows(addr("10.0.0.7"), time.Date(2030, 1, 1, 0, 0, 1, 0, time.Local)) {
		t.Errorf("an expired key still presents")
	}

	for _, tc := range []struct{ name, data, want string }{
		{"bad line", line + "\nssh-ed25519 notbase64!!\n", "keys.txt:2: "},
		{"garbage", "hello world\n", "keys.txt:1: "},
		{"empty", "# nobody yet\n", "keys.txt: no public keys"},
		{"command", line + "\n" + `command="ls" ` + line + "\n", "keys.txt:2: option command="},
		{"no-pty", "no-pty " + line + "\n", "keys.txt:1: no-pty"},
		{"restrict alone", "restrict " + line + "\n", "keys.txt:1: restrict forbids a terminal"},
		{"host name", `from="*.example.com" ` + line + "\n", "keys.txt:1: from="},
		{"bad block", `from="10.0.0.0/99" ` + line + "\n", "keys.txt:1: from="},
		{"bad expiry", `expiry-time="tomorrow" ` + line + "\n", "keys.txt:1: expiry-time="},
		{"permitopen", `permitopen="localhost:80" ` + line + "\n", "keys.txt:1: option permitopen="},
		{"cert-authority", "cert-authority " + line + "\n", "keys.txt:1: option cert-authority"},
	} {
		_, err := ParsePresenterKeys("keys.txt", []byte(tc.data))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: got %v, want a one-line error starting %q", tc.name, err, tc.want)
		}
	}

	missing := filepath.Join(t.TempDir(), "nope.pub")
	if _, err := ReadPresenterKeys(missing); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing file: got %v", err)
	}
}

func TestListenWarning(t *testing.T) {
	for addr, warn := range map[string]bool{
		"127.0.0.1:2222": false, "localhost:2222": false, "[::1]:2222": false,
		"0.0.0.0:2222": true, ":2222": true, "[::]:2222": true, "192.168.1.10:2222": true,
	} {
		if got := ListenWarning(addr) != ""; got != warn {
			t.Errorf("ListenWarning(%q) = %q", addr, ListenWarning(addr))
		}
	}
	if w := ListenWarning(":2222"); !strings.Contains(w, "all interfaces") {
		t.Errorf("all-interfaces warning: %q", w)
	}
}

func TestHuman(t *testing.T) {
	for d, want := range map[time.Duration]string{
		2 * time.Hour: "2h", 90 * time.Minute: "1h30m", 45 * time.Second: "45s", 300 * time.Millisecond: "300ms", 0: "none",
	} {
		if got := human(d); got != want {
			t.Errorf("human(%s) = %q, want %q", d, got, want)
		}
	}
}

func TestServeReturnsErrorWhenListenerFails(t *testing.T) {
	srv, err := New(Config{Walkthrough: walkthrough(t), HostKeyPath: filepath.Join(t.TempDir(), "k")})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	defer ln.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := srv.ListenAndServe(ctx, addr); err == nil || !strings.Contains(err.Error(), addr) {
		t.Errorf("listening on a busy port: got %v", err)
	}
}

// The size the model ends on is the terminal's last, whichever order bubbletea's first size
// message and the window changes arrive in; a 0×0 pty gets the default size.
func TestSizesKeepTheirOrder(t *testing.T) {
	first, other := tea.WindowSizeMsg{Width: 120, Height: 40}, tea.WindowSizeMsg{Width: 90, Height: 30}
	for _, tc := range []struct {
		name string
		in   []tea.WindowSizeMsg
		want []tea.WindowSizeMsg // what reaches the model
	}{
		{"first, then a change", []tea.WindowSizeMsg{first, other}, []tea.WindowSizeMsg{first, other}},
		{"a change overtakes the first", []tea.WindowSizeMsg{other, first}, []tea.WindowSizeMsg{other}},
		{"a change back, then the first", []tea.WindowSizeMsg{other, first, first}, []tea.WindowSizeMsg{other, first}},
		{"changes after the first", []tea.WindowSizeMsg{first, other, first}, []tea.WindowSizeMsg{first, other, first}},
	} {
		c := &client{sizes: sizeOrder{first: first}}
		var got []tea.WindowSizeMsg
		for _, m := range tc.in {
			if out := c.filter(nil, m); out != nil {
				got = append(got, out.(tea.WindowSizeMsg))
			}
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: the model got %v, want %v", tc.name, got, tc.want)
		}
	}
	c := &client{sizes: sizeOrder{first: tea.WindowSizeMsg{Width: defaultWidth, Height: defaultHeight}}}
	if got := c.filter(nil, tea.WindowSizeMsg{}); got != (tea.WindowSizeMsg{Width: defaultWidth, Height: defaultHeight}) {
		t.Errorf("a 0×0 pty got %v", got)
	}
}

func TestJoinLines(t *testing.T) {
	dir := t.TempDir()
	priv := filepath.Join(dir, "cyberid_presenter")
	for _, f := range []string{priv, priv + ".pub"} {
		if err := os.WriteFile(f, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	addr := &net.TCPAddr{IP: net.ParseIP("127.0.0.1"), Port: 2222}
	got := strings.Join(JoinLines(addr, priv+".pub", "SHA256:abc"), "\n")
	for _, want := range []string{
		"students type:   ssh -p 2222 127.0.0.1\n",
		"screen readers:  ssh -p 2222 -t 127.0.0.1 accessible\n",
		"presenter types: ssh -p 2222 -i " + priv + " 127.0.0.1\n",
		"host key:        SHA256:abc",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("join lines lack %q:\n%s", want, got)
		}
	}
	// A presenters file that is not a .pub beside its key: the line says what KEY is.
	got = strings.Join(JoinLines(&net.TCPAddr{IP: net.ParseIP("10.1.2.3"), Port: 22}, "presenters.txt", "SHA256:abc"), "\n")
	if !strings.Contains(got, "students type:   ssh 10.1.2.3\n") || !strings.Contains(got, "ssh -i KEY 10.1.2.3") ||
		!strings.Contains(got, "a key in presenters.txt") {
		t.Errorf("join lines on port 22 with a presenters.txt:\n%s", got)
	}
	// Every interface: this machine's addresses, never 0.0.0.0.
	got = strings.Join(JoinLines(&net.TCPAddr{IP: net.IPv4zero, Port: 2222}, "", "SHA256:abc"), "\n")
	if strings.Contains(got, "ssh -p 2222 0.0.0.0") || !strings.Contains(got, "students type:   ssh -p 2222 ") {
		t.Errorf("join lines on 0.0.0.0:\n%s", got)
	}
}
