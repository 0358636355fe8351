package lesson

import (
	"strconv"
	"strings"
	"testing"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/flow"
)

func scenario(t *testing.T, kind string) (*content.Walkthrough, ScenarioPage) {
	t.Helper()
	w, err := content.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range w.Scenarios {
		if s.Kind == kind {
			return w, BuildScenario(w, s)
		}
	}
	t.Fatalf("no scenario of kind %s", kind)
	return nil, ScenarioPage{}
}

func sectionText(s Section) string {
	var b strings.Builder
	for _, l := range s.Lines {
		b.WriteString(l.Text + "\n")
	}
	return b.String()
}

func TestPerPlatformIdentifiersShareNothing(t *testing.T) {
	w, _ := scenario(t, "identifier")
	_, s, _ := worlds(w, flow.Assumptions{Identifier: flow.PerPlatform})
	a, okA := s.Holding(flow.PlatformA, flow.PlatformID, flow.PlatformA)
	b, okB := s.Holding(flow.PlatformB, flow.PlatformID, flow.PlatformB)
	if !okA || !okB || a.Value == b.Value {
		t.Fatalf("per-platform ids: %q %q", a.Value, b.Value)
	}
	for _, h := range s.Holds[flow.PlatformA] {
		for _, g := range s.Holds[flow.PlatformB] {
			if h.Item != flow.Activity && h.Item != flow.VerificationResult && h.Value == g.Value {
				t.Errorf("A and B share %s = %q", h.Item, h.Value)
			}
		}
	}
}

func TestIdentifierScenarioShowsEveryCase(t *testing.T) {
	_, p := scenario(t, "identifier")
	if len(p.Sections) != len(flow.IdentifierModes) {
		t.Fatalf("%d sections", len(p.Sections))
	}
	for i, mode := range flow.IdentifierModes {
		sec := p.Sections[i]
		if !strings.Contains(sec.Title, mode.String()) {
			t.Errorf("section %d is %q, want the case %q", i, sec.Title, mode)
		}
		if got := strings.Contains(sectionText(sec), "platforms A and B, comparing notes"); got != (mode == flow.SameNumber) {
			t.Errorf("%s: platforms can link = %v", sec.Title, got)
		}
		if !strings.Contains(sectionText(sec), "the centre") {
			t.Errorf("%s: the centre can always link", sec.Title)
		}
	}
}

// Every computed line that follows from an assumed holding says so, and the case a source states has
// none: its lines are cited.
func TestIdentifierScenarioLabelsWhatIsAssumed(t *testing.T) {
	_, p := scenario(t, "identifier")
	for i, mode := range flow.IdentifierModes {
		sec := p.Sections[i]
		var assumed, receives int
		for _, l := range sec.Lines {
			if l.Assumed != strings.Contains(l.Display(), "(assumed)") {
				t.Errorf("%s: %q is displayed as %q", sec.Title, l.Text, l.Display())
			}
			if l.Assumed {
				assumed++
			}
			// Platforms can compare notes only on an identifier, and every identifier here is assumed.
			if strings.Contains(l.Text, "comparing notes") && !l.Assumed {
				t.Errorf("%s: %q rests on an assumed identifier but is not labelled", sec.Title, l.Text)
			}
			if strings.Contains(l.Text, " receives: ") {
				receives++
				if !l.Assumed && len(l.Marks) == 0 {
					t.Errorf("%s: %q is neither cited nor assumed", sec.Title, l.Text)
				}
				isID := strings.Contains(l.Text, flow.ItemLabel(flow.NetworkNumber)) || strings.Contains(l.Text, flow.ItemLabel(flow.PlatformID))
				if isID != l.Assumed {
					t.Errorf("%s: %q: an identifier must be assumed and nothing else is (assumed = %v)", sec.Title, l.Text, l.Assumed)
				}
			}
		}
		if receives == 0 {
			t.Errorf("%s: no line says what a platform receives", sec.Title)
		}
		if mode.Sourced() != (assumed == 0) {
			t.Errorf("%s: %d assumed lines", sec.Title, assumed)
		}
	}
}

// A breach is the scenario's premise, so what the attacker takes is labelled as following from it.
func TestBreachLinesAreAssumed(t *testing.T) {
	for _, kind := range []string{"breach", "insider"} {
		_, p := scenario(t, kind)
		for _, sec := range p.Sections {
			for _, l := range sec.Lines {
				if !l.Assumed || !strings.Contains(l.Display(), "(assumed)") {
					t.Errorf("%s/%s: %q is not labelled as assumed", kind, sec.Title, l.Display())
				}
			}
		}
	}
}

