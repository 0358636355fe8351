package flow

// Link is one way a party (or two parties together) could tell that the accounts on platform A and
// platform B belong to the same person.
type Link struct {
	Who string // e.g. "the centre", "platforms A and B, comparing notes"
	How string // our explanation, derived from the holdings
}

// Links works out who could link the person's two platform accounts in a snapshot.
func Links(s Snapshot) []Link {
	var out []Link
	_, logA := s.Holding(Centre, LoginRecord, PlatformA)
	_, logB := s.Holding(Centre, LoginRecord, PlatformB)
	if logA && logB {
		out = append(out, Link{Who: "the centre", How: "its login records for both platforms carry the same person"})
	}
	for _, it := range []Item{IDNumber, Phone, Name, NetworkNumber} {
		if s.Held(PlatformA, it) && s.Held(PlatformB, it) {
			out = append(out, Link{Who: "platforms A and B, comparing notes",
				How: "both hold the same " + ItemLabel(it)})
			break
		}
	}
	if s.Held(Attacker, LoginRecord) {
		out = append(out, Link{Who: "the attacker", How: "the stolen login records name both platforms"})
	}
	return out
}
