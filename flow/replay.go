package flow

import "slices"

// IdentifierMode is the assumption about what a platform receives when the person logs in. The
// sources do not settle it (research note B4), so the model can replay every step under each.
type IdentifierMode int

// ResultOnly comes first so that it is the zero value, and so the default, on purpose: it is the one
// case a source states (the ministry's explanation, quote explain-minimal: the national platform gives a
// platform that must check identity "only the verification result"). Any code that builds
// Assumptions{}, or forgets to choose, then shows what a source says; an unsourced identifier can only
// appear when someone asks for a what-if by name.
const (
	ResultOnly  IdentifierMode = iota // platforms receive only a signed verification result (stated by a source)
	SameNumber                        // what if every platform saw the same lifelong network number
	PerPlatform                       // what if each platform saw its own identifier
)

// IdentifierModes lists every mode, for screens that show all of them, in the order the identifier
// scenario's text names them (content/scenarios.yaml: "the first two designs" are the what-ifs).
var IdentifierModes = []IdentifierMode{SameNumber, PerPlatform, ResultOnly}

func (m IdentifierMode) String() string {
	switch m {
	case SameNumber:
		return "the same network number everywhere"
	case PerPlatform:
		return "a different identifier per platform"
	}
	return "only a verification result"
}

// Sourced reports whether a source states this case, so that what follows from it is not an assumption
// of ours. Only ResultOnly is: the other two are what-ifs the sources neither state nor rule out.
func (m IdentifierMode) Sourced() bool { return m == ResultOnly }

// Name is the mode's short name, as the command line spells it (ParseIdentifierMode reads it back).
func (m IdentifierMode) Name() string {
	switch m {
	case SameNumber:
		return "same"
	case PerPlatform:
		return "per-platform"
	}
	return "result-only"
}

// Assumptions are what a scenario changes. The zero value is the walkthrough's default, and shows
// only what a source states (see ResultOnly).
type Assumptions struct {
	Identifier IdentifierMode
}

// Event is one thing that happens to the data at a step.
type Event struct {
	Op       Op
	Party    Party // hold, breach
	From, To Party // send
	Item     Item  // hold, send
	Platform Party // login, report
	Cite     []string
	// ResultCite (login only) backs the verification result the platform receives; Cite backs the
	// centre's login record. They are apart because different quotes say each: a source can state what
	// a platform gets without saying anything of the centre's logs, and the other way round.
	ResultCite []string
}

// Step is what flow needs of a walkthrough step.
type Step struct {
	World  string // steps in one world accumulate; a new world starts with nobody holding anything
	Events []Event
}

// Holding is one item a party holds.
type Holding struct {
	Item  Item
	About Party  // for items that concern one platform (login record, platform id): which one
	Value string // illustrative sample value
	Cite  []string
	New   bool // first held at this step
	// Assumed marks holdings that follow from an assumption rather than from the sources: an identifier
	// under a what-if mode, or what an attacker takes in a breach.
	Assumed bool
}

// Illustrative reports whether no source says this party holds this item.
func (h Holding) Illustrative() bool { return len(h.Cite) == 0 }

// Transfer is an item moving between parties at a step: the diagram's arrows.
type Transfer struct {
	From, To Party
	Item     Item
}

// Snapshot is who holds what after a step.
type Snapshot struct {
	World     string
	Holds     map[Party][]Holding
	Transfers []Transfer
}

// Held reports whether party p holds item it (for any platform).
func (s Snapshot) Held(p Party, it Item) bool {
	for _, h := range s.Holds[p] {
		if h.Item == it {
			return true
		}
	}
	return false
}

// Holding returns party p's holding of item it about platform about ("" for any).
func (s Snapshot) Holding(p Party, it Item, about Party) (Holding, bool) {
	for _, h := range s.Holds[p] {
		if h.Item == it && (about == "" || h.About == about) {
			return h, true
		}
	}
	return Holding{}, false
}

// state is the mutable world during a replay.
type state struct {
	holds map[Party][]Holding
	mode  IdentifierMode
}

func (st *state) give(p Party, h Holding) {
	for i, old := range st.holds[p] {
		if old.Item == h.Item && old.About == h.About {
			// Already held: keep it, but add any new evidence.
			st.holds[p][i].Cite = mergeCites(old.Cite, h.Cite)
			return
		}
	}
	h.New = true
	h.Value = TheSample().Value(h.Item, p, h.About, st.mode)
	st.holds[p] = append(st.holds[p], h)
}

