package serve

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/cyberid/cyberid/internal/syncbuf"
)

// The load test runs only when asked, because it builds the binary and takes a while:
//
//	go test ./serve -run TestLoad -serve.load -v
//
// It starts `cyberid serve` as a separate process (so that its memory is the server's alone), opens
// 100 audience sessions with ptys and a presenter session, and moves the presenter 20 times. It
// reports the server's peak RSS, the memory per session and how long a presenter move takes to reach
// the last follower, and it fails below the floors: all sessions held, every move at every follower
// within 250 ms, under 5 MB per session.
var (
	loadFlag     = flag.Bool("serve.load", false, "run the classroom load test")
	loadSessions = flag.Int("serve.sessions", 100, "audience sessions in the load test")
	loadMoves    = flag.Int("serve.moves", 20, "presenter moves in the load test")
)

// Floors from the issue.
const (
	floorLatency    = 250 * time.Millisecond
	floorPerSession = 5 << 20
)

func TestLoad(t *testing.T) {
	if !*loadFlag {
		t.Skip("the load test runs with -serve.load")
	}
	w := walkthrough(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "cyberid")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	presenter := newKey(t)
	keys := filepath.Join(dir, "presenter.pub")
	if err := os.WriteFile(keys, gossh.MarshalAuthorizedKey(presenter.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	var logBuf syncbuf.Buffer
	cmd := exec.Command(bin, "serve", "--listen", addr, "--host-key", filepath.Join(dir, "host_key"),
		"--presenter-keys", keys, "--max-sessions", strconv.Itoa(*loadSessions))
	cmd.Stdout, cmd.Stderr = &logBuf, &logBuf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(6 * time.Second):
			_ = cmd.Process.Kill()
			t.Errorf("server did not stop within 5 s of SIGINT")
		}
	})
	waitFor(t, "the server to listen", logBuf.String, func(s string) bool { return strings.Contains(s, "listening") })
	pid := cmd.Process.Pid
	baseRSS := procStatus(t, pid, "VmRSS")

	// The audience: x/crypto clients with 120×40 ptys, each watching its stream for window titles.
	followers := make([]*titleWatcher, *loadSessions)
	var wg sync.WaitGroup
	errs := make(chan error, *loadSessions)
	for i := range followers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f, err := watchSession(addr, nil, 120, 40)
			if err != nil {
				errs <- err
				return
			}
			followers[i] = f
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("audience session: %v", err)
	}
	first := "cyberid · " + w.Steps[0].Title
	for _, f := range followers {
		f.waitTitle(t, first, 30*time.Second)
	}
	pres, err := watchSession(addr, presenter, 120, 40)
	if err != nil {
		t.Fatal(err)
	}
	pres.waitTitle(t, first, 30*time.Second)
	connectedRSS := procStatus(t, pid, "VmRSS")
	// Idle cost: every session's renderer ticks even when nothing changes.
	idleFrom, idleStart := procCPU(t, pid), time.Now()
	time.Sleep(2 * time.Second)
	idleCPU := (procCPU(t, pid) - idleFrom).Seconds() / time.Since(idleStart).Seconds()
	moveCPUFrom := procCPU(t, pid)

	// The moves: forward to the end, then back, each to a step not shown just before.
	step := 0
	var lastLat, allLat []time.Duration
	for i := range *loadMoves {
		key, next := "n", step+1
		if next >= len(w.Steps) || (i >= len(w.Steps)-1 && step > 0) {
			key, next = "p", step-1
		}
		title := "cyberid · " + w.Steps[next].Title
		start := time.Now()
		pres.press(t, key)
		var slowest time.Duration
		for _, f := range followers {
			d := f.waitTitle(t, title, 10*time.Second).Sub(start)
			allLat = append(allLat, d)
			slowest = max(slowest, d)
		}
		lastLat = append(lastLat, slowest)
		step = next
	}
	moveCPU := (procCPU(t, pid) - moveCPUFrom) / time.Duration(len(lastLat))
	peak := procStatus(t, pid, "VmHWM")
	held, _ := strconv.Atoi(lastCount(logBuf.String()))

	perSession := float64(peak-baseRSS) / float64(*loadSessions+1)
	t.Logf("sessions: %d audience + 1 presenter held (server log: %d audience)", *loadSessions, held)
	t.Logf("server RSS: %.1f MB at start, %.1f MB with all connected, peak %.1f MB",
		mb(baseRSS), mb(connectedRSS), mb(peak))
	t.Logf("memory per session: %.2f MB ((peak - start) / sessions)", perSession/(1<<20))
	t.Logf("presenter move → last follower, over %d moves: p50 %s, p99 %s, max %s",
		len(lastLat), pct(lastLat, 50), pct(lastLat, 99), pct(lastLat, 100))
	t.Logf("presenter move → each follower, over %d deliveries: p50 %s, p99 %s",
		len(allLat), pct(allLat, 50), pct(allLat, 99))
	t.Logf("server CPU: %s per move for all sessions (%d CPUs here); idle %.0f%% of one CPU",
		moveCPU.Round(time.Millisecond), runtime.NumCPU(), idleCPU*100)
	if load, err := os.ReadFile("/proc/loadavg"); err == nil {
		t.Logf("load average during the test: %s", strings.Join(strings.Fields(string(load))[:3], " "))
	}

	if held != *loadSessions {
		t.Errorf("server holds %d audience sessions, want %d", held, *loadSessions)
	}
	if worst := pct(lastLat, 100); worst > floorLatency {
		t.Errorf("slowest follower took %s, floor %s", worst, floorLatency)
	}
	if perSession > floorPerSession {
		t.Errorf("%.2f MB per session, floor 5 MB", perSession/(1<<20))
	}
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// procStatus reads a kB field of /proc/PID/status, in bytes.
func procStatus(t *testing.T, pid int, field string) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatalf("read process status (Linux only): %v", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				t.Fatalf("%s: %v", field, err)
			}
			return kb << 10
		}
	}
	t.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}

