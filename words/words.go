// Package words is the catalogue of every word the app says itself: screen and pane titles, labels,
// help, messages and the handouts' headings. The screens (ui/) and the handouts (export/) both read
// them from here, so that they cannot drift apart and a translated interface can follow by changing
// this package alone.
//
// What the walkthrough says about Cyberspace ID (narratives, quotes, risks, questions) is content, in
// content/, where a teacher can edit it; what the app says about itself is here.
package words

import "strconv"

// The three panes, in the order every screen and handout shows them.
const (
	PanePlatform = "What the platform sees"
	PaneCentre   = "What the central database holds"
	PaneRisks    = "Where the risks lie"
)

// PaneTitles are the panes' titles in order; PaneTabs are the same, shortened for a narrow terminal's
// tabs.
var (
	PaneTitles = [3]string{PanePlatform, PaneCentre, PaneRisks}
	PaneTabs   = [3]string{"Platform sees", "Database holds", "Risks"}
)

// A step's panes and risks.
const (
	// LinksTitle heads the list of who could link one person's accounts on two platforms.
	LinksTitle = "Who could link your accounts on A and B"
	// RiskLabel and OtherSideLabel begin a risk's concern and the stated reason or safeguard against it.
	RiskLabel      = "Risk: "
	OtherSideLabel = "Other side: "
	NoNewRisk      = "No new risk at this step."
	// BetterEvidence begins what better evidence says of a disagreement.
	BetterEvidence = "Better evidence: "
	// NoDataMoves is the diagram's line at a step where nothing is sent.
	NoDataMoves = "no data moves at this step"
)

// The lists over the walkthrough, and the handouts' sections of the same name.
const (
	Contents      = "Contents"
	Sources       = "Sources"
	Disagreements = "Where the sources disagree"
	Glossary      = "Glossary"
	Timeline      = "Timeline"
	Citations     = "Citations"
	Help          = "Help"
	WhatIf        = "What if"
	// Scenarios is the handouts' appendix of what-ifs.
	Scenarios = "What if: scenarios"
	// SourcesDisagree flags, beside a step's risks, a point the sources disagree on.
	SourcesDisagree = "Sources disagree"
)

// What every handout says before the first step.
const (
	HandoutTitle = "Cyberspace ID, step by step"
	HandoutLede  = "How China's national online identity service (国家网络身份认证) works: what the " +
		"platform sees, what the central database holds, and where the risks lie."
	HandoutFair = "The quotations are short excerpts, cited for commentary and education."
	// HandoutNumbers and HandoutTranslations explain, in every format, how citations are numbered
	// and what the English beside a Chinese quote is.
	HandoutNumbers = "A quote keeps its number throughout, so [17] is the same quote on every step; " +
		"[3–5] stands for [3], [4] and [5], and [1,4] for [1] and [4]."
	HandoutTranslations = "English beside a Chinese quote is our translation, not a quote, and is marked so. " +
		"Sources read on a copy (a mirror or a reprint) say so, with the original's address or \"Original not found\"."
	// AssumedLegend explains the "assumed" label in every format's opening lines.
	AssumedLegend = "marks what follows from an assumption, not from the sources: which identifier " +
		"platforms see at login (the sources do not settle it), or a what-if's premise."
)

// WhatIfBanner opens a handout written under a what-if identifier assumption, so that a printed copy
// cannot pass for the default.
func WhatIfBanner(identifier string) string {
	return "What if: this handout assumes that platforms see " + identifier + " when you log in. " +
		"The sources do not settle this; everything that follows from it is marked assumed."
}

// StepOf is the header's position: "Step 3 of 14".
func StepOf(n, total int) string {
	return "Step " + strconv.Itoa(n) + " of " + strconv.Itoa(total)
}

// A teacher's own content (--content DIR, --watch).
const (
	ContentReloaded    = "content reloaded"
	ContentNotReloaded = "not reloaded: still showing the last good version"
)

// ContentShown names, in the header, the folder the walkthrough comes from when it is not the built-in one.
func ContentShown(dir string) string { return "content: " + dir }

// AndMore follows the first of several problems: " (and 3 more)".
func AndMore(n int) string { return " (and " + strconv.Itoa(n) + " more)" }

// Self-study.
const (
	// FreshHint says how to start over, beside the line that says the walkthrough resumed.
	FreshHint = "g goes to step 1; cyberid --fresh starts over"
)

// Resumed says that the walkthrough opened where the learner stopped last time.
func Resumed(step int) string {
	return "↺ Resumed at step " + strconv.Itoa(step) + ", where you stopped. " + FreshHint + "."
}

// MoreLines says how much of a cut narrative is below the window: "↓ 6 more lines".
func MoreLines(n int) string {
	if n == 1 {
		return "↓ 1 more line"
	}
	return "↓ " + strconv.Itoa(n) + " more lines"
}

// The ending, after the last step.
const (
	TheEnd      = "The end"
	EndingIntro = "You have reached the end of the walkthrough. What it showed, computed from the same model as the panes:"
	// HandoutCommand is how to print the walkthrough for later.
	HandoutCommand = "cyberid export --format html -o handout.html"
)

// UnchangedSince stands, in a handout, for what a party has held without change since a step.
func UnchangedSince(step int) string { return "Unchanged since step " + strconv.Itoa(step) }

// QuotedBefore heads, in a handout, the quotes a step cites that an earlier step already printed.
const QuotedBefore = "Quoted at an earlier step"

// A presenter's notes: on the presenter's screen in a class, and in a handout written --with-notes.
const (
	PresenterNotes = "Presenter notes"
	NotesLede      = "Prompts for the class, not facts: a fact in them is cited like the rest."
	NotesExtra     = "Quotes the notes cite beyond this step's:"
)

// NoteLabel names a kind of presenter note (content.NoteKinds).
func NoteLabel(kind string) string {
	switch kind {
	case "ask":
		return "Ask the class"
	case "watch":
		return "Watch for"
	case "discuss":
		return "Bring up"
	}
	return kind
}
