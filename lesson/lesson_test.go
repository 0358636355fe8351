package lesson

import (
	"fmt"
	"slices"
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

// Every mark on a page is one of the page's citations, and every citation of the page is marked.
func TestMarkersNumberTheCitations(t *testing.T) {
	_, ps := pages(t, flow.Assumptions{})
	for _, p := range ps {
		if strings.Contains(p.Narrative, "[@") {
			t.Errorf("step %s: unreplaced marker", p.Step.ID)
		}
		marked := map[int]bool{}
		check := func(marks []int) {
			for _, m := range marks {
				if _, ok := p.Cite(m); !ok {
					t.Errorf("step %s: mark %d is not among the page's citations", p.Step.ID, m)
				}
				marked[m] = true
			}
		}
		for _, mark := range MarkPattern.FindAllString(p.Narrative, -1) {
			check(ParseMark(mark))
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
				t.Errorf("step %s: citation %d does not resolve", p.Step.ID, c.N)
			}
			if !marked[c.N] {
				t.Errorf("step %s: citation %d is never marked", p.Step.ID, c.N)
			}
			if i > 0 && p.Citations[i-1].N >= c.N {
				t.Errorf("step %s: citations out of number order: %d then %d", p.Step.ID, p.Citations[i-1].N, c.N)
			}
		}
	}
}

// A quote has one number on every step, under every assumption, and in every scenario; two quotes
// never share one; and the numbers follow the order a reader meets the quotes.
func TestOneNumberPerQuoteAcrossTheWalkthrough(t *testing.T) {
	w, err := content.Load()
	if err != nil {
		t.Fatal(err)
	}
	num := Number(w)
	if num.Len() != len(w.Quotes) {
		t.Errorf("%d quotes numbered, want all %d", num.Len(), len(w.Quotes))
	}
	byNumber := map[int]string{}
	seen := func(where string, c Cited) {
		if prev, ok := byNumber[c.N]; ok && prev != c.Quote.ID {
			t.Errorf("%s: number %d is both %s and %s", where, c.N, prev, c.Quote.ID)
		}
		byNumber[c.N] = c.Quote.ID
		if want := num.Of(c.Quote.ID); c.N != want {
			t.Errorf("%s: quote %s is [%d], want [%d]", where, c.Quote.ID, c.N, want)
		}
	}
	for _, mode := range flow.IdentifierModes {
		for _, p := range Build(w, flow.Assumptions{Identifier: mode}) {
			for _, c := range p.Citations {
				seen(fmt.Sprintf("%v, step %s", mode, p.Step.ID), c)
			}
		}
	}
	for _, sp := range BuildScenarios(w) {
		for _, c := range sp.Citations {
			seen("scenario "+sp.Scenario.ID, c)
		}
	}
	// First appearance in step order: the first quote of each step that is new there is the next number.
	next := 1
	for _, st := range w.Steps {
		for _, id := range st.Cites {
			if k := num.Of(id); k >= next {
				if k != next {
					t.Errorf("step %s: quote %s is [%d], want [%d] (first met here)", st.ID, id, k, next)
				}
				next = k + 1
			}
		}
	}
}

// Markers side by side in a narrative read as one mark, never "[3][4]".
func TestNarrativeMarkersJoin(t *testing.T) {
	w, ps := pages(t, flow.Assumptions{})
	joined := 0
	for i, p := range ps {
		if strings.Contains(p.Narrative, "][") {
			t.Errorf("step %s: markers side by side: %q", p.Step.ID, p.Narrative)
		}
		if strings.Contains(w.Steps[i].Narrative, "][@") {
			joined++
		}
	}
	if joined == 0 {
		t.Error("no narrative has markers side by side: the test shows nothing")
	}
}

func TestMarkText(t *testing.T) {
	for _, c := range []struct {
		marks []int
		want  string
	}{
		{nil, ""},
		{[]int{7}, "[7]"},
		{[]int{4, 3}, "[3,4]"},
		{[]int{3, 4, 5}, "[3–5]"},
		{[]int{21, 18, 19, 1}, "[1,18,19,21]"},
		{[]int{1, 18, 19, 20, 31, 31}, "[1,18–20,31]"},
		{[]int{5, 5, 5}, "[5]"},
	} {
		got := MarkText(c.marks)
		if got != c.want {
			t.Errorf("MarkText(%v) = %q, want %q", c.marks, got, c.want)
		}
		if got != "" && !slices.Equal(ParseMark(got), slices.Compact(slices.Sorted(slices.Values(c.marks)))) {
			t.Errorf("ParseMark(%q) = %v, want %v", got, ParseMark(got), c.marks)
		}
	}
	for _, bad := range []string{"[]", "[1,]", "x[1]", "[1][2]", "[S1]", "[–3]"} {
		if got := ParseMark(bad); got != nil {
			t.Errorf("ParseMark(%q) = %v, want nil", bad, got)
		}
	}
}