// lastCount is the audience count in the server log's last "connected" line.
func lastCount(log string) string {
	n := ""
	for _, l := range strings.Split(log, "\n") {
		if strings.Contains(l, "connected") && !strings.Contains(l, "disconnected") {
			if _, v, ok := strings.Cut(l, "audience="); ok {
				n, _, _ = strings.Cut(v, " ")
			}
		}
	}
	return n
}

// procCPU is the user and system CPU time a process has used, from /proc/PID/stat.
func procCPU(t *testing.T, pid int) time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Fatalf("read process stat (Linux only): %v", err)
	}
	// Fields after the command name, which is in parentheses and may hold spaces.
	f := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+1:]))
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	const ticks = 100 // USER_HZ, 100 on every Linux architecture Go supports
	return time.Duration(utime+stime) * time.Second / ticks
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }

func pct(d []time.Duration, p int) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[clampInt(i-1, 0, len(s)-1)].Round(100 * time.Microsecond)
}

func clampInt(v, lo, hi int) int { return max(lo, min(v, hi)) }

// titleWatcher is a light client: instead of emulating a terminal it watches the stream for the
// window title bubbletea sets with each step (OSC 2), which arrives whole in the frame that draws it.
type titleWatcher struct {
	c  *gossh.Client
	s  *gossh.Session
	in io.Writer
	n  atomic.Int64 // bytes received

	mu      sync.Mutex
	pending []byte    // an unfinished escape sequence
	title   string    // the last title set
	at      time.Time // when it arrived
	changed chan struct{}
}

func watchSession(addr string, key gossh.Signer, w, h int) (*titleWatcher, error) {
	auth := []gossh.AuthMethod{gossh.KeyboardInteractive(func(_, _ string, q []string, _ []bool) ([]string, error) {
		return make([]string, len(q)), nil
	})}
	if key != nil {
		auth = append([]gossh.AuthMethod{gossh.PublicKeys(key)}, auth...)
	}
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: "load", Auth: auth, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 30 * time.Second,
	})
	if err != nil {
		return nil, err
	}
	s, err := c.NewSession()
	if err != nil {
		return nil, err
	}
	tw := &titleWatcher{c: c, s: s, changed: make(chan struct{}, 1)}
	if tw.in, err = s.StdinPipe(); err != nil {
		return nil, err
	}
	out, err := s.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := s.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		return nil, err
	}
	if err := s.Shell(); err != nil {
		return nil, err
	}
	go tw.read(out)
	return tw, nil
}

var oscTitle = []byte("\x1b]2;")

func (tw *titleWatcher) read(r io.Reader) {
	buf := make([]byte, 64*1024)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			now := time.Now()
			tw.n.Add(int64(n))
			tw.mu.Lock()
			data := append(tw.pending, buf[:n]...)
			tw.pending = nil
			for {
				i := bytes.Index(data, oscTitle)
				if i < 0 {
					// Keep a possible start of a sequence cut at the end of this chunk.
					if j := bytes.LastIndexByte(data, 0x1b); j >= 0 && len(data)-j < len(oscTitle) {
						tw.pending = append([]byte(nil), data[j:]...)
					}
					break
				}
				rest := data[i+len(oscTitle):]
				end := bytes.IndexAny(rest, "\x07\x1b")
				if end < 0 {
					tw.pending = append([]byte(nil), data[i:]...)
					break
				}
				tw.title, tw.at = string(rest[:end]), now
				select {
				case tw.changed <- struct{}{}:
				default:
				}
				data = rest[end:]
			}
			tw.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// waitTitle waits until the window title is title and returns when it arrived.
func (tw *titleWatcher) waitTitle(t *testing.T, title string, timeout time.Duration) time.Time {
	t.Helper()
	deadline := time.After(timeout)
	for {
		tw.mu.Lock()
		got, at := tw.title, tw.at
		tw.mu.Unlock()
		if got == title {
			return at
		}
		select {
		case <-tw.changed:
		case <-deadline:
			t.Fatalf("a session did not show %q within %s (last title %q)", title, timeout, got)
		}
	}
}

func (tw *titleWatcher) press(t *testing.T, key string) {
	t.Helper()
	if _, err := io.WriteString(tw.in, key); err != nil {
		t.Fatal(err)
	}
}
