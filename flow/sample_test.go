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
