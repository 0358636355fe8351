package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/cyberid/cyberid/flow"
)

// openScenario opens the "what if" screen and the scenario with the given title.
func openScenario(t *testing.T, m *Model, title string) {
	t.Helper()
	press(m, "w")
	for i := 0; i < len(m.list.items); i++ {
		if it, ok := m.list.current(); ok && strings.Contains(ansi.Strip(strings.Join(it.text(200), " ")), title) {
			press(m, "enter")
			return
		}
		press(m, "down")
	}
	t.Fatalf("no scenario %q", title)
}

func TestScenarioGoldenFrames(t *testing.T) {
	for _, c := range []struct{ name, step, title string }{
		{"identifier", "login-b", "Which identifier do platforms see?"},
		{"breach", "breach", "A breach"},
		{"mandatory", "mandatory", "If it became mandatory"},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := fixture(t)
			i, _ := w.StepIndex(c.step)
			m := sizedOn(w, 80, 24, Options{Start: i})
			openScenario(t, m, c.title)
			frame := ansi.Strip(m.Frame())
			if !strings.Contains(frame, "What if · "+c.title) {
				t.Fatalf("scenario not open:\n%s", frame)
			}
			golden.RequireEqual(t, []byte(frame))
		})
	}
}

// Applying an identifier assumption recomputes the panes: with per-platform identifiers, platform A
// holds its own identifier and no network number.
func TestScenarioChangesThePanes(t *testing.T) {
	i, _ := walkthrough(t).StepIndex("login-b")
	m := sized(t, 120, 40, Options{Start: i})
	openScenario(t, m, "Which identifier do platforms see?")
	for j := range m.list.items {
		if it, ok := m.list.current(); ok && strings.Contains(strings.Join(it.text(200), " "), "Apply to the walkthrough: platforms see "+flow.PerPlatform.String()) {
			press(m, "enter")
			break
		}
		if j == len(m.list.items)-1 {
			t.Fatal("no per-platform action")
		}
		press(m, "down")
	}
	if m.screen != screenWalk || m.assumptions.Identifier != flow.PerPlatform {
		t.Fatalf("screen %d, assumption %v", m.screen, m.assumptions.Identifier)
	}
	snap := m.pages[m.step].Snapshot
	if snap.Held(flow.PlatformA, flow.NetworkNumber) || !snap.Held(flow.PlatformA, flow.PlatformID) {
		t.Error("the panes were not recomputed under per-platform identifiers")
	}
	frame := ansi.Strip(m.Frame())
	if !strings.Contains(frame, "Per-platform identifier") {
		t.Errorf("the platform pane does not show the per-platform identifier:\n%s", frame)
	}
}

func TestScenarioScreensFitEverySize(t *testing.T) {
	for _, title := range []string{"Before and after", "Which identifier do platforms see?", "A breach", "An insider",
		"If it became mandatory", "One switch", "Compared with India and Europe"} {
		for _, size := range [][2]int{{60, 20}, {61, 21}, {80, 24}, {100, 30}, {120, 40}, {200, 60}, {300, 100}} {
			m := sized(t, size[0], size[1], Options{})
			openScenario(t, m, title)
			for k := 0; k < 40; k++ {
				// The layout's own lines, before the frame's last guard could cut them.
				for n, l := range m.rows() {
					if lw := ansi.StringWidth(l); lw > size[0] {
						t.Fatalf("%s at %dx%d: line %d is %d wide", title, size[0], size[1], n, lw)
					}
				}
				press(m, "down")
			}
		}
	}
}

// On screen, under every assumption and at a wide and a narrow pane width, each item and each link that
// follows from an assumption carries "(assumed)", nothing else does, and every page after a login
// says what the platform pane shows of the open question.
func TestPanesLabelWhatIsAssumed(t *testing.T) {
	m := sized(t, 120, 40, Options{})
	for _, mode := range flow.IdentifierModes {
		m.setAssumptions(flow.Assumptions{Identifier: mode})
		for i, p := range m.pages {
			m.step = i
			var wantPlatform, wantCentre int
			for _, g := range p.Platform {
				for _, e := range g.Entries {
					if e.Assumed {
						wantPlatform++
					}
				}
			}
			for _, l := range p.Links {
				if l.Assumed {
					wantPlatform++
				}
			}
			for _, g := range p.Centre {
				for _, e := range g.Entries {
					if e.Assumed {
						wantCentre++
					}
				}
			}
			for _, width := range []int{36, 76} {
				platform := ansi.Strip(strings.Join(m.paneLines(0, width), "\n"))
				centre := ansi.Strip(strings.Join(m.paneLines(1, width), "\n"))
				if got := strings.Count(platform, "(assumed)"); got != wantPlatform {
					t.Errorf("%v, step %s, width %d: platform pane has %d (assumed), want %d:\n%s", mode, p.Step.ID, width, got, wantPlatform, platform)
				}
				if got := strings.Count(centre, "(assumed)"); got != wantCentre {
					t.Errorf("%v, step %s, width %d: centre pane has %d (assumed), want %d", mode, p.Step.ID, width, got, wantCentre)
				}
				squash := func(s string) string { return strings.Join(strings.Fields(s), " ") }
				if p.IdentifierNote != "" && !strings.Contains(squash(platform), squash(p.IdentifierNote)) {
					t.Errorf("%v, step %s, width %d: the note on the open question is missing:\n%s", mode, p.Step.ID, width, platform)
				}
				if mode.Sourced() && wantPlatform+wantCentre != 0 {
					t.Errorf("default, step %s: %d assumed things on screen", p.Step.ID, wantPlatform+wantCentre)
				}
			}
		}
	}
}