func TestCentralBreachTakesEveryIdentityField(t *testing.T) {
	w, p := scenario(t, "breach")
	b := &scenarioBuilder{w: w, num: Number(w)}
	s := b.breachOf("cyberspace-id", flow.Centre)
	for _, h := range s.Holds[flow.Centre] {
		if !s.Held(flow.Attacker, h.Item) {
			t.Errorf("the attacker lacks %s", h.Item)
		}
	}
	for _, it := range flow.Identity {
		if s.Held(flow.Centre, it) && !s.Held(flow.Attacker, it) {
			t.Errorf("identity field %s not taken", it)
		}
	}
	aToday := sectionText(p.Sections[0])
	aWithID := sectionText(p.Sections[1])
	if !strings.Contains(aToday, "National ID number") || strings.Contains(aWithID, "National ID number") {
		t.Errorf("platform A breach: today %q, with ID %q", aToday, aWithID)
	}
}

func TestScenarioNumbersAreCitedOrArithmetic(t *testing.T) {
	w, err := content.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, sp := range BuildScenarios(w) {
		for _, l := range append(append([]Line{}, sp.Notes...), sp.Balance...) {
			if len(l.Marks) == 0 && !l.Arithmetic {
				t.Errorf("%s: %q is neither cited nor arithmetic", sp.Scenario.ID, l.Text)
			}
		}
		for _, sec := range sp.Sections {
			for _, l := range sec.Lines {
				if strings.ContainsAny(l.Text, "0123456789") && len(l.Marks) == 0 && !l.Arithmetic && !l.Illustrative {
					t.Errorf("%s/%s: a number that is not cited, arithmetic or illustrative: %q", sp.Scenario.ID, sec.Title, l.Text)
				}
			}
		}
		if len(sp.Citations) == 0 {
			t.Errorf("%s cites nothing", sp.Scenario.ID)
		}
	}
}

func TestBeforeAfterMovesIdentityToTheCentre(t *testing.T) {
	_, p := scenario(t, "before-after")
	if len(p.Sections) != 2 {
		t.Fatalf("%d sections", len(p.Sections))
	}
	today, withID := sectionText(p.Sections[0]), sectionText(p.Sections[1])
	if !strings.Contains(today, "Platform A (e.g. WeChat) (National ID number") {
		t.Errorf("today, platform A should hold the ID number:\n%s", today)
	}
	idLine := strings.SplitN(withID, "\n", 2)[0]
	if strings.Contains(idLine, "Platform A") || strings.Contains(idLine, "Platform B") ||
		!strings.Contains(idLine, "National platform (MPS)") {
		t.Errorf("with Cyberspace ID, identity should sit with the centre, not the platforms: %q", idLine)
	}
	if !strings.Contains(withID, "Who sees every platform you log in to: National platform (MPS)") {
		t.Errorf("with Cyberspace ID, the centre sees every login:\n%s", withID)
	}
}

func TestInsiderSellsTheWholeRecord(t *testing.T) {
	_, p := scenario(t, "insider")
	got := sectionText(p.Sections[0])
	for _, it := range flow.Identity {
		if !strings.Contains(got, flow.ItemLabel(it)) {
			t.Errorf("insider: %s does not leave:\n%s", flow.ItemLabel(it), got)
		}
	}
}

func TestMandatoryWeekIsIllustrativeAndCounted(t *testing.T) {
	_, p := scenario(t, "mandatory")
	lines := p.Sections[0].Lines
	week := flow.TheSample().Week()
	if len(lines) != len(week)+1 {
		t.Fatalf("%d lines for a week of %d logins", len(lines), len(week))
	}
	for _, l := range lines[:len(week)] {
		if !l.Illustrative {
			t.Errorf("a made-up login is not marked illustrative: %q", l.Text)
		}
	}
	last := lines[len(lines)-1]
	if !last.Arithmetic || !strings.HasPrefix(last.Text, strconv.Itoa(len(week))+" log entries") {
		t.Errorf("the count should be our arithmetic over the week: %+v", last)
	}
}

func TestOneSwitchReachesEveryAccount(t *testing.T) {
	_, p := scenario(t, "one-switch")
	got := sectionText(p.Sections[0])
	if !strings.Contains(got, "Platform A (e.g. WeChat), Platform B (e.g. Taobao)") || !strings.Contains(got, "reach both accounts") {
		t.Errorf("one switch:\n%s", got)
	}
}
