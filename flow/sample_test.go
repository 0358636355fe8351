package flow

import "testing"

// The kept verification results are the ones a fresh check gives, per platform and assumption.
func TestVerificationKept(t *testing.T) {
	s := TheSample()
	for _, mode := range []IdentifierMode{SameNumber, PerPlatform, ResultOnly} {
		for _, p := range []Party{PlatformA, PlatformB} {
			first := s.Value(VerificationResult, p, p, mode)
			if again := s.Value(VerificationResult, p, p, mode); again != first || first != s.verification(p, mode) {
				t.Errorf("%s, mode %v: kept %q, fresh %q", p, mode, first, s.verification(p, mode))
			}
		}
	}
	if a, b := s.Value(VerificationResult, PlatformA, PlatformA, SameNumber), s.Value(VerificationResult, PlatformB, PlatformB, SameNumber); a == b {
		t.Error("both platforms were given the same verification result")
	}
}

// The illustrative week reads as a log does: day by day, and within a day in time order.
func TestWeekInTimeOrder(t *testing.T) {
	days := map[string]int{"Mon": 0, "Tue": 1, "Wed": 2, "Thu": 3, "Fri": 4, "Sat": 5, "Sun": 6}
	week := TheSample().Week()
	if len(week) < 7 {
		t.Fatalf("%d entries", len(week))
	}
	for i := 1; i < len(week); i++ {
		a, b := week[i-1].When, week[i].When
		da, db := days[a[:3]], days[b[:3]]
		if da > db || da == db && a[4:] > b[4:] {
			t.Errorf("entry %d (%s) comes after %s", i, b, a)
		}
	}
}
