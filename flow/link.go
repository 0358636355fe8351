package flow

import "slices"

// Link is one way a party (or two parties together) could tell that the accounts on platform A and
// platform B belong to the same person.
type Link struct {
	Who string // e.g. "the centre", "platforms A and B, comparing notes"
	How string // our explanation, derived from the holdings
	// Assumed: the link rests on a holding that follows from an assumption (an identifier under a
	// what-if mode, a breach), so every view must label it as assumed, as it labels the holding.
	Assumed bool
	// Cite backs the link: the citations of the holdings it rests on (for the centre, the rule that it
	// keeps authentication logs it must hand over), so a link is never shown without its source.
	Cite []string
}

// Links works out who could link the person's two platform accounts in a snapshot.
func Links(s Snapshot) []Link {
	var out []Link
	recA, logA := s.Holding(Centre, LoginRecord, PlatformA)
	recB, logB := s.Holding(Centre, LoginRecord, PlatformB)
	if logA && logB {
		out = append(out, Link{Who: "the centre", How: "its login records for both platforms carry the same person",
			Assumed: recA.Assumed || recB.Assumed, Cite: union(recA.Cite, recB.Cite)})
	}
	for _, it := range []Item{IDNumber, Phone, Name, NetworkNumber} {
		a, okA := s.Holding(PlatformA, it, "")
		b, okB := s.Holding(PlatformB, it, "")
		if okA && okB {
			out = append(out, Link{Who: "platforms A and B, comparing notes",
				How: "both hold the same " + ItemLabel(it), Assumed: a.Assumed || b.Assumed, Cite: union(a.Cite, b.Cite)})
			break
		}
	}
	if stolen, ok := s.Holding(Attacker, LoginRecord, ""); ok {
		out = append(out, Link{Who: "the attacker", How: "the stolen login records name both platforms",
			Assumed: stolen.Assumed, Cite: stolen.Cite})
	}
	return out
}

// union is the ids of a then those of b not in a, in order.
func union(a, b []string) []string {
	out := append([]string(nil), a...)
	for _, id := range b {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
