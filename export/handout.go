package export

import (
	"slices"
	"strconv"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/flow"
	"github.com/cyberid/cyberid/lesson"
	"github.com/cyberid/cyberid/words"
)

// whatIfBanner is the opening warning of a handout written under a what-if identifier assumption, so a
// printed copy cannot pass for the default; empty under the default.
func whatIfBanner(a flow.Assumptions) string {
	if a.Identifier.Sourced() {
		return ""
	}
	return words.WhatIfBanner(a.Identifier.String())
}

// arrow is one line of the "who sends what" diagram.
type arrow struct {
	From, To flow.Party
	Label    string
	Message  bool // the step's own action (Step.Message), drawn first and stronger
	Assumed  bool // the receiver's holding rests on the identifier assumption
}

// diagram is who sends what at a step: the parties drawn, and the arrows between them in order.
type diagram struct {
	Parties []flow.Party
	Arrows  []arrow
	Caption string // the step's message as a sentence; empty when the step has none
}

// diagramParties are always drawn; the attacker joins only when an arrow involves it.
var diagramParties = []flow.Party{flow.Person, flow.App, flow.Centre, flow.PlatformA, flow.PlatformB}

func buildDiagram(p lesson.Page) diagram {
	var d diagram
	msg := p.Step.Message
	if msg.From != "" && msg.To != "" && msg.From != msg.To {
		d.Arrows = append(d.Arrows, arrow{From: flow.Party(msg.From), To: flow.Party(msg.To), Label: msg.Label, Message: true})
		d.Caption = partyLabel(msg.From) + " → " + partyLabel(msg.To) + ": " + msg.Label
	} else if msg.Label != "" {
		d.Caption = msg.Label
	}
	for _, t := range p.Snapshot.Transfers {
		h, _ := p.Snapshot.Holding(t.To, t.Item, "")
		d.Arrows = append(d.Arrows, arrow{From: t.From, To: t.To, Label: flow.ItemLabel(t.Item), Assumed: h.Assumed})
	}
	d.Parties = append(d.Parties, diagramParties...)
	for _, a := range d.Arrows {
		for _, q := range []flow.Party{a.From, a.To} {
			if !slices.Contains(d.Parties, q) {
				d.Parties = append(d.Parties, q)
			}
		}
	}
	return d
}

func partyIndex(ps []flow.Party, p flow.Party) int {
	for i, q := range ps {
		if q == p {
			return i
		}
	}
	return -1
}

// chapterStarts reports, for each page, whether it opens a chapter (the first page, or a new name).
func chapterStarts(pages []lesson.Page) []bool {
	out := make([]bool, len(pages))
	for i, p := range pages {
		out[i] = i == 0 || p.Step.Chapter != pages[i-1].Step.Chapter
	}
	return out
}

// sourceRefs writes the bibliography numbers of the sources behind quote ids, each once: [S1][S4].
func sourceRefs(w *content.Walkthrough, quoteIDs []string) string {
	s := ""
	for _, id := range sourceIDs(w, quoteIDs) {
		s += "[S" + strconv.Itoa(w.SourceNumber(id)) + "]"
	}
	return s
}

// sourceIDs are the sources behind quote ids, in order, each once: two quotes from one article name
// it once ("[S4]", not "[S4][S4]").
func sourceIDs(w *content.Walkthrough, quoteIDs []string) []string {
	var out []string
	for _, id := range quoteIDs {
		if sid := w.Cite(id).Source.ID; !slices.Contains(out, sid) {
			out = append(out, sid)
		}
	}
	return out
}

// stepAnchor and the anchors below are the fragment ids shared by the HTML contents and markers.
func stepAnchor(p lesson.Page) string        { return "step-" + p.Step.ID }
func citeAnchor(p lesson.Page, n int) string { return "cite-" + p.Step.ID + "-" + strconv.Itoa(n) }
func sourceAnchor(w *content.Walkthrough, id string) string {
	return "source-" + strconv.Itoa(w.SourceNumber(id))
}
