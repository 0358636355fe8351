// Package lesson joins the content (what the sources say) with the flow model (who holds what) into
// one Page per step: the narrative with numbered citation markers, the items in each pane, the risks
// and the citations they resolve to. The terminal screens, the handouts and the SSH sessions all draw
// these pages, so they cannot drift apart. No UI and no I/O here.
package lesson

import (
	"strconv"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/flow"
)

// Entry is one line of a holdings pane: an item a party holds after the step.
type Entry struct {
	Party flow.Party
	Item  flow.Item
	Label string
	Value string // illustrative sample value
	Marks []int  // citation numbers on this page; empty: illustrative
	New   bool   // first held at this step
	// Assumed: follows from an assumption, not from the sources (an identifier under a what-if mode).
	Assumed bool
}

// Illustrative reports whether no source backs the entry.
func (e Entry) Illustrative() bool { return len(e.Marks) == 0 }

// Tagged is the label with what backs it, in words that survive without colour: its citation
// markers, or "(illustrative)", and "(assumed)" where it follows from an assumption.
func (e Entry) Tagged() string {
	s := e.Label
	if e.Illustrative() {
		s += " (illustrative)"
	} else {
		s += " " + MarkText(e.Marks)
	}
	if e.Assumed {
		s += " (assumed)"
	}
	return s
}

// Group is the entries of one party.
type Group struct {
	Party   flow.Party
	Title   string
	Entries []Entry
}

// Risk is a concern and the stated reason or safeguard beside it, both with their citations.
type Risk struct {
	Concern        string
	ConcernMarks   []int
	Safeguard      string
	SafeguardMarks []int
}

// Page is everything shown for one step.
type Page struct {
	Index, Total int
	Step         content.Step
	Snapshot     flow.Snapshot
	// Narrative is the step's Markdown with every [@id] replaced by its number, e.g. [2].
	Narrative string
	Platform  []Group // what the platforms see
	Centre    []Group // what the central database holds
	Risks     []Risk
	Disputes  []content.Disagreement
	// Citations in marker order: marker [n] is Citations[n-1].
	Citations []content.Citation
	Links     []flow.Link // every view writes each with LinkText, so an assumed one is labelled
	// IdentifierNote says, on every page where a platform has received something at login, what the
	// pages show of the open question (what a platform receives) and whether that is a source's word
	// or an assumption. Empty before the first login.
	IdentifierNote string
}

// IdentifierNote is the sentence that goes with the platform pane under an assumption: under the
// default it says the pane shows what a source states and that the rest is open; under a what-if it
// says what is assumed. Both say the question is open, so the default never reads as its answer.
func IdentifierNote(a flow.Assumptions) string {
	if a.Identifier.Sourced() {
		return "Shown: only the verification result, which a source says a platform gets when it must check " +
			"your identity but need not keep ID details. Whether platforms also receive an identifier, the " +
			"sources do not settle."
	}
	return "Assumed here: platforms see " + a.Identifier.String() + ". The sources do not settle whether it " +
		"is the same number, a per-platform identifier or only a verification result; what follows from " +
		"this choice is marked as assumed."
}

// LinkText is a link as every view writes it: who, how, and "(assumed)" when it rests on an assumption.
func LinkText(l flow.Link) string {
	s := l.Who + ": " + l.How
	if l.Assumed {
		s += " (assumed)"
	}
	return s
}

// Build makes every page of the walkthrough under the given assumptions.
func Build(w *content.Walkthrough, a flow.Assumptions) []Page {
	snaps := flow.Replay(w.FlowSteps(), a)
	pages := make([]Page, len(w.Steps))
	for i, st := range w.Steps {
		pages[i] = buildPage(w, st, snaps[i], i, len(w.Steps))
		if snaps[i].Held(flow.PlatformA, flow.VerificationResult) || snaps[i].Held(flow.PlatformB, flow.VerificationResult) {
			pages[i].IdentifierNote = IdentifierNote(a)
		}
	}
	return pages
}

type numberer struct {
	w     *content.Walkthrough
	ids   []string
	index map[string]int
}

func (n *numberer) mark(id string) int {
	if k, ok := n.index[id]; ok {
		return k
	}
	n.ids = append(n.ids, id)
	n.index[id] = len(n.ids)
	return len(n.ids)
}

func (n *numberer) marks(ids []string) []int {
	var out []int
	for _, id := range ids {
		out = append(out, n.mark(id))
	}
	return out
}

func buildPage(w *content.Walkthrough, st content.Step, snap flow.Snapshot, i, total int) Page {
	num := &numberer{w: w, index: map[string]int{}}
	p := Page{Index: i, Total: total, Step: st, Snapshot: snap}
	p.Narrative = content.ReplaceMarkers(st.Narrative, func(id string) string {
		return "[" + strconv.Itoa(num.mark(id)) + "]"
	})
	group := func(party flow.Party) Group {
		g := Group{Party: party, Title: flow.PartyLabel(party)}
		for _, h := range snap.Holds[party] {
			label := flow.ItemLabel(h.Item)
			if h.About != "" && party == flow.Centre {
				label += ", " + flow.PartyShort(h.About)
			}
			g.Entries = append(g.Entries, Entry{Party: party, Item: h.Item, Label: label, Value: h.Value,
				Marks: num.marks(h.Cite), New: h.New, Assumed: h.Assumed})
		}
		return g
	}
	p.Platform = []Group{group(flow.PlatformA), group(flow.PlatformB)}
	p.Centre = []Group{group(flow.Centre)}
	if len(snap.Holds[flow.Attacker]) > 0 {
		p.Centre = append(p.Centre, group(flow.Attacker))
	}
	for _, r := range st.Risks {
		p.Risks = append(p.Risks, Risk{Concern: r.Concern, ConcernMarks: num.marks(r.Cite),
			Safeguard: r.Safeguard, SafeguardMarks: num.marks(r.SafeguardCite)})
	}
	for _, id := range st.Disputes {
		if d, ok := w.Disagreement(id); ok {
			p.Disputes = append(p.Disputes, d)
		}
	}
	for _, id := range num.ids {
		p.Citations = append(p.Citations, w.Cite(id))
	}
	p.Links = flow.Links(snap)
	return p
}

// MarkText writes citation numbers the way every view shows them: [1][3].
func MarkText(marks []int) string {
	s := ""
	for _, m := range marks {
		s += "[" + strconv.Itoa(m) + "]"
	}
	return s
}
