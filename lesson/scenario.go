package lesson

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/flow"
)

// Line is one statement in a scenario: cited, our own assumption, our arithmetic, or computed by the
// model from the holdings (and then cited by the holdings' sources).
type Line struct {
	Text         string
	Marks        []int
	Ours         bool // an assumption of ours, not a fact from a source
	Arithmetic   bool // a number we worked out from cited figures
	Illustrative bool // made-up sample data
	// Assumed: computed from holdings that follow from an assumption (a what-if identifier, a breach),
	// so it is a consequence of that assumption, not a finding.
	Assumed bool
}

// Section is a computed part of a scenario: one case, one question.
type Section struct {
	Title string
	Lines []Line
}

// ScenarioPage is a scenario worked through the model, ready to show or print.
type ScenarioPage struct {
	Scenario    content.Scenario
	Intro       Line
	Assumptions []Line
	Sections    []Section
	Notes       []Line
	Balance     []Line
	Citations   []Cited // in number order, each under its number for the whole walkthrough
}

// Cite is the scenario's citation with number n.
func (sp ScenarioPage) Cite(n int) (Cited, bool) {
	for _, c := range sp.Citations {
		if c.N == n {
			return c, true
		}
	}
	return Cited{}, false
}

// BuildScenarios works every scenario of the walkthrough through the model.
func BuildScenarios(w *content.Walkthrough) []ScenarioPage {
	out := make([]ScenarioPage, 0, len(w.Scenarios))
	num := Number(w)
	for _, s := range w.Scenarios {
		out = append(out, buildScenario(w, num, s))
	}
	return out
}

type scenarioBuilder struct {
	w    *content.Walkthrough
	num  *Numbering
	used []int // every number the page shows
	page ScenarioPage
}

// marks numbers quote ids and notes them as used on the page.
func (b *scenarioBuilder) marks(ids []string) []int {
	m := b.num.Marks(ids)
	b.used = append(b.used, m...)
	return m
}

func (b *scenarioBuilder) para(p content.Para) Line {
	text, inline := b.num.markText(p.Text)
	b.used = append(b.used, inline...)
	return Line{Text: text, Marks: b.marks(p.Cite), Ours: len(p.Cite) == 0 && !p.Arithmetic && len(content.Markers(p.Text)) == 0,
		Arithmetic: p.Arithmetic}
}

func (b *scenarioBuilder) paras(ps []content.Para) []Line {
	var out []Line
	for _, p := range ps {
		out = append(out, b.para(p))
	}
	return out
}

// BuildScenario works one scenario through the model.
func BuildScenario(w *content.Walkthrough, s content.Scenario) ScenarioPage {
	return buildScenario(w, Number(w), s)
}

func buildScenario(w *content.Walkthrough, num *Numbering, s content.Scenario) ScenarioPage {
	b := &scenarioBuilder{w: w, num: num}
	b.page.Scenario = s
	b.page.Intro = b.para(s.Intro)
	b.page.Assumptions = b.paras(s.Assumptions)
	switch s.Kind {
	case "before-after":
		b.beforeAfter()
	case "identifier":
		b.identifiers()
	case "breach":
		b.breach()
	case "insider":
		b.insider()
	case "mandatory":
		b.mandatory()
	case "one-switch":
		b.oneSwitch()
	}
	b.page.Notes = b.paras(s.Notes)
	b.page.Balance = b.paras(s.Balance)
	b.page.Citations = b.num.cited(b.used)
	return b.page
}

// worlds replays the walkthrough and returns the last snapshot of today's world and the first
// snapshot of the Cyberspace ID world in which the person has logged in to both platforms.
func worlds(w *content.Walkthrough, a flow.Assumptions) (today, withID flow.Snapshot, idIndex int) {
	snaps := flow.Replay(w.FlowSteps(), a)
	idIndex = -1
	for i, s := range snaps {
		switch {
		case s.World == "today":
			today = s
		case idIndex < 0:
			_, a := s.Holding(flow.Centre, flow.LoginRecord, flow.PlatformA)
			_, b := s.Holding(flow.Centre, flow.LoginRecord, flow.PlatformB)
			if a && b {
				withID, idIndex = s, i
			}
		}
	}
	if idIndex < 0 && len(snaps) > 0 {
		withID, idIndex = snaps[len(snaps)-1], len(snaps)-1
	}
	return today, withID, idIndex
}

