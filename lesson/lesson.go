// Package lesson joins the content (what the sources say) with the flow model (who holds what) into
// one Page per step: the narrative with numbered citation markers, the items in each pane, the risks
// and the citations they resolve to. The terminal screens, the handouts and the SSH sessions all draw
// these pages, so they cannot drift apart. No UI and no I/O here.
package lesson

import (
	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/flow"
)

// Entry is one line of a holdings pane: an item a party holds after the step.
type Entry struct {
	Party flow.Party
	Item  flow.Item
	Label string
	Value string // illustrative sample value
	Marks []int  // citation numbers (see Numbering), in order; empty: illustrative
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
	// Narrative is the step's Markdown with every [@id] replaced by its number, markers side by side
	// joined into one mark: [2], [3–5].
	Narrative string
	Platform  []Group // what the platforms see
	Centre    []Group // what the central database holds
	Risks     []Risk
	Disputes  []content.Disagreement
	// Citations are the quotes the page cites, in number order, each under its number for the whole
	// walkthrough (Numbering).
	Citations []Cited
	Links     []Link // every view writes each with LinkText, so an assumed one is labelled
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

// Link is who could link the person's accounts, with the citation numbers of what it rests on.
type Link struct {
	flow.Link
	Marks []int
}

// LinkText is a link as every view writes it: who, how, its citations, and "(assumed)" when it rests
// on an assumption.
func LinkText(l Link) string {
	s := l.Who + ": " + l.How
	if len(l.Marks) > 0 {
		s += " " + MarkText(l.Marks)
	}
	if l.Assumed {
		s += " (assumed)"
	}
	return s
}

// Build makes every page of the walkthrough under the given assumptions.
func Build(w *content.Walkthrough, a flow.Assumptions) []Page {
	snaps := flow.Replay(w.FlowSteps(), a)
	num := Number(w)
	pages := make([]Page, len(w.Steps))
	for i, st := range w.Steps {
		pages[i] = buildPage(w, num, st, snaps[i], i, len(w.Steps))
		if snaps[i].Held(flow.PlatformA, flow.VerificationResult) || snaps[i].Held(flow.PlatformB, flow.VerificationResult) {
			pages[i].IdentifierNote = IdentifierNote(a)
		}
	}
	return pages
}

// Cite is the page's citation with number n.
func (p Page) Cite(n int) (Cited, bool) {
	for _, c := range p.Citations {
		if c.N == n {
			return c, true
		}
	}
	return Cited{}, false
}

func buildPage(w *content.Walkthrough, num *Numbering, st content.Step, snap flow.Snapshot, i, total int) Page {
	p := Page{Index: i, Total: total, Step: st, Snapshot: snap}
	var used []int
	p.Narrative, used = num.markText(st.Narrative)
	marks := func(ids []string) []int {
		m := num.Marks(ids)
		used = append(used, m...)
		return m
	}
	group := func(party flow.Party) Group {
		g := Group{Party: party, Title: flow.PartyLabel(party)}
		for _, h := range snap.Holds[party] {
			label := flow.ItemLabel(h.Item)
			if h.About != "" && party == flow.Centre {
				label += ", " + flow.PartyShort(h.About)
			}
			g.Entries = append(g.Entries, Entry{Party: party, Item: h.Item, Label: label, Value: h.Value,
				Marks: marks(h.Cite), New: h.New, Assumed: h.Assumed})
		}
		return g
	}
	p.Platform = []Group{group(flow.PlatformA), group(flow.PlatformB)}
	p.Centre = []Group{group(flow.Centre)}
	if len(snap.Holds[flow.Attacker]) > 0 {
		p.Centre = append(p.Centre, group(flow.Attacker))
	}
	for _, r := range st.Risks {
		p.Risks = append(p.Risks, Risk{Concern: r.Concern, ConcernMarks: marks(r.Cite),
			Safeguard: r.Safeguard, SafeguardMarks: marks(r.SafeguardCite)})
	}
	for _, id := range st.Disputes {
		if d, ok := w.Disagreement(id); ok {
			p.Disputes = append(p.Disputes, d)
		}
	}
	for _, l := range flow.Links(snap) {
		p.Links = append(p.Links, Link{Link: l, Marks: marks(l.Cite)})
	}
	p.Citations = num.cited(used)
	return p
}
