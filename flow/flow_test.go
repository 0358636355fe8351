package flow

import (
	"strings"
	"testing"
)

// enrolThenLogin is a small story: today's registration in one world, then enrolment and logins.
func enrolThenLogin() []Step {
	return []Step{
		{World: "today", Events: []Event{
			{Op: OpHold, Party: Person, Item: IDNumber, Cite: []string{"q"}},
			{Op: OpSend, From: Person, To: PlatformA, Item: IDNumber, Cite: []string{"q"}},
			{Op: OpSend, From: Person, To: PlatformB, Item: IDNumber, Cite: []string{"q"}},
		}},
		{World: "id", Events: []Event{
			{Op: OpSend, From: Person, To: Centre, Item: Name, Cite: []string{"q"}},
			{Op: OpSend, From: Person, To: Centre, Item: IDNumber, Cite: []string{"q"}},
			{Op: OpSend, From: Person, To: Centre, Item: FaceScan, Cite: []string{"q"}},
			{Op: OpHold, Party: Centre, Item: Phone},
		}},
		{World: "id", Events: []Event{{Op: OpLogin, Platform: PlatformA, Cite: []string{"log"}}}},
		{World: "id", Events: []Event{{Op: OpLogin, Platform: PlatformB, Cite: []string{"log"}}}},
		{World: "id", Events: []Event{{Op: OpReport, Platform: PlatformA, Cite: []string{"r"}}}},
	}
}

func TestLoginGivesPlatformNoIdentity(t *testing.T) {
	for _, mode := range IdentifierModes {
		snaps := Replay(enrolThenLogin(), Assumptions{Identifier: mode})
		afterA := snaps[2]
		for _, it := range Identity {
			if afterA.Held(PlatformA, it) {
				t.Errorf("%v: platform A holds %s after login", mode, it)
			}
			if it != Phone && !afterA.Held(Centre, it) {
				t.Errorf("%v: centre lost %s", mode, it)
			}
		}
		rec, ok := afterA.Holding(Centre, LoginRecord, PlatformA)
		if !ok || !rec.New || rec.Illustrative() {
			t.Errorf("%v: centre login record = %+v, %v", mode, rec, ok)
		}
		if !afterA.Held(PlatformA, VerificationResult) {
			t.Errorf("%v: platform A has no verification result", mode)
		}
	}
}

func TestWorldsStartEmpty(t *testing.T) {
	snaps := Replay(enrolThenLogin(), Assumptions{})
	if !snaps[0].Held(PlatformA, IDNumber) {
		t.Fatal("today: platform A should hold the ID number")
	}
	if snaps[1].Held(PlatformA, IDNumber) || snaps[1].Held(Person, IDNumber) == false {
		t.Error("a new world must start empty and then hold what its own events give")
	}
}

func TestNewMarksOnlyThisStep(t *testing.T) {
	snaps := Replay(enrolThenLogin(), Assumptions{})
	h, _ := snaps[1].Holding(Centre, IDNumber, "")
	if !h.New {
		t.Error("ID number should be new at enrolment")
	}
	h, _ = snaps[2].Holding(Centre, IDNumber, "")
	if h.New {
		t.Error("ID number should not be new at the login step")
	}
	ph, _ := snaps[1].Holding(Centre, Phone, "")
	if !ph.Illustrative() {
		t.Error("an uncited holding must be illustrative")
	}
}

