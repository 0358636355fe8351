package content

// Every sentence as strong as its source, and no stronger. These tests read the app's own prose, as
// loaded, beside the quotes each piece cites: who it names as saying something, whether it calls a
// text official, whether "the articles" are really several articles, and whether a figure keeps its
// date. They cannot judge a hedge the way a reader does, so the phrases a review found too strong
// are also pinned, so that they do not come back.

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// claim is one piece of our own prose and the quotes it cites.
type claim struct {
	where string
	text  string
	cites []string
	label bool // a disagreement side's label: it attributes a quote rather than making a claim
	// asked: a question's prompt or choice. Its citations settle the answer; they are not cited
	// beside the words asked.
	asked bool
}

// sentenceEnd ends a sentence of a narrative: the stop, any closing quotation mark, bracket or
// emphasis, then the markers that cite it.
var sentenceEnd = regexp.MustCompile(`[.?!]["”’)*]*((?:\[@[^\]]+\])*)(\s+|$)`)

// narrativeClaims splits a step's narrative into sentences, each with the markers that follow it
// (a sentence's markers come after its full stop) or stand inside it.
func narrativeClaims(st Step) []claim {
	var out []claim
	for _, block := range strings.Split(unwrapMarkdown(st.Narrative), "\n") {
		block = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(block), "- "))
		for block != "" {
			loc := sentenceEnd.FindStringIndex(block)
			end := len(block)
			if loc != nil {
				end = loc[1]
			}
			s := strings.TrimSpace(block[:end])
			block = block[end:]
			out = append(out, claim{where: "step " + st.ID + " narrative", text: markerPattern.ReplaceAllString(s, ""),
				cites: Markers(s)})
		}
	}
	return out
}

// claims gathers every piece of prose the walkthrough shows with the citations beside it.
func claims(w *Walkthrough) []claim {
	var out []claim
	for _, st := range w.Steps {
		out = append(out, narrativeClaims(st)...)
		for i, r := range st.Risks {
			out = append(out,
				claim{where: fmt.Sprintf("step %s risk %d", st.ID, i+1), text: r.Concern, cites: r.Cite},
				claim{where: fmt.Sprintf("step %s risk %d other side", st.ID, i+1), text: r.Safeguard, cites: r.SafeguardCite})
		}
		// Presenter notes are prompts, but a fact in them is held to its source like any other.
		for i, n := range st.Notes {
			out = append(out, claim{where: fmt.Sprintf("step %s note %d", st.ID, i+1), text: n.Text, cites: n.Cite})
		}
	}
	for _, d := range w.Disagreements {
		for _, s := range d.Sides {
			out = append(out, claim{where: "disagreement " + d.ID + " side", text: s.Label, cites: []string{s.Quote}, label: true})
		}
		out = append(out, claim{where: "disagreement " + d.ID + " resolution", text: d.Resolution, cites: d.ResolutionCite})
	}
	for _, g := range w.Glossary {
		out = append(out, claim{where: "glossary " + g.Term, text: g.Explanation, cites: g.Cite})
	}
	for _, t := range w.Timeline {
		// the date stands beside the event on every screen, so it counts as the event's own
		out = append(out, claim{where: "timeline " + t.Date, text: t.Date + ": " + t.Event, cites: t.Cite})
	}
	for _, sc := range w.Scenarios {
		paras := append([]Para{sc.Intro}, sc.Assumptions...)
		paras = append(paras, sc.Notes...)
		paras = append(paras, sc.Balance...)
		for _, p := range paras {
			out = append(out, claim{where: "scenario " + sc.ID, text: p.Text, cites: p.Cite})
		}
	}
	for _, q := range w.Questions {
		out = append(out, claim{where: "question " + q.ID, text: q.Prompt, cites: q.Cite, asked: true},
			claim{where: "question " + q.ID + " explanation", text: q.Explanation, cites: q.Cite})
		for _, c := range q.Choices {
			out = append(out, claim{where: "question " + q.ID + " choice", text: c, cites: q.Cite, asked: true})
		}
	}
	// A single-source entry's note speaks about the sources (which outlets have it, which do not), so
	// only its claim is held to the quote it cites.
	for _, s := range w.SingleSource {
		out = append(out, claim{where: "single-source " + s.Quote, text: s.Claim, cites: []string{s.Quote}})
	}
	return out
}

