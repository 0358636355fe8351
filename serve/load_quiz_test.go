package serve

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/cyberid/cyberid/internal/syncbuf"
)

// TestLoadQuiz: a class question put to 100 students, who all answer within a second; the tally on
// the presenter's screen must be exact and reach it within 250 ms of the last answer (median and
// worst over the rounds). The presenter's window title carries the tally, so that the light clients
// of the load tests can read it:
//
//	go test ./serve -run TestLoadQuiz -serve.load -v
var loadRounds = flag.Int("serve.rounds", 5, "class questions in the quiz load test")

func TestLoadQuiz(t *testing.T) {
	if !*loadFlag {
		t.Skip("the load test runs with -serve.load")
	}
	bin := buildServer(t)
	w := walkthrough(t)
	dir := t.TempDir()
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
	defer func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	}()
	waitFor(t, "the server to be ready", logBuf.String, func(s string) bool { return strings.Contains(s, "students type:") })

	first := "cyberid · " + w.Steps[0].Title
	students := openAudience(t, addr, *loadSessions, first)
	defer closeAll(students)
	pres, err := watchSession(addr, presenter, 140, 45)
	if err != nil {
		t.Fatal(err)
	}
	defer pres.c.Close()
	pres.waitTitle(t, first, 30*time.Second)
	pres.press(t, "\r") // the welcome

	const question = "cyberid · class question"
	n := len(students)
	var lat, spread []time.Duration
	for round := range *loadRounds {
		pres.press(t, "x")
		time.Sleep(200 * time.Millisecond) // the picker is the presenter's own screen: nothing to watch
		pres.press(t, "\r")
		pres.waitTitle(t, fmt.Sprintf("%s · 0 of %d answered", question, n), 10*time.Second)
		for _, s := range students {
			s.waitTitle(t, question, 10*time.Second)
		}
		// Every student answers within one second, spread evenly; one answers twice and the
		// tally must still count it once.
		start := time.Now()
		var last time.Time
		var mu sync.Mutex
		var sent sync.WaitGroup
		for i, s := range students {
			sent.Add(1)
			go func() {
				defer sent.Done()
				time.Sleep(time.Duration(i) * time.Second / time.Duration(n))
				keys := "2"
				if i == 0 {
					keys = "23"
				}
				s.press(t, keys)
				mu.Lock()
				if now := time.Now(); now.After(last) {
					last = now
				}
				mu.Unlock()
			}()
		}
		sent.Wait()
		got := pres.waitTitle(t, fmt.Sprintf("%s · %d of %d answered", question, n, n), 10*time.Second)
		lat = append(lat, max(0, got.Sub(last)))
		spread = append(spread, last.Sub(start))
		pres.press(t, "\r") // reveal
		pres.waitTitle(t, fmt.Sprintf("%s · %d answered · answer shown", question, n), 10*time.Second)
		pres.press(t, "\r") // put it away
		for _, s := range students {
			s.waitTitle(t, first, 10*time.Second)
		}
		if !strings.Contains(logBuf.String(), fmt.Sprintf("round=%d answers=%d", round+1, n)) {
			t.Errorf("round %d: the log does not count %d answers:\n%s", round+1, n, lastLines(logBuf.String(), 5))
		}
	}
	t.Logf("%d students, %d rounds; answers sent over %s (last round)", n, len(lat), spread[len(spread)-1].Round(time.Millisecond))
	t.Logf("last answer → exact tally on the presenter's screen: median %s, worst %s", pct(lat, 50), pct(lat, 100))
	if load, err := os.ReadFile("/proc/loadavg"); err == nil {
		t.Logf("load average during the test: %s", strings.Join(strings.Fields(string(load))[:3], " "))
	}
	if pct(lat, 50) > floorLatency || pct(lat, 100) > floorLatency {
		t.Errorf("tally latency median %s, worst %s; floor %s", pct(lat, 50), pct(lat, 100), floorLatency)
	}
	for _, l := range strings.Split(logBuf.String(), "\n") {
		if strings.Contains(l, "question") && !strings.Contains(l, "class question asked") && !strings.Contains(l, "class question closed") {
			t.Errorf("a log line about the question beyond the totals: %q", l)
		}
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