// holders lists who (other than the person) holds any of the items, with the cites that say so.
func (b *scenarioBuilder) holders(s flow.Snapshot, items []flow.Item) Line {
	var names []string
	var cites []string
	assumed := false
	for _, p := range []flow.Party{flow.App, flow.Centre, flow.PlatformA, flow.PlatformB, flow.Attacker} {
		var what []string
		for _, h := range s.Holds[p] {
			for _, it := range items {
				if h.Item == it {
					what = append(what, flow.ItemLabel(it))
					cites = append(cites, h.Cite...)
					assumed = assumed || h.Assumed
				}
			}
		}
		if len(what) > 0 {
			names = append(names, flow.PartyLabel(p)+" ("+strings.Join(dedupe(what), ", ")+")")
		}
	}
	if len(names) == 0 {
		return Line{Text: "nobody but you"}
	}
	return Line{Text: strings.Join(names, "; "), Marks: b.marks(cites), Assumed: assumed}
}

func dedupe(ids []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

func (b *scenarioBuilder) links(s flow.Snapshot) []Line {
	ls := flow.Links(s)
	if len(ls) == 0 {
		return []Line{{Text: "nobody, by identifier"}}
	}
	var out []Line
	for _, l := range ls {
		out = append(out, Line{Text: l.Who + ": " + l.How, Assumed: l.Assumed, Marks: b.marks(l.Cite)})
	}
	return out
}

func (b *scenarioBuilder) beforeAfter() {
	today, withID, _ := worlds(b.w, flow.Assumptions{})
	for _, c := range []struct {
		title string
		s     flow.Snapshot
	}{{"Today, with real-name registration", today}, {"With Cyberspace ID (after logging in to A and B)", withID}} {
		sec := Section{Title: c.title}
		who := b.holders(c.s, flow.Identity)
		who.Text = "Who holds your real identity: " + who.Text
		sec.Lines = append(sec.Lines, who)
		seen := b.holders(c.s, []flow.Item{flow.LoginRecord})
		if seen.Text == "nobody but you" {
			seen = b.holders(c.s, []flow.Item{flow.Activity})
			seen.Text = "Who knows which platforms you use: each platform knows only itself: " + seen.Text
		} else {
			seen.Text = "Who sees every platform you log in to: " + seen.Text
		}
		sec.Lines = append(sec.Lines, seen)
		for _, l := range b.links(c.s) {
			l.Text = "Who could link your two accounts: " + l.Text
			sec.Lines = append(sec.Lines, l)
		}
		b.page.Sections = append(b.page.Sections, sec)
	}
}

// identifiers works the walkthrough through every identifier assumption. Each thing a platform
// receives is its own line, so that a cited verification result and an assumed identifier never share
// one line's labels.
func (b *scenarioBuilder) identifiers() {
	for _, mode := range flow.IdentifierModes {
		_, s, _ := worlds(b.w, flow.Assumptions{Identifier: mode})
		title := "If platforms see " + mode.String()
		if mode.Sourced() {
			title += " (the case a source describes)"
		}
		sec := Section{Title: title}
		for _, p := range flow.Platforms {
			for _, h := range s.Holds[p] {
				if h.Item == flow.Activity {
					continue
				}
				l := Line{Text: flow.PartyShort(p) + " receives: " + flow.ItemLabel(h.Item), Marks: b.marks(h.Cite),
					Assumed: h.Assumed}
				if h.Item == flow.NetworkNumber || h.Item == flow.PlatformID {
					l.Text += " " + h.Value
					l.Illustrative = true
				}
				sec.Lines = append(sec.Lines, l)
			}
		}
		for _, l := range b.links(s) {
			l.Text = "Could link your accounts on A and B: " + l.Text
			sec.Lines = append(sec.Lines, l)
		}
		b.page.Sections = append(b.page.Sections, sec)
	}
}

// breachOf replays the walkthrough up to a snapshot and then lets the attacker copy one party.
func (b *scenarioBuilder) breachOf(world string, party flow.Party) flow.Snapshot {
	steps := b.w.FlowSteps()
	_, _, idIndex := worlds(b.w, flow.Assumptions{})
	var upto []flow.Step
	for i, st := range steps {
		if world == "today" && st.World == "today" || world != "today" && st.World != "today" && i <= idIndex {
			upto = append(upto, st)
		}
	}
	w := world
	if len(upto) > 0 {
		w = upto[len(upto)-1].World
	}
	upto = append(upto, flow.Step{World: w, Events: []flow.Event{{Op: flow.OpBreach, Party: party}}})
	snaps := flow.Replay(upto, flow.Assumptions{})
	return snaps[len(snaps)-1]
}

func (b *scenarioBuilder) obtained(title string, s flow.Snapshot) Section {
	sec := Section{Title: title}
	var identity, other []string
	assumed := false
	for _, h := range s.Holds[flow.Attacker] {
		assumed = assumed || h.Assumed
		label := flow.ItemLabel(h.Item)
		if slices.Contains(flow.Identity, h.Item) {
			identity = append(identity, label)
		} else {
			other = append(other, label)
		}
	}
	if len(identity) > 0 {
		sec.Lines = append(sec.Lines, Line{Text: "Who you are: " + strings.Join(identity, ", "), Assumed: assumed})
	} else {
		sec.Lines = append(sec.Lines, Line{Text: "Who you are: nothing that names you", Assumed: assumed})
	}
	if len(other) > 0 {
		sec.Lines = append(sec.Lines, Line{Text: "And: " + strings.Join(dedupe(other), ", "), Assumed: assumed})
	}
	return sec
}

func (b *scenarioBuilder) breach() {
	b.page.Sections = append(b.page.Sections,
		b.obtained("Platform A breached, today", b.breachOf("today", flow.PlatformA)),
		b.obtained("Platform A breached, with Cyberspace ID", b.breachOf("cyberspace-id", flow.PlatformA)),
		b.obtained("The central database breached", b.breachOf("cyberspace-id", flow.Centre)),
	)
}

func (b *scenarioBuilder) insider() {
	sec := b.obtained("What leaves the centre, to a buyer", b.breachOf("cyberspace-id", flow.Centre))
	b.page.Sections = append(b.page.Sections, sec)
}

func (b *scenarioBuilder) mandatory() {
	week := flow.TheSample().Week()
	sec := Section{Title: "The central log for one ordinary week (illustrative)"}
	services := map[string]bool{}
	for _, e := range week {
		services[e.Service] = true
		sec.Lines = append(sec.Lines, Line{Text: e.When + " · " + e.Service + " · " + flow.TheSample().NetworkNumber, Illustrative: true})
	}
	sec.Lines = append(sec.Lines, Line{Arithmetic: true, Text: fmt.Sprintf(
		"%d log entries in a week, across %d services, each tied to one network number and so to one real person.",
		len(week), len(services))})
	b.page.Sections = append(b.page.Sections, sec)
}

func (b *scenarioBuilder) oneSwitch() {
	_, s, _ := worlds(b.w, flow.Assumptions{})
	sec := Section{Title: "Accounts that hang on the one ID"}
	var on []string
	var cites []string
	for _, p := range flow.Platforms {
		if h, ok := s.Holding(flow.Centre, flow.LoginRecord, p); ok {
			on = append(on, flow.PartyLabel(p))
			cites = append(cites, h.Cite...)
		}
	}
	sec.Lines = append(sec.Lines,
		Line{Text: "The centre's log ties one person to: " + strings.Join(on, ", "), Marks: b.marks(cites)},
		Line{Text: "With one ID: a single order could reach " + allAccounts(len(on)) + ".", Arithmetic: true},
	)
	b.page.Sections = append(b.page.Sections, sec)
}

// Display is the line as every view writes it: the text, its labels, then its markers.
func (l Line) Display() string {
	t := l.Text
	switch {
	case l.Arithmetic:
		t += " (our arithmetic)"
	case l.Ours:
		t += " (our assumption)"
	}
	if l.Assumed {
		t += " (assumed)"
	}
	if l.Illustrative {
		t += " (illustrative)"
	}
	if len(l.Marks) > 0 {
		t += " " + MarkText(l.Marks)
	}
	return t
}

// Blocks are a scenario's parts in reading order, each with a heading: what every view shows.
func (sp ScenarioPage) Blocks() []Section {
	var out []Section
	if len(sp.Assumptions) > 0 {
		out = append(out, Section{Title: "Assumptions", Lines: sp.Assumptions})
	}
	out = append(out, sp.Sections...)
	if len(sp.Notes) > 0 {
		out = append(out, Section{Title: "What the sources add", Lines: sp.Notes})
	}
	if len(sp.Balance) > 0 {
		out = append(out, Section{Title: "Other side", Lines: sp.Balance})
	}
	return out
}

// allAccounts says "both accounts" for two, as a person would, and "all n accounts" for more.
func allAccounts(n int) string {
	switch n {
	case 1:
		return "the one account"
	case 2:
		return "both accounts"
	}
	return fmt.Sprintf("all %d accounts", n)
}
