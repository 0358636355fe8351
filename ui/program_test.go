package ui

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// The whole program, as bubbletea runs it: keys go in through its input, frames come out of its
// renderer. The walk goes to the login step, opens the citations and comes back; the final frame is
// compared with a golden file (drawn from the fixture, testdata/walkthrough).
func TestProgramWalkthrough(t *testing.T) {
	w := fixture(t)
	login, ok := w.StepIndex("login-a")
	if !ok {
		t.Fatal("no step login-a in the fixture")
	}
	m := New(w, Options{})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	total := len(m.Pages())

	// Wait for text drawn fresh by each change: the renderer only repaints cells that changed.
	waitFor := func(text string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
			teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	}
	waitFor("What the central database holds")
	for range login {
		tm.Send(keyMsg("right"))
	}
	waitFor("Logging in to platform A")
	tm.Send(keyMsg("c"))
	waitFor("Citations")
	tm.Send(keyMsg("esc"))
	waitFor("What the platform sees")
	tm.Send(keyMsg("q"))

	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	if final.Step() != login || final.screen != screenWalk {
		t.Fatalf("final step %d, screen %d; want step %d on the walkthrough", final.Step()+1, final.screen, login+1)
	}
	frame := ansi.Strip(final.Frame())
	if !strings.Contains(frame, fmt.Sprintf("Step %d of %d", login+1, total)) {
		t.Fatalf("final frame:\n%s", frame)
	}
	golden.RequireEqual(t, []byte(frame))
}
