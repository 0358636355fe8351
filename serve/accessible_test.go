package serve

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// ssh -t HOST accessible: the line-by-line conversation, seated like any session, with no escape
// sequence and no box drawing; a follower hears the presenter's moves as one new line and the step.
// Any other command is refused.
func TestAccessibleOverSSH(t *testing.T) {
	ts, presenterKey := classroom(t, Config{})
	pres := openTerm(t, dialSSH(t, ts.addr, nil, presenterKey), testW, testH)
	pres.waitScreen(stepText(t, 0))

	const w = 60
	a := openTermCommand(t, dialSSH(t, ts.addr, nil), w, testH, "accessible")
	waitFor(t, "the accessible welcome and step 1", a.output, func(s string) bool {
		return strings.Contains(s, "Step 1 of") && strings.Contains(s, "following the presenter")
	})
	pres.waitScreen("presenting: 1 connected · 1 following")

	pres.press("n")
	pres.waitScreen(stepText(t, 1))
	waitFor(t, "the presenter's move, said", a.output, func(s string) bool {
		return strings.Contains(s, "The presenter moved to step 2.") && strings.Contains(s, "Step 2 of")
	})

	a.press("glossary\r")
	waitFor(t, "the glossary", a.output, func(s string) bool { return strings.Contains(s, "network number") })

	a.mu.Lock()
	raw := a.raw.String()
	a.mu.Unlock()
	if strings.ContainsRune(raw, '\x1b') {
		t.Errorf("the conversation sent an escape sequence: %q", raw[strings.IndexByte(raw, 0x1b):][:min(40, len(raw)-strings.IndexByte(raw, 0x1b))])
	}
	for _, line := range strings.Split(strings.ReplaceAll(raw, "\r\n", "\n"), "\n") {
		if strings.ContainsAny(line, "│─╭╮╰╯┌┐└┘") {
			t.Errorf("box drawing in the conversation: %q", line)
		}
		if ansi.StringWidth(line) > w {
			t.Errorf("line wider than %d: %q", w, line)
		}
	}

	a.press("quit\r")
	select {
	case <-a.done:
	case <-time.After(waitTimeout):
		t.Fatal("quit did not end the accessible session")
	}
	pres.waitScreen("presenting: 0 connected")

	// Any other command is refused before anything runs.
	for _, cmd := range []string{"sh", "accessible extra", "ACCESSIBLE"} {
		s := newSession(t, dialSSH(t, ts.addr, nil))
		if err := s.RequestPty("xterm", testH, testW, nil); err != nil {
			t.Fatal(err)
		}
		if err := s.Start(cmd); err == nil {
			t.Errorf("exec %q was accepted", cmd)
		}
	}
}