func mergeCites(a, b []string) []string {
	out := append([]string(nil), a...)
	for _, c := range b {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// aboutFor says which platform an item concerns when it moves to or from a platform.
func aboutFor(it Item, ps ...Party) Party {
	switch it {
	case PlatformID, LoginRecord, Activity, Report, VerificationResult:
		for _, p := range ps {
			if slices.Contains(Platforms, p) {
				return p
			}
		}
	}
	return ""
}

// Replay applies the steps in order and returns the snapshot after each.
func Replay(steps []Step, a Assumptions) []Snapshot {
	out := make([]Snapshot, len(steps))
	var st *state
	world := "\x00"
	for i, step := range steps {
		if step.World != world || st == nil {
			world = step.World
			st = &state{holds: map[Party][]Holding{}, mode: a.Identifier}
		}
		for p := range st.holds {
			for j := range st.holds[p] {
				st.holds[p][j].New = false
			}
		}
		var moves []Transfer
		for _, ev := range step.Events {
			moves = append(moves, st.apply(ev)...)
		}
		out[i] = Snapshot{World: world, Holds: st.copyHolds(), Transfers: moves}
	}
	return out
}

func (st *state) copyHolds() map[Party][]Holding {
	cp := make(map[Party][]Holding, len(st.holds))
	for p, hs := range st.holds {
		sorted := append([]Holding(nil), hs...)
		sortHoldings(sorted)
		cp[p] = sorted
	}
	return cp
}

// sortHoldings orders holdings as Items lists them, then by platform, so panes read the same way on
// every step (a stable insertion sort: lists are short).
func sortHoldings(hs []Holding) {
	rank := func(h Holding) int {
		for i, it := range Items {
			if it == h.Item {
				r := i * 4
				if h.About == PlatformB {
					r++
				}
				return r
			}
		}
		return len(Items) * 4
	}
	for i := 1; i < len(hs); i++ {
		for j := i; j > 0 && rank(hs[j]) < rank(hs[j-1]); j-- {
			hs[j], hs[j-1] = hs[j-1], hs[j]
		}
	}
}

func (st *state) apply(ev Event) []Transfer {
	switch ev.Op {
	case OpHold:
		st.give(ev.Party, Holding{Item: ev.Item, About: aboutFor(ev.Item, ev.Party), Cite: ev.Cite})
		return nil
	case OpSend:
		about := aboutFor(ev.Item, ev.From, ev.To)
		st.give(ev.From, Holding{Item: ev.Item, About: about, Cite: ev.Cite})
		st.give(ev.To, Holding{Item: ev.Item, About: about, Cite: ev.Cite})
		return []Transfer{{From: ev.From, To: ev.To, Item: ev.Item}}
	case OpLogin:
		return st.login(ev)
	case OpReport:
		p := ev.Platform
		st.give(p, Holding{Item: Report, About: p, Cite: ev.Cite})
		st.give(Centre, Holding{Item: Report, About: p, Cite: ev.Cite})
		return []Transfer{{From: p, To: Centre, Item: Report}}
	case OpBreach:
		var moves []Transfer
		for _, h := range st.holds[ev.Party] {
			st.give(Attacker, Holding{Item: h.Item, About: h.About, Cite: ev.Cite, Assumed: true})
			moves = append(moves, Transfer{From: ev.Party, To: Attacker, Item: h.Item})
		}
		return moves
	}
	return nil
}

// login is the Cyberspace ID login: the app presents the credential to the centre, the centre logs
// the authentication and sends the platform a signed result and, depending on the assumption, an
// identifier. The platform never receives identity items.
func (st *state) login(ev Event) []Transfer {
	p := ev.Platform
	moves := []Transfer{
		{From: Person, To: Centre, Item: Credential},
		{From: Centre, To: p, Item: VerificationResult},
	}
	st.give(Centre, Holding{Item: LoginRecord, About: p, Cite: ev.Cite})
	st.give(p, Holding{Item: VerificationResult, About: p, Cite: ev.ResultCite})
	switch st.mode {
	case SameNumber:
		st.give(p, Holding{Item: NetworkNumber, Cite: nil, Assumed: true})
		moves = append(moves, Transfer{From: Centre, To: p, Item: NetworkNumber})
	case PerPlatform:
		st.give(p, Holding{Item: PlatformID, About: p, Cite: nil, Assumed: true})
		moves = append(moves, Transfer{From: Centre, To: p, Item: PlatformID})
	}
	st.give(p, Holding{Item: Activity, About: p})
	return moves
}

// ParseIdentifierMode reads a mode's short name, as used on the command line; "" is the default.
func ParseIdentifierMode(s string) (IdentifierMode, bool) {
	if s == "" {
		return ResultOnly, true
	}
	for _, m := range IdentifierModes {
		if s == m.Name() {
			return m, true
		}
	}
	return ResultOnly, false
}