// outletNames maps the names the prose uses for an outlet to the name its sources carry in
// sources.yaml (their outlet, or the outlet a quote credits).
var outletNames = map[string]string{
	"Firstpost":                    "Firstpost",
	"IBTimes":                      "International Business Times",
	"International Business Times": "International Business Times",
	"ForkLog":                      "ForkLog",
	"The Economist":                "The Economist",
	"Economist":                    "The Economist",
	"Xinhua":                       "Xinhua",
	"Caixin":                       "Caixin",
	"CCTV":                         "CCTV",
	"Biometric Update":             "Biometric Update",
	"Wikipedia":                    "Wikipedia",
	"China Digital Times":          "China Digital Times",
	"Financial Times":              "Financial Times",
	"South China Morning Post":     "South China Morning Post",
	"SCMP":                         "South China Morning Post",
}

var outletPattern = regexp.MustCompile(`\b(` + strings.Join(sortedKeys(outletNames), "|") + `)\b`)

func sortedKeys(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, regexp.QuoteMeta(k))
	}
	// longest first, so that "The Economist" wins over "Economist"
	slices.SortFunc(ks, func(a, b string) int { return len(b) - len(a) })
	return ks
}

// named lists the outlets a piece of prose names, by their canonical names.
func named(text string) []string {
	var out []string
	for _, m := range outletPattern.FindAllString(text, -1) {
		if c := outletNames[m]; !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// TestNamedOutletIsCited: a sentence that names an outlet cites that outlet's words: a quote from
// it, or a quote whose own text credits it ("The Economist noted"), or a quote from an article that
// retells it, and then the sentence names the retelling article too ("ForkLog, retelling The
// Economist"), never the retold outlet alone.
func TestNamedOutletIsCited(t *testing.T) {
	w := mustLoad(t)
	for _, c := range claims(w) {
		names := named(c.text)
		for _, n := range names {
			direct, indirect := false, ""
			for _, id := range c.cites {
				ct := w.Cite(id)
				switch {
				case strings.Contains(ct.Source.Outlet, n):
					direct = true
				case ct.Quote.Credits == n || strings.Contains(ct.Source.Upstream, n):
					indirect = outletOf(ct.Source)
				}
			}
			switch {
			case direct:
			case indirect != "" && slices.Contains(names, indirect):
			case indirect != "":
				t.Errorf("%s names %s but cites %s retelling it, without naming %s: %q", c.where, n, indirect, indirect, c.text)
			default:
				t.Errorf("%s names %s but cites nothing of it (%v): %q", c.where, n, c.cites, c.text)
			}
		}
	}
}

// outletOf is a source's outlet as the prose names it.
func outletOf(s Source) string {
	for _, n := range named(s.Outlet) {
		return n
	}
	return s.Outlet
}

// TestRetellingNamesBoth: a quote whose own words credit another outlet is cited only by prose that
// names both outlets.
func TestRetellingNamesBoth(t *testing.T) {
	w := mustLoad(t)
	credited := 0
	for _, c := range claims(w) {
		if c.asked {
			continue
		}
		names := named(c.text)
		for _, id := range c.cites {
			ct := w.Cite(id)
			if ct.Quote.Credits == "" {
				continue
			}
			credited++
			if !slices.Contains(names, ct.Quote.Credits) || !slices.Contains(names, outletOf(ct.Source)) {
				t.Errorf("%s cites %s (%s, crediting %s) without naming both: %q",
					c.where, id, outletOf(ct.Source), ct.Quote.Credits, c.text)
			}
		}
	}
	if credited == 0 {
		t.Fatal("no citation of a quote that credits another outlet: the test checks nothing")
	}
}

// officialWords are what the app may say only beside an official source.
var officialWords = regexp.MustCompile(`(?i)\b(stated|official|officially|the rules (say|make|require)|the published rules)\b`)

// TestOfficialOnlyBesideOfficialSource: "stated", "official" and "the rules say" stand only beside a
// citation of an official text, or in a sentence that says which outlet reports it ("Firstpost
// writes that officials insist...").
func TestOfficialOnlyBesideOfficialSource(t *testing.T) {
	w := mustLoad(t)
	checked := 0
	for _, c := range claims(w) {
		if c.label || !officialWords.MatchString(c.text) {
			continue
		}
		checked++
		ok := false
		for _, id := range c.cites {
			ct := w.Cite(id)
			if ct.Source.Official || slices.Contains(named(c.text), outletOf(ct.Source)) {
				ok = true
			}
		}
		if !ok {
			t.Errorf("%s says %q with no official source cited (%v): %q", c.where,
				officialWords.FindString(c.text), c.cites, c.text)
		}
	}
	if checked == 0 {
		t.Fatal("no prose uses an official word: the test checks nothing")
	}
}

var (
	severalArticles = regexp.MustCompile(`(?i)\b(two|both) (articles|reports)\b|\bthe articles (say|call|describe|give|point|list|mention|agree|speak|contrast|state|report|also)\b`)
	everyArticle    = regexp.MustCompile(`(?i)\b(every|each) article\b|\ball (the |four |five )?articles (say|list|mention|describe)`)
)

// TestArticlesCountedRight: "two articles" or "the articles call them" cites at least two articles;
// "every article" cites every one.
func TestArticlesCountedRight(t *testing.T) {
	w := mustLoad(t)
	all := 0
	for _, s := range w.Sources {
		if s.Tier == TierArticle {
			all++
		}
	}
	for _, c := range claims(w) {
		articles := map[string]bool{}
		for _, id := range c.cites {
			if ct := w.Cite(id); ct.Source.Tier == TierArticle {
				articles[ct.Source.ID] = true
			}
		}
		if severalArticles.MatchString(c.text) && len(articles) < 2 {
			t.Errorf("%s speaks of several articles but cites %d: %q", c.where, len(articles), c.text)
		}
		if everyArticle.MatchString(c.text) && len(articles) < all {
			t.Errorf("%s speaks of every article but cites %d of %d: %q", c.where, len(articles), all, c.text)
		}
	}
}

// datedFigures are counts that change over time: each keeps the year it was counted.
var datedFigures = regexp.MustCompile(`\b(6 million|16 million|12\.5 million|1\.1 billion|1,108 million)\b`)

var year = regexp.MustCompile(`\b20\d\d\b`)

// TestFiguresKeepTheirDate: a count in our own prose says when it was counted.
func TestFiguresKeepTheirDate(t *testing.T) {
	w := mustLoad(t)
	for _, c := range claims(w) {
		if c.label || !datedFigures.MatchString(c.text) {
			continue
		}
		if !year.MatchString(c.text) {
			t.Errorf("%s gives %q without its date: %q", c.where, datedFigures.FindString(c.text), c.text)
		}
	}
}

// tooStrong are phrasings a review found stronger than any quote behind them; the sources support
// the weaker wording given beside each.
var tooStrong = map[string]string{
	"takes part in every login":  "the centre verifies logins and keeps authentication logs (explain-assist)",
	"dismantles":                 "critics see a tool to dismantle, or say it could put an end to, anonymity",
	"the stated purpose":         "an outlet's analysis is not a stated purpose",
	"the stated security reason": "ForkLog, retelling The Economist, is not a statement of the government",
	"official guides":            "the guides are third-party explainers",
	"everyone's identity data":   "enrolment is voluntary: 6 million people by May 2025",
	"the platform knows only":    "under the consent rule a platform may hold ID details",
}

func TestNoPhraseStrongerThanItsSource(t *testing.T) {
	w := mustLoad(t)
	for _, c := range claims(w) {
		low := strings.ToLower(c.text)
		for p, why := range tooStrong {
			if strings.Contains(low, p) {
				t.Errorf("%s says %q; %s: %q", c.where, p, why, c.text)
			}
		}
	}
}

// TestClaimsSplitNarratives guards the splitter the tests above rely on: a sentence keeps the markers
// after its full stop.
func TestClaimsSplitNarratives(t *testing.T) {
	got := narrativeClaims(Step{ID: "x", Narrative: "One \"a.\"[@q1][@q2] Two?[@q3]\n- Three.[@q4] Four"})
	want := []claim{
		{where: "step x narrative", text: "One \"a.\"", cites: []string{"q1", "q2"}},
		{where: "step x narrative", text: "Two?", cites: []string{"q3"}},
		{where: "step x narrative", text: "Three.", cites: []string{"q4"}},
		{where: "step x narrative", text: "Four"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}

// TestEveryStepHasNotes: each step has presenter notes of every kind, and the claims above read them.
func TestEveryStepHasNotes(t *testing.T) {
	w := mustLoad(t)
	notes := 0
	for _, c := range claims(w) {
		if strings.Contains(c.where, " note ") {
			notes++
		}
	}
	for _, st := range w.Steps {
		for _, k := range NoteKinds {
			if !slices.ContainsFunc(st.Notes, func(n Note) bool { return n.Kind == k }) {
				t.Errorf("step %s has no %q note", st.ID, k)
			}
		}
	}
	if notes < 3*len(w.Steps) {
		t.Errorf("claims() reads %d notes; want at least %d", notes, 3*len(w.Steps))
	}
}