// ParseMark reads back whatever MarkText writes, for any set of numbers.
func FuzzMarkText(f *testing.F) {
	f.Add([]byte{1, 2, 3, 9})
	f.Add([]byte{200, 1, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		var marks []int
		for _, b := range data {
			marks = append(marks, int(b)+1)
		}
		want := slices.Compact(slices.Sorted(slices.Values(marks)))
		if got := ParseMark(MarkText(marks)); len(want) > 0 && !slices.Equal(got, want) {
			t.Fatalf("ParseMark(MarkText(%v)) = %v", marks, got)
		}
	})
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
			// Only the platforms' link rests on an identifier, and only the same-number case gives one.
			if want := l.Who != "the centre"; l.Assumed != want || strings.HasSuffix(LinkText(l), " (assumed)") != want {
				t.Errorf("%v: %q assumed = %v", c.mode, LinkText(l), l.Assumed)
			}
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
		{Entry{Label: "Real name", Marks: []int{1, 3}}, "Real name [1,3]"},
		{Entry{Label: "Password"}, "Password (illustrative)"},
		{Entry{Label: "Network number", Marks: []int{2}, Assumed: true}, "Network number [2] (assumed)"},
		{Entry{Label: "Platform ID", Assumed: true}, "Platform ID (illustrative) (assumed)"},
	} {
		if got := c.e.Tagged(); got != c.want {
			t.Errorf("%+v: got %q, want %q", c.e, got, c.want)
		}
	}
}

// On the content as loaded: under the default nothing a platform holds is unsourced, and under every
// assumption nothing a platform holds is both unsourced and unmarked. The default is the case a source
// states, so it has nothing assumed on any page.
func TestPlatformHoldingsAreSourcedOrMarked(t *testing.T) {
	for _, mode := range flow.IdentifierModes {
		_, ps := pages(t, flow.Assumptions{Identifier: mode})
		for _, p := range ps {
			for _, g := range p.Platform {
				for _, e := range g.Entries {
					if e.Illustrative() && !e.Assumed {
						t.Errorf("%v, step %s: %s holds %q, unsourced and unmarked", mode, p.Step.ID, g.Party, e.Label)
					}
					if mode.Sourced() && (e.Illustrative() || e.Assumed) {
						t.Errorf("default, step %s: %s holds %q unsourced (%v) or assumed (%v)", p.Step.ID, g.Party, e.Label,
							e.Illustrative(), e.Assumed)
					}
				}
			}
			for _, l := range p.Links {
				if mode.Sourced() && l.Assumed {
					t.Errorf("default, step %s: link %q is assumed", p.Step.ID, LinkText(l))
				}
			}
		}
	}
}

// Under the default, the verification result a platform holds cites the ministry's explanation, the
// one text that says what a platform receives, and nothing that speaks of an identifier.
func TestVerificationResultCitesWhatAPlatformReceives(t *testing.T) {
	w, ps := pages(t, flow.Assumptions{})
	for _, id := range []string{"login-a", "login-b"} {
		p := page(t, w, ps, id)
		for _, g := range p.Platform {
			for _, e := range g.Entries {
				if e.Item != flow.VerificationResult {
					continue
				}
				var quotes []string
				for _, m := range e.Marks {
					c, ok := p.Cite(m)
					if !ok {
						t.Fatalf("%s: mark %d is not among the page's citations", id, m)
					}
					quotes = append(quotes, c.Quote.ID)
				}
				if strings.Join(quotes, ",") != "explain-minimal" {
					t.Errorf("%s: %s's verification result cites %v, want [explain-minimal]", id, g.Party, quotes)
				}
			}
		}
	}
}

// Every page after a login says what the platform pane shows of the open question, under every
// assumption; none before. The default's note leaves the question open, the others say "Assumed".
func TestIdentifierNote(t *testing.T) {
	for _, mode := range flow.IdentifierModes {
		_, ps := pages(t, flow.Assumptions{Identifier: mode})
		for _, p := range ps {
			loggedIn := p.Snapshot.Held(flow.PlatformA, flow.VerificationResult) || p.Snapshot.Held(flow.PlatformB, flow.VerificationResult)
			if loggedIn != (p.IdentifierNote != "") {
				t.Errorf("%v, step %s: logged in %v, note %q", mode, p.Step.ID, loggedIn, p.IdentifierNote)
			}
		}
		note := IdentifierNote(flow.Assumptions{Identifier: mode})
		if !strings.Contains(note, "do not settle") || strings.HasPrefix(note, "Assumed") == mode.Sourced() {
			t.Errorf("%v: note %q", mode, note)
		}
	}
}

// A link is a claim too: "the centre could link your accounts" stands on the rule that it keeps
// authentication logs it must hand over. Every link that is not assumed carries the citations of
// what it rests on, in the page's numbering.
func TestLinksAreCited(t *testing.T) {
	for _, a := range []flow.Assumptions{{}, {Identifier: flow.SameNumber}, {Identifier: flow.PerPlatform}} {
		_, ps := pages(t, a)
		seen := 0
		for _, p := range ps {
			for _, l := range p.Links {
				seen++
				if !l.Assumed && len(l.Marks) == 0 {
					t.Errorf("%v, step %s: link %q has no citation", a, p.Step.ID, LinkText(l))
				}
				for _, m := range l.Marks {
					if _, ok := p.Cite(m); !ok {
						t.Errorf("%v, step %s: link mark %d is not among the page's citations", a, p.Step.ID, m)
					}
				}
			}
		}
		if seen == 0 {
			t.Fatalf("%v: no links at all: the test checks nothing", a)
		}
	}
}