func TestIdentifierModes(t *testing.T) {
	same := Replay(enrolThenLogin(), Assumptions{Identifier: SameNumber})[3]
	per := Replay(enrolThenLogin(), Assumptions{Identifier: PerPlatform})[3]
	only := Replay(enrolThenLogin(), Assumptions{Identifier: ResultOnly})[3]

	if !same.Held(PlatformA, NetworkNumber) || !same.Held(PlatformB, NetworkNumber) {
		t.Error("same-number mode: both platforms should hold the network number")
	}
	a, okA := per.Holding(PlatformA, PlatformID, PlatformA)
	b, okB := per.Holding(PlatformB, PlatformID, PlatformB)
	if !okA || !okB || a.Value == b.Value || a.Value == "" {
		t.Errorf("per-platform mode: ids %q %q must exist and differ", a.Value, b.Value)
	}
	if per.Held(PlatformA, NetworkNumber) || only.Held(PlatformA, NetworkNumber) || only.Held(PlatformA, PlatformID) {
		t.Error("a platform received an identifier its mode does not give")
	}
	// Who can link the two accounts: the centre always; the platforms only when they share a number.
	whoLinks := func(s Snapshot) string {
		var w []string
		for _, l := range Links(s) {
			w = append(w, l.Who)
		}
		return strings.Join(w, "; ")
	}
	if got := whoLinks(same); got != "the centre; platforms A and B, comparing notes" {
		t.Errorf("same number: links = %q", got)
	}
	for _, s := range []Snapshot{per, only} {
		if got := whoLinks(s); got != "the centre" {
			t.Errorf("links = %q, want only the centre", got)
		}
	}
	today := Replay(enrolThenLogin(), Assumptions{})[0]
	if got := whoLinks(today); got != "platforms A and B, comparing notes" {
		t.Errorf("today: links = %q", got)
	}
}

func TestReportAndBreach(t *testing.T) {
	steps := append(enrolThenLogin(), Step{World: "id", Events: []Event{{Op: OpBreach, Party: Centre, Cite: []string{"b"}}}})
	snaps := Replay(steps, Assumptions{})
	if !snaps[4].Held(Centre, Report) {
		t.Error("the centre should hold the report")
	}
	last := snaps[5]
	for _, h := range last.Holds[Centre] {
		if !last.Held(Attacker, h.Item) {
			t.Errorf("breach: attacker lacks %s", h.Item)
		}
	}
	if len(last.Transfers) != len(last.Holds[Centre]) {
		t.Errorf("breach moved %d items, centre holds %d", len(last.Transfers), len(last.Holds[Centre]))
	}
}

func TestSampleIDNumberIsWellFormed(t *testing.T) {
	if !ValidIDNumber(TheSample().IDNumber) {
		t.Fatalf("sample ID %s has a bad check digit", TheSample().IDNumber)
	}
	bad := []byte(TheSample().IDNumber)
	bad[5] = '0' + (bad[5]-'0'+1)%10
	if ValidIDNumber(string(bad)) {
		t.Error("a changed digit still validates")
	}
	// A published example of the algorithm: 11010519491231002X.
	if !ValidIDNumber("11010519491231002X") {
		t.Error("known-good number rejected")
	}
}

func TestTokenVerifies(t *testing.T) {
	tok := TheSample().Token(PlatformA, PerPlatform)
	aud, res, sub, err := VerifyToken(TheSample().CentreKey, tok)
	if err != nil || aud != "platform-a" || res != "verified" || sub != TheSample().PlatformID(PlatformA) {
		t.Fatalf("verify = %q %q %q %v", aud, res, sub, err)
	}
	if tok != TheSample().Token(PlatformA, PerPlatform) {
		t.Error("tokens must be deterministic")
	}
	// Change one character of the payload: the signature must no longer match.
	b := []byte(tok)
	if b[10] == 'A' {
		b[10] = 'B'
	} else {
		b[10] = 'A'
	}
	if _, _, _, err := VerifyToken(TheSample().CentreKey, string(b)); err == nil {
		t.Error("a tampered token verified")
	}
	for _, junk := range []string{"", ".", "abc", "a.b", tok + "x", "." + strings.Repeat("A", 86)} {
		if _, _, _, err := VerifyToken(TheSample().CentreKey, junk); err == nil {
			t.Errorf("junk token %q verified", junk)
		}
	}
}

func FuzzVerifyToken(f *testing.F) {
	f.Add(TheSample().Token(PlatformA, SameNumber))
	f.Add("a.b")
	f.Add("")
	f.Fuzz(func(t *testing.T, tok string) {
		_, _, _, _ = VerifyToken(TheSample().CentreKey, tok) // must not panic
	})
}
