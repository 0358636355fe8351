package flow

import (
	"slices"
	"strings"
	"testing"
	"time"
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
		{World: "id", Events: []Event{{Op: OpLogin, Platform: PlatformA, Cite: []string{"log"}, ResultCite: []string{"result"}},
			{Op: OpHold, Party: PlatformA, Item: Activity, Cite: []string{"act"}}}},
		{World: "id", Events: []Event{{Op: OpLogin, Platform: PlatformB, Cite: []string{"log"}, ResultCite: []string{"result"}},
			{Op: OpHold, Party: PlatformB, Item: Activity, Cite: []string{"act"}}}},
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
		vr, ok := afterA.Holding(PlatformA, VerificationResult, PlatformA)
		if !ok || !slices.Equal(vr.Cite, []string{"result"}) || vr.Assumed {
			t.Errorf("%v: platform A's verification result = %+v, %v; want it backed by the result cites alone", mode, vr, ok)
		}
		if !slices.Equal(rec.Cite, []string{"log"}) {
			t.Errorf("%v: the login record cites %v, want the log cites alone", mode, rec.Cite)
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
	// A link that rests on an assumed holding is assumed itself: "(a)" below.
	whoLinks := func(s Snapshot) string {
		var w []string
		for _, l := range Links(s) {
			if l.Assumed {
				l.Who += " (a)"
			}
			w = append(w, l.Who)
		}
		return strings.Join(w, "; ")
	}
	if got := whoLinks(same); got != "the centre; platforms A and B, comparing notes (a)" {
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

// The sample ID number must be one no real person can have, for a reason a reader can check, and must
// agree with the sample person it stands beside.
func TestSampleIDNumberCannotBeReal(t *testing.T) {
	s := TheSample()
	id := s.IDNumber
	if len(id) != 18 || ValidIDNumber(id) {
		t.Fatalf("sample ID %s could be a real one", id)
	}
	if _, err := time.Parse("20060102", id[6:14]); err == nil {
		t.Errorf("sample ID %s has a real date of birth, %s: a reader cannot see it is invalid", id, id[6:14])
	}
	if withCheckDigit(id[:17]) == id {
		t.Errorf("sample ID %s has a valid check digit", id)
	}
	if got := IDNumberSex(id); got != s.Sex || s.Sex != "female" {
		t.Errorf("sample ID %s says %q; the sample person, %s, is %q", id, got, s.Name, s.Sex)
	}
	if v := s.Value(IDNumber, Centre, "", ResultOnly); !strings.HasPrefix(v, id+" ") || !strings.Contains(v, "not a valid ID number") {
		t.Errorf("the ID number is shown without saying it is invalid: %q", v)
	}
}

// The validator the test above relies on accepts a real-format number and rejects each kind of fault.
func TestValidIDNumber(t *testing.T) {
	good := "11010519491231002X" // a published example of the algorithm
	if !ValidIDNumber(good) || IDNumberSex(good) != "female" {
		t.Fatalf("known-good number %s rejected or misread", good)
	}
	if IDNumberSex("110105194912310031") != "male" {
		t.Error("an odd 17th digit is a man's")
	}
	for _, bad := range []string{
		"11010519491231002", "11010519491231002XX", "1101051949123100AX",
		"110105194912310020",                // wrong check character
		withCheckDigit("11010519490230002"), // 30 February, with a right check character
		withCheckDigit("11010519491331002"), // month 13
	} {
		if ValidIDNumber(bad) {
			t.Errorf("%s validates", bad)
		}
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

// The default is the case a source states, so a platform holds nothing assumed under it; under every
// mode, what a platform holds is either cited or marked as assumed.
func TestDefaultIsTheSourcedCase(t *testing.T) {
	var zero Assumptions
	if zero.Identifier != ResultOnly || !zero.Identifier.Sourced() {
		t.Fatalf("the zero value is %v; the default must be the case a source states", zero.Identifier)
	}
	for _, mode := range IdentifierModes {
		if mode.Sourced() != (mode == ResultOnly) {
			t.Errorf("%v: Sourced() = %v", mode, mode.Sourced())
		}
		for i, s := range Replay(enrolThenLogin(), Assumptions{Identifier: mode}) {
			if s.World == "today" {
				continue
			}
			for _, p := range Platforms {
				for _, h := range s.Holds[p] {
					if h.Illustrative() && !h.Assumed {
						t.Errorf("%v, step %d: %s holds %s with neither a source nor the assumed mark", mode, i, p, h.Item)
					}
					if mode.Sourced() && h.Assumed {
						t.Errorf("default, step %d: %s holds %s as assumed", i, p, h.Item)
					}
				}
			}
		}
	}
}

func TestParseIdentifierMode(t *testing.T) {
	for _, mode := range IdentifierModes {
		if got, ok := ParseIdentifierMode(mode.Name()); !ok || got != mode {
			t.Errorf("%q: got %v, %v", mode.Name(), got, ok)
		}
	}
	if got, ok := ParseIdentifierMode(""); !ok || got != ResultOnly {
		t.Errorf("the empty name must give the default, got %v %v", got, ok)
	}
	if _, ok := ParseIdentifierMode("same-number"); ok {
		t.Error("an unknown name was accepted")
	}
}
