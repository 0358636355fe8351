package ui

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/lesson"
)

var (
	loadOnce sync.Once
	loaded   *content.Walkthrough
	loadErr  error
)

func walkthrough(t testing.TB) *content.Walkthrough {
	loadOnce.Do(func() { loaded, loadErr = content.Load() })
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return loaded
}

var (
	fixtureOnce   sync.Once
	fixtureLoaded *content.Walkthrough
	fixtureErr    error
)

// fixture is the small walkthrough frozen in testdata/walkthrough that the golden frames are drawn
// from, so that an edit to the real content breaks no golden; the real content is held by the
// invariant tests (every step fits at every size, every marker resolves).
func fixture(t testing.TB) *content.Walkthrough {
	fixtureOnce.Do(func() { fixtureLoaded, fixtureErr = content.LoadFS(os.DirFS("../testdata/walkthrough")) })
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	return fixtureLoaded
}

// sized is a model that has been told its size, as bubbletea does at start-up.
func sized(t testing.TB, w, h int, opts Options) *Model { return sizedOn(walkthrough(t), w, h, opts) }

// sizedOn is sized, on another walkthrough.
func sizedOn(wt *content.Walkthrough, w, h int, opts Options) *Model {
	m := New(wt, opts)
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// press sends key presses by their names, as bubbletea reports them.
func press(m *Model, keys ...string) tea.Cmd {
	var cmd tea.Cmd
	for _, k := range keys {
		_, cmd = m.Update(keyMsg(k))
	}
	return cmd
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "home":
		return tea.KeyPressMsg{Code: tea.KeyHome}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "ctrl+z":
		return tea.KeyPressMsg{Code: 'z', Mod: tea.ModCtrl}
	case "G":
		return tea.KeyPressMsg{Code: 'g', ShiftedCode: 'G', Mod: tea.ModShift, Text: "G"}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

func TestNavigation(t *testing.T) {
	m := sized(t, 120, 40, Options{})
	last := len(m.pages) - 1
	cases := []struct {
		keys []string
		want int
	}{
		{[]string{"right"}, 1},
		{[]string{"l", "n", "space"}, 3},
		{[]string{"right", "left"}, 0},
		{[]string{"right", "right", "h"}, 1},
		{[]string{"right", "right", "p"}, 1},
		{[]string{"left", "left"}, 0},
		{[]string{"G"}, last},
		{[]string{"end", "right", "right"}, last},
		{[]string{"end", "g"}, 0},
		{[]string{"end", "home"}, 0},
	}
	for _, c := range cases {
		m := sized(t, 120, 40, Options{})
		press(m, c.keys...)
		if m.Step() != c.want {
			t.Errorf("%v: step %d, want %d", c.keys, m.Step(), c.want)
		}
	}
}

// ctrl+z suspends a local run (the shell's job control takes over; fg resumes), and does nothing in
// a session that did not ask for it: over SSH the stop signal would reach the whole server.
func TestSuspend(t *testing.T) {
	m := sized(t, 120, 40, Options{Suspendable: true})
	cmd := press(m, "ctrl+z")
	if cmd == nil {
		t.Fatal("ctrl+z: no command")
	}
	if _, ok := cmd().(tea.SuspendMsg); !ok {
		t.Errorf("ctrl+z: %T, want tea.SuspendMsg", cmd())
	}
	ssh := sized(t, 120, 40, Options{})
	if cmd := press(ssh, "ctrl+z"); cmd != nil {
		if _, ok := cmd().(tea.SuspendMsg); ok {
			t.Error("ctrl+z suspends a session that is not suspendable")
		}
	}
}

func TestQuit(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		m := sized(t, 80, 24, Options{})
		cmd := press(m, k)
		if cmd == nil {
			t.Fatalf("%s: no command", k)
		}
		if _, ok := cmd().(tea.QuitMsg); !ok {
			t.Errorf("%s does not quit", k)
		}
	}
	// q quits from every screen, not only the walkthrough.
	m := sized(t, 80, 24, Options{})
	press(m, "t")
	if cmd := press(m, "q"); cmd == nil {
		t.Error("q does not quit from the contents")
	}
}

func TestTableOfContentsJumps(t *testing.T) {
	m := sized(t, 80, 24, Options{})
	press(m, "t")
	if m.screen != screenTOC || !strings.Contains(ansi.Strip(m.Frame()), "Contents") {
		t.Fatal("t does not open the contents")
	}
	press(m, "down", "down", "enter")
	if m.screen != screenWalk || m.Step() != 2 {
		t.Errorf("after down, down, enter: screen %d step %d, want walkthrough at step 2", m.screen, m.Step())
	}
	press(m, "t", "esc")
	if m.screen != screenWalk {
		t.Error("esc does not close the contents")
	}
}

func TestFocusCyclesAndScrolls(t *testing.T) {
	m := sized(t, 80, 24, Options{Start: 5})
	press(m, "tab")
	if m.focus != focusPlatform {
		t.Fatalf("focus %d after tab", m.focus)
	}
	press(m, "tab", "tab", "tab")
	if m.focus != focusNarrative {
		t.Fatalf("focus %d after four tabs, want the narrative again", m.focus)
	}
	press(m, "shift+tab")
	if m.focus != focusRisks {
		t.Errorf("shift+tab: focus %d, want risks", m.focus)
	}
	sc := m.focused()
	if len(sc.lines) <= sc.h {
		t.Skip("risks pane fits at 80×24; nothing to scroll")
	}
	press(m, "down", "down")
	if sc.off != 2 {
		t.Errorf("offset %d after two downs", sc.off)
	}
	press(m, "up", "up", "up")
	if sc.off != 0 {
		t.Errorf("offset %d, want clamped at 0", sc.off)
	}
	press(m, "pgdown", "pgdown", "pgdown", "pgdown", "pgdown", "pgdown")
	if sc.off != len(sc.lines)-sc.h {
		t.Errorf("offset %d, want clamped at the end %d", sc.off, len(sc.lines)-sc.h)
	}
}

func TestCitationsScreenShowsQuotes(t *testing.T) {
	m := sized(t, 120, 40, Options{})
	press(m, "c")
	frame := ansi.Strip(m.Frame())
	first := m.pages[0].Citations[0]
	if !strings.Contains(frame, "[1] “") || !strings.Contains(frame, first.Source.Outlet) {
		t.Errorf("citations screen lacks the first citation:\n%s", frame)
	}
}

func TestGotoMsgAndOnStep(t *testing.T) {
	var seen []int
	m := sized(t, 80, 24, Options{OnStep: func(i int) { seen = append(seen, i) }})
	m.Update(GotoMsg{Step: 4})
	press(m, "right")
	m.Update(GotoMsg{Step: 999})
	if fmt.Sprint(seen) != fmt.Sprint([]int{4, 5, len(m.pages) - 1}) {
		t.Errorf("OnStep saw %v", seen)
	}
}

// TestLayoutAtEverySize is in robust_test.go.

func lines0(s string) string { return strings.SplitN(s, "\n", 2)[0] }
func lastLine(s string) string {
	l := strings.Split(s, "\n")
	return l[len(l)-1]
}

// Golden frames of the fixture, stripped of colour so that they read as text and do not depend on
// the palette.
func TestGoldenFrames(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, step := range []string{"before", "login-a", "login-b"} {
			t.Run(fmt.Sprintf("%s_%dx%d", step, size[0], size[1]), func(t *testing.T) {
				w := fixture(t)
				i, ok := w.StepIndex(step)
				if !ok {
					t.Fatalf("no step %q", step)
				}
				m := sizedOn(w, size[0], size[1], Options{Start: i})
				golden.RequireEqual(t, []byte(ansi.Strip(m.Frame())))
			})
		}
	}
}

func TestTooSmallNotice(t *testing.T) {
	m := sized(t, 59, 24, Options{})
	if got := ansi.Strip(m.Frame()); !strings.Contains(got, "terminal too small (needs 60×20") {
		t.Errorf("frame at 59×24:\n%s", got)
	}
}

// c on a focused pane opens the citations at the first marker visible in that pane.
func TestCiteStartsAtTheFocusedPane(t *testing.T) {
	i, _ := walkthrough(t).StepIndex("login-a")
	m := sized(t, 120, 40, Options{Start: i})
	press(m, "2") // the central database pane
	want := lesson.ParseMark(lesson.MarkPattern.FindString(ansi.Strip(strings.Join(m.panes[1].view(), "\n"))))
	if want == nil {
		t.Fatal("no marker visible in the database pane")
	}
	press(m, "c")
	frame := ansi.Strip(m.Frame())
	selected := ""
	for _, l := range strings.Split(frame, "\n") {
		if strings.HasPrefix(l, "▌ [") {
			selected = l
			break
		}
	}
	if first := fmt.Sprintf("[%d] ", want[0]); !strings.HasPrefix(selected, "▌ "+first) {
		t.Errorf("selected citation %q, want the pane's first cited number %s", selected, first)
	}
}
