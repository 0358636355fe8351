package ui

import (
	"bytes"
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
// compared with a golden file.
func TestProgramWalkthrough(t *testing.T) {
	m := New(walkthrough(t), Options{})
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
	for range 5 {
		tm.Send(keyMsg("right"))
	}
	waitFor("Logging in to platform A")
	tm.Send(keyMsg("c"))
	waitFor("Citations")
	tm.Send(keyMsg("esc"))
	waitFor("What the platform sees")
	tm.Send(keyMsg("q"))

	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	if final.Step() != 5 || final.screen != screenWalk {
		t.Fatalf("final step %d, screen %d; want step 6 on the walkthrough", final.Step()+1, final.screen)
	}
	frame := ansi.Strip(final.Frame())
	if !strings.Contains(frame, "Step 6 of") || total < 6 {
		t.Fatalf("final frame:\n%s", frame)
	}
	golden.RequireEqual(t, []byte(frame))
}
