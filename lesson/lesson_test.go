package lesson

import (
	"strings"
	"testing"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/flow"
)

func pages(t *testing.T, a flow.Assumptions) (*content.Walkthrough, []Page) {
	t.Helper()
	w, err := content.Load()
	if err != nil {
		t.Fatal(err)
	}
	return w, Build(w, a)
}

func page(t *testing.T, w *content.Walkthrough, ps []Page, id string) Page {
	t.Helper()
	i, ok := w.StepIndex(id)
	if !ok {
		t.Fatalf("no step %q", id)
	}
	return ps[i]
}

// After the platform-A login the platform holds no name, ID number, phone or face data; the central
// database holds them and a login record.
func TestLoginAKeepsIdentityAtTheCentre(t *testing.T) {
	for _, mode := range flow.IdentifierModes {
		w, ps := pages(t, flow.Assumptions{Identifier: mode})
		snap := page(t, w, ps, "login-a").Snapshot
		for _, it := range flow.Identity {
			if snap.Held(flow.PlatformA, it) {
				t.Errorf("%v: platform A holds %s", mode, it)
			}
			if !snap.Held(flow.Centre, it) {
				t.Errorf("%v: the centre does not hold %s", mode, it)
			}
		}
		if _, ok := snap.Holding(flow.Centre, flow.LoginRecord, flow.PlatformA); !ok {
			t.Errorf("%v: no login record at the centre", mode)
		}
	}
}

func TestTodayPlatformsHoldTheIDNumber(t *testing.T) {
	w, ps := pages(t, flow.Assumptions{})
	snap := page(t, w, ps, "before").Snapshot
	if !snap.Held(flow.PlatformA, flow.IDNumber) || snap.Held(flow.Centre, flow.IDNumber) {
		t.Error("before Cyberspace ID, platform A holds the ID number and the centre holds nothing")
	}
}

func TestMarkersNumberTheCitations(t *testing.T) {
	_, ps := pages(t, flow.Assumptions{})
	for _, p := range ps {
		if strings.Contains(p.Narrative, "[@") {
			t.Errorf("step %s: unreplaced marker", p.Step.ID)
		}
		max := 0
		check := func(marks []int) {
			for _, m := range marks {
				if m < 1 || m > len(p.Citations) {
					t.Errorf("step %s: mark %d outside 1..%d", p.Step.ID, m, len(p.Citations))
				}
				if m > max {
					max = m
				}
			}
		}
		for _, g := range append(append([]Group{}, p.Platform...), p.Centre...) {
			for _, e := range g.Entries {
				check(e.Marks)
			}
		}
		for _, r := range p.Risks {
			check(r.ConcernMarks)
			check(r.SafeguardMarks)
		}
		for i, c := range p.Citations {
			if c.Quote.Text == "" || c.Source.ID == "" {
				t.Errorf("step %s: citation %d does not resolve", p.Step.ID, i+1)
			}
			if !strings.Contains(p.Narrative, MarkText([]int{i + 1})) && max < i+1 {
				t.Errorf("step %s: citation %d is never marked", p.Step.ID, i+1)
			}
		}
	}
}

func TestLoginBShowsWhoCanLink(t *testing.T) {
	for _, c := range []struct {
		mode flow.IdentifierMode
		want string
	}{
		{flow.SameNumber, "the centre|platforms A and B, comparing notes"},
		{flow.PerPlatform, "the centre"},
		{flow.ResultOnly, "the centre"},
	} {
		w, ps := pages(t, flow.Assumptions{Identifier: c.mode})
		var who []string
		for _, l := range page(t, w, ps, "login-b").Links {
			who = append(who, l.Who)
		}
		if strings.Join(who, "|") != c.want {
			t.Errorf("%v: links %v, want %s", c.mode, who, c.want)
		}
	}
}

// An entry says in words what backs it: markers, or "(illustrative)", and "(assumed)".
func TestEntryTagged(t *testing.T) {
	for _, c := range []struct {
		e    Entry
		want string
	}{
		{Entry{Label: "Real name", Marks: []int{3, 1}}, "Real name [3][1]"},
		{Entry{Label: "Password"}, "Password (illustrative)"},
		{Entry{Label: "Network number", Marks: []int{2}, Assumed: true}, "Network number [2] (assumed)"},
		{Entry{Label: "Platform ID", Assumed: true}, "Platform ID (illustrative) (assumed)"},
	} {
		if got := c.e.Tagged(); got != c.want {
			t.Errorf("%+v: got %q, want %q", c.e, got, c.want)
		}
	}
}
