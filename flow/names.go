// Package flow models the system being explained: the parties, the data items each one holds, and
// the events that create or move items. Replaying a walkthrough's steps gives one Snapshot per step:
// who holds what after that step, and what is new. Scenarios replay the same steps under other
// assumptions. The package does no I/O and knows nothing of the UI or of the content files.
package flow

import "slices"

// Party is someone who can hold data.
type Party string

const (
	Person    Party = "person"     // you and your phone
	App       Party = "app"        // the official app
	Centre    Party = "centre"     // the national authentication platform and its central database (MPS)
	PlatformA Party = "platform-a" // e.g. WeChat
	PlatformB Party = "platform-b" // e.g. Taobao
	Attacker  Party = "attacker"   // whoever breaches a database (scenarios only)
)

// Parties lists every party in diagram order.
var Parties = []Party{Person, App, Centre, PlatformA, PlatformB, Attacker}

// Platforms are the parties an ordinary user logs in to.
var Platforms = []Party{PlatformA, PlatformB}

// Item is a kind of data.
type Item string

const (
	Name               Item = "name"
	IDNumber           Item = "id-number"
	Phone              Item = "phone"
	FaceScan           Item = "face-scan"
	Password           Item = "password"
	NetworkNumber      Item = "network-number"
	Credential         Item = "credential"
	PlatformID         Item = "platform-id"
	VerificationResult Item = "verification-result"
	LoginRecord        Item = "login-record"
	Activity           Item = "activity"
	Report             Item = "report"
)

// Items lists every item in the order panes show them.
var Items = []Item{Name, IDNumber, Phone, FaceScan, Password, NetworkNumber, Credential, PlatformID,
	VerificationResult, LoginRecord, Activity, Report}

// Identity items are the ones that say who a person is in the real world.
var Identity = []Item{Name, IDNumber, Phone, FaceScan}

// Op is what an event does.
type Op string

const (
	OpHold   Op = "hold"   // a party has or creates an item
	OpSend   Op = "send"   // an item goes from one party to another; both hold it after
	OpLogin  Op = "login"  // the person logs in to a platform with Cyberspace ID
	OpReport Op = "report" // a platform reports an account; the centre maps it to the real identity
	OpBreach Op = "breach" // the attacker copies everything a party holds
)

// Ops lists every op.
var Ops = []Op{OpHold, OpSend, OpLogin, OpReport, OpBreach}

// KnownParty, KnownItem and KnownOp say whether a name from a content file means anything here.
func KnownParty(s string) bool { return slices.Contains(Parties, Party(s)) }
func KnownItem(s string) bool  { return slices.Contains(Items, Item(s)) }
func KnownOp(s string) bool    { return slices.Contains(Ops, Op(s)) }

// PartyLabel is the party's name for people.
func PartyLabel(p Party) string {
	switch p {
	case Person:
		return "You and your phone"
	case App:
		return "Official app"
	case Centre:
		return "National platform (MPS)"
	case PlatformA:
		return "Platform A (e.g. WeChat)"
	case PlatformB:
		return "Platform B (e.g. Taobao)"
	case Attacker:
		return "Attacker"
	}
	return string(p)
}

// PartyShort is the party's name where space is tight (the diagram at 80 columns).
func PartyShort(p Party) string {
	switch p {
	case Person:
		return "You"
	case App:
		return "App"
	case Centre:
		return "Centre"
	case PlatformA:
		return "A"
	case PlatformB:
		return "B"
	case Attacker:
		return "Attacker"
	}
	return string(p)
}

// PartyTag is the party's name for a diagram: short, but saying who each one is.
func PartyTag(p Party) string {
	switch p {
	case Person:
		return "You & phone"
	case App:
		return "Official app"
	case Centre:
		return "Centre (MPS)"
	case PlatformA:
		return "A: WeChat"
	case PlatformB:
		return "B: Taobao"
	}
	return PartyLabel(p)
}

// ItemLabel is the item's name for people.
func ItemLabel(i Item) string {
	switch i {
	case Name:
		return "Real name"
	case IDNumber:
		return "National ID number"
	case Phone:
		return "Phone number"
	case FaceScan:
		return "Face scan"
	case Password:
		return "Credential password"
	case NetworkNumber:
		return "Network number (网号)"
	case Credential:
		return "Network credential (网证)"
	case PlatformID:
		return "Per-platform identifier"
	case VerificationResult:
		return "Verification result"
	case LoginRecord:
		return "Login record"
	case Activity:
		return "Account activity"
	case Report:
		return "Report of a 'violator'"
	}
	return string(i)
}
