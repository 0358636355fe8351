package export

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

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

// heldView is one party's holdings on a page as a handout prints them: what is new or changed at this
// step in full, and the rest named in one line, unchanged since the step where the last of them
// changed. A table that stays the same for ten steps is printed once, not ten times.
type heldView struct {
	Title     string
	Changed   []lesson.Entry // new or changed at this step (everything on the handout's first page)
	Unchanged []lesson.Entry
	Since     int // the step number (from 1) since which Unchanged have not changed; 0 when none
}

// Empty reports whether the party holds nothing yet.
func (v heldView) Empty() bool { return len(v.Changed)+len(v.Unchanged) == 0 }

// UnchangedText is the one line that stands for the unchanged entries, in a format: "Unchanged
// since step 5: Real name; National ID number". escape makes text safe for the format; assumed is
// the format's label for an entry that rests on an assumption, which stays beside it here too.
func (v heldView) UnchangedText(escape func(string) string, assumed string) string {
	var names []string
	for _, e := range v.Unchanged {
		name := escape(e.Label)
		if e.Assumed {
			name += " " + assumed
		}
		names = append(names, name)
	}
	return escape(words.UnchangedSince(v.Since)+": ") + strings.Join(names, "; ")
}

// heldViews works out, for every page and party, what changed since the page before. pick chooses
// the pane (lesson.Page.Platform or Centre).
func heldViews(pages []lesson.Page, pick func(lesson.Page) []lesson.Group) [][]heldView {
	type seen struct {
		sig   string
		since int
	}
	last := map[string]seen{} // party + item label → its content and the step it took it
	out := make([][]heldView, len(pages))
	for i, p := range pages {
		now := map[string]seen{}
		for _, g := range pick(p) {
			v := heldView{Title: g.Title}
			for _, e := range g.Entries {
				k := string(g.Party) + "\x00" + e.Label
				sig := fmt.Sprintf("%s|%v|%v", e.Value, e.Marks, e.Assumed)
				if was, ok := last[k]; ok && i > 0 && was.sig == sig && !e.New {
					v.Unchanged = append(v.Unchanged, e)
					v.Since = max(v.Since, was.since)
					now[k] = was
					continue
				}
				v.Changed = append(v.Changed, e)
				now[k] = seen{sig: sig, since: p.Index + 1}
			}
			out[i] = append(out[i], v)
		}
		last = now
	}
	return out
}

// paneViews are heldViews for both holdings panes of the pages a handout prints. A handout that
// starts at a later step (--step) still dates what is unchanged from the whole walkthrough, and
// prints everything on its first page.
func paneViews(w *content.Walkthrough, pages []lesson.Page, opts Options) (platform, centre [][]heldView) {
	all := pages
	if len(pages) > 0 && pages[0].Index > 0 {
		all = lesson.Build(w, opts.Assumptions)
	}
	from := len(all) - len(pages)
	views := func(pick func(lesson.Page) []lesson.Group) [][]heldView {
		out := heldViews(all, pick)[from:]
		if from > 0 {
			for g, group := range pick(pages[0]) {
				out[0][g] = heldView{Title: group.Title, Changed: group.Entries}
			}
		}
		return out
	}
	return views(func(p lesson.Page) []lesson.Group { return p.Platform }),
		views(func(p lesson.Page) []lesson.Group { return p.Centre })
}
