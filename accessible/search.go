package accessible

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/cyberid/cyberid/lesson"
)

// searchDoc is one place the search looks: a part of a step, a glossary entry or a source.
type searchDoc struct {
	where string // e.g. "Step 4, The face scan and approval, what the platform sees"
	step  int    // the step it is on, or -1
	text  string // plain text, as it is said
	lower string
}

// markup is the Markdown the search passes over in a narrative: emphasis, list and heading marks.
var markup = regexp.MustCompile(`\*\*|\*|(?m)^\s*(?:[-*]|\d+[.)]|#+)\s+`)

// plainNarrative is a narrative as it is said, without rendering it: marks in words, no markup.
func plainNarrative(md string) string {
	md = markup.ReplaceAllString(spoken(md), "")
	return strings.Join(strings.Fields(strings.ReplaceAll(md, nbsp, " ")), " ")
}

// searchIndex lists every place once, as plain text (the narrative as it is said, marks in words).
func (s *session) searchIndex() []searchDoc {
	if s.search != nil {
		return s.search
	}
	var docs []searchDoc
	add := func(where string, step int, texts ...string) {
		var parts []string
		for _, t := range texts {
			if t = strings.TrimSpace(t); t != "" {
				parts = append(parts, sentence(t))
			}
		}
		t := strings.Join(parts, " ")
		docs = append(docs, searchDoc{where: where, step: step, text: t, lower: strings.ToLower(t)})
	}
	groupText := func(gs []lesson.Group) []string {
		var out []string
		for _, g := range gs {
			for _, e := range g.Entries {
				t := g.Title + ": " + entryText(e)
				if e.Value != "" {
					t += ", " + TagIllustrative + e.Value
				}
				out = append(out, t)
			}
		}
		return out
	}
	for i, p := range s.pages {
		where := fmt.Sprintf("Step %d, %s", i+1, p.Step.Title)
		add(where+", title and narrative", i, p.Step.Title, p.Step.Chapter, plainNarrative(p.Narrative))
		add(where+", what the platform sees", i, groupText(p.Platform)...)
		add(where+", what the central database holds", i, groupText(p.Centre)...)
		var risks []string
		for _, r := range p.Risks {
			risks = append(risks, r.Concern, r.Safeguard)
		}
		add(where+", where the risks lie", i, risks...)
	}
	for _, t := range s.w.Glossary {
		add("Glossary, "+t.Term, -1, t.Term, t.Chinese, t.Pinyin, t.Explanation)
	}
	for i, src := range s.w.Sources {
		add(fmt.Sprintf("Source %d, %s", i+1, src.Outlet), -1, src.Outlet, src.Headline, src.Upstream, src.DateText())
	}
	s.search = docs
	return docs
}

// find says every place a word occurs, with the words around its first occurrence there.
func (s *session) find(query string) {
	query = clean(strings.TrimSpace(query))
	q := strings.ToLower(query)
	var hits []searchDoc
	for _, d := range s.searchIndex() {
		if strings.Contains(d.lower, q) {
			hits = append(hits, d)
		}
	}
	if len(hits) == 0 {
		s.sayf("Nothing mentions “%s”. Try another word, or type glossary for the terms.", shorten(query))
		return
	}
	s.sayf("“%s” is in %s:", shorten(query), plural(len(hits), "place"))
	for _, h := range hits {
		s.blank()
		s.say(h.where + ":")
		s.say(snippet(h.text, h.lower, q))
	}
	s.blank()
	s.say("Type a step number to open that step; glossary or sources to hear those in full.")
}

// snippet is the text around the first occurrence of q in text (lower is text lower-cased), cut at
// word boundaries, with "…" where it is cut.
func snippet(text, lower, q string) string {
	const around = 60
	i := strings.Index(lower, q)
	if i < 0 || len(lower) != len(text) {
		// lower-casing changed the length (a rare letter): say the start instead
		i = 0
	}
	start, end := max(0, i-around), min(len(text), i+len(q)+around)
	for start > 0 && !utf8.RuneStart(text[start]) {
		start--
	}
	for end < len(text) && !utf8.RuneStart(text[end]) {
		end++
	}
	out := text[start:end]
	if start > 0 {
		if k := strings.IndexByte(out, ' '); k >= 0 && k < i-start {
			out = out[k+1:]
		}
		out = "…" + out
	}
	if end < len(text) {
		if k := strings.LastIndexByte(out, ' '); k > len(out)-around {
			out = out[:k]
		}
		out += "…"
	}
	return out
}
