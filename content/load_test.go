package content

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

// fixture is a small valid walkthrough; each bad-file case below breaks one thing in it.
func fixture() fstest.MapFS {
	return fstest.MapFS{
		"sources.yaml": {Data: []byte(`sources:
  - id: art
    tier: article
    outlet: Outlet
    headline: Headline
    url: https://example.org/a
    file: 000.txt
  - id: sec
    tier: second
    outlet: Agency
    headline: Measures
    confidence: high
  - id: mir
    tier: second
    outlet: Ministry (read on a mirror)
    headline: Order
    url: http://mirror.example/1
    confidence: medium
    read_on: a third-party mirror
    original: not found
`)},
		"quotes.yaml": {Data: []byte(`quotes:
  - id: q1
    source: art
    text: "First quote."
  - id: q2
    source: sec
    text: "Second quote."
  - id: q3
    source: sec
    text: "网号是唯一的"
    translation: "The network number is unique"
`)},
		"steps/01-one.md": {Data: []byte(`---
id: one
chapter: Start
title: The first step
world: today
message: {from: person, to: platform-a, label: "ID number"}
events:
  - {op: send, from: person, to: platform-a, item: id-number, cite: [q1]}
risks:
  - concern: "A worry."
    cite: [q1]
    safeguard: "A reply."
    safeguard_cite: [q2]
disputes: [d1]
---
A fact.[@q1]
`)},
		"steps/02-two.md": {Data: []byte(`---
id: two
chapter: Start
title: The second step
events:
  - {op: login, platform: platform-a, cite: [q2], result_cite: [q1]}
---
Another fact.[@q2] And again.[@q1]
`)},
		"disagreements.yaml": {Data: []byte(`disagreements:
  - id: d1
    title: A disagreement
    sides:
      - {label: one, quote: q1}
      - {label: two, quote: q2}
    resolution: "What better evidence says."
    resolution_cite: [q2]
    steps: [one]
`)},
		"glossary.yaml": {Data: []byte(`glossary:
  - term: network number
    chinese: 网号
    pinyin: wǎng hào
    explanation: "A number."
    cite: [q2]
`)},
		"timeline.yaml": {Data: []byte(`timeline:
  - date: "2024-07-26"
    event: "Draft."
    cite: [q1]
    step: one
`)},
	}
}

func TestFixtureLoads(t *testing.T) {
	w, err := LoadFS(fixture())
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Steps) != 2 || w.Steps[0].ID != "one" || w.Steps[1].ID != "two" {
		t.Fatalf("steps = %+v", w.Steps)
	}
	if got := w.Steps[1].Cites; strings.Join(got, ",") != "q2,q1" {
		t.Errorf("cites of step two = %v, want q2,q1 (order of first appearance)", got)
	}
	if w.Steps[1].World != "cyberspace-id" {
		t.Errorf("default world = %q", w.Steps[1].World)
	}
	if w.Steps[0].Events[0].Line != 8 {
		t.Errorf("event line = %d, want 8", w.Steps[0].Events[0].Line)
	}
	c := w.Cite("q2")
	if c.Source.ID != "sec" || c.Quote.Text != "Second quote." {
		t.Errorf("Cite(q2) = %+v", c)
	}
	if got := w.Uses("q1"); len(got) != 2 {
		t.Errorf("Uses(q1) = %v", got)
	}
	fs := w.FlowSteps()
	if len(fs) != 2 || fs[1].Events[0].Op != "login" || strings.Join(fs[1].Events[0].ResultCite, ",") != "q1" {
		t.Errorf("FlowSteps = %+v", fs)
	}
}

func TestBadFiles(t *testing.T) {
	cases := []struct {
		name, file, old, new string
		want                 string // the error must name the file and line and say this
	}{
		{"unknown source", "quotes.yaml", "source: sec", "source: nope", `quotes.yaml:5: quote "q2": unknown source "nope"`},
		{"empty quote", "quotes.yaml", `text: "First quote."`, `text: ""`, `quotes.yaml:2: quote "q1" is empty`},
		{"duplicate quote", "quotes.yaml", "id: q2", "id: q1", `quotes.yaml:5: duplicate quote id "q1" (first on line 2)`},
		{"missing title", "steps/02-two.md", "title: The second step\n", "", `steps/02-two.md:2: step "two" has no title`},
		{"duplicate step", "steps/02-two.md", "id: two", "id: one", `steps/02-two.md:2: duplicate step id "one"`},
		{"unknown marker", "steps/02-two.md", "[@q2]", "[@q9]", `steps/02-two.md:8: citation marker [@q9]: unknown quote`},
		{"unclosed marker", "steps/02-two.md", "[@q2]", "[@q2", `steps/02-two.md:8: unclosed citation marker`},
		{"unknown party", "steps/01-one.md", "to: platform-a, item", "to: platform-z, item", `steps/01-one.md:8: to: unknown party "platform-z"`},
		{"unknown item", "steps/01-one.md", "item: id-number", "item: shoe-size", `steps/01-one.md:8: unknown item "shoe-size"`},
		{"login without result_cite", "steps/02-two.md", ", result_cite: [q1]", "", `steps/02-two.md:6: login event needs result_cite`},
		{"result_cite off login", "steps/01-one.md", "cite: [q1]}", "cite: [q1], result_cite: [q2]}", `steps/01-one.md:8: result_cite is for login events only`},
		{"unknown result quote", "steps/02-two.md", "result_cite: [q1]", "result_cite: [q9]", `steps/02-two.md:6: event result`},
		{"unknown op", "steps/02-two.md", "op: login", "op: teleport", `steps/02-two.md:6: unknown event op "teleport"`},
		{"unknown field", "steps/02-two.md", "chapter: Start", "chapter: Start\ncolour: red", `steps/02-two.md:4: field colour not found`},
		{"bad yaml", "steps/02-two.md", "title: The second step", "title: [unclosed", `steps/02-two.md:`},
		{"no front matter", "steps/02-two.md", "---\nid: two", "id: two", `steps/02-two.md:1: a step starts with front matter`},
		{"one-sided risk", "steps/01-one.md", "    safeguard: \"A reply.\"\n    safeguard_cite: [q2]\n", "", `steps/01-one.md:10: a risk needs the other side too`},
		{"uncited step", "steps/02-two.md", ", cite: [q2], result_cite: [q1]}\n---\nAnother fact.[@q2] And again.[@q1]", "}\n---\nNo citation.", `steps/02-two.md:2: step "two" cites nothing`},
		{"unknown note kind", "steps/01-one.md", "disputes: [d1]", "disputes: [d1]\nnotes:\n  - {kind: lecture, text: \"Talk.\"}",
			`steps/01-one.md:16: a note's kind must be ask, watch or discuss, not "lecture"`},
		{"note without text", "steps/01-one.md", "disputes: [d1]", "disputes: [d1]\nnotes:\n  - {kind: ask, text: \" \"}",
			`steps/01-one.md:16: a note needs its text`},
		{"note citing an unknown quote", "steps/01-one.md", "disputes: [d1]", "disputes: [d1]\nnotes:\n  - {kind: watch, text: \"A fact.\", cite: [q9]}",
			`steps/01-one.md:16: note cites unknown quote "q9"`},
		{"unknown dispute", "steps/01-one.md", "disputes: [d1]", "disputes: [d7]", `steps/01-one.md:2: disputes: unknown disagreement "d7"`},
		{"one-sided disagreement", "disagreements.yaml", "      - {label: two, quote: q2}\n", "", `disagreements.yaml:2: disagreement "d1" needs at least two sides`},
		{"timeline unknown step", "timeline.yaml", "step: one", "step: zero", `timeline.yaml:2: unknown step "zero"`},
		{"glossary without cite", "glossary.yaml", "    cite: [q2]\n", "", `glossary.yaml:2: glossary entry "network number" needs a cite`},
		{"article without file", "sources.yaml", "    file: 000.txt\n", "", `sources.yaml:2: article "art" has no file`},
		{"second tier without confidence", "sources.yaml", "    confidence: high\n", "", `sources.yaml:8: second-tier source "sec" needs confidence`},
		{"Chinese quote without translation", "quotes.yaml", "    translation: \"The network number is unique\"\n", "",
			`quotes.yaml:8: quote "q3" is not in English: add translation:`},
		{"Chinese quote with a blank translation", "quotes.yaml", `translation: "The network number is unique"`, `translation: "  "`,
			`quotes.yaml:8: quote "q3" is not in English: add translation:`},
		{"traditional characters need one too", "quotes.yaml", "\"网号是唯一的\"\n    translation: \"The network number is unique\"\n", "\"網號是唯一的\"\n",
			`quotes.yaml:8: quote "q3" is not in English`},
		{"translation of an English quote", "quotes.yaml", `text: "Second quote."`, "text: \"Second quote.\"\n    translation: \"Zweites Zitat.\"",
			`quotes.yaml:5: quote "q2" is in English: it needs no translation`},
		{"translation not in English", "quotes.yaml", `translation: "The network number is unique"`, `translation: "網號是唯一的"`,
			`quotes.yaml:8: quote "q3": the translation is not in English`},
		{"copy without read_on", "sources.yaml", "    read_on: a third-party mirror\n    original: not found\n", "",
			`sources.yaml:13: source "mir": its outlet says "read on", so it was read on a copy: add read_on: (where) and original:`},
		{"copy without original", "sources.yaml", "    original: not found\n", "",
			`sources.yaml:13: source "mir" was read on a copy: add original: (the publisher's address) or original: not found`},
		{"copy with a blank original", "sources.yaml", "original: not found", `original: ""`,
			`sources.yaml:13: source "mir" was read on a copy: add original:`},
		{"original that is not an address", "sources.yaml", "original: not found", "original: unknown",
			`sources.yaml:13: source "mir": original must be an http(s) address or "not found", not "unknown"`},
		{"original without a copy", "sources.yaml", "    confidence: high\n", "    confidence: high\n    original: https://example.org/o\n",
			`sources.yaml:8: source "sec": original: is only for a source read on a copy`},
		{"republished outlet without read_on", "sources.yaml", "outlet: Agency", "outlet: Agency, republished by Mint",
			`sources.yaml:8: source "sec": its outlet says "republished", so it was read on a copy`},
		{"bad tier", "sources.yaml", "tier: article", "tier: blog", `sources.yaml:2: source "art": tier must be article or second`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { requireLoadError(t, fixture(), c.file, c.old, c.new, c.want) })
	}
}

// requireLoadError breaks one file of a valid walkthrough (old → new) and requires that loading it
// fails with a *content.Error whose text contains want.
func requireLoadError(t *testing.T, fsys fstest.MapFS, file, old, new, want string) {
	t.Helper()
	data := string(fsys[file].Data)
	if !strings.Contains(data, old) {
		t.Fatalf("fixture %s has no %q", file, old)
	}
	fsys[file] = &fstest.MapFile{Data: []byte(strings.Replace(data, old, new, 1))}
	_, err := LoadFS(fsys)
	if err == nil {
		t.Fatal("loaded without error")
	}
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("error is %T, want *content.Error", err)
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error:\n%s\nwant it to contain:\n%s", err, want)
	}
}

func TestMissingFile(t *testing.T) {
	fsys := fixture()
	delete(fsys, "glossary.yaml")
	_, err := LoadFS(fsys)
	if err == nil || !strings.Contains(err.Error(), "glossary.yaml: cannot read") {
		t.Fatalf("err = %v", err)
	}
}

func TestSplitFrontMatter(t *testing.T) {
	front, body, line, ok := splitFrontMatter([]byte("---\na: 1\nb: 2\n---\nbody\n"))
	if !ok || string(front) != "a: 1\nb: 2\n" || string(body) != "body\n" || line != 5 {
		t.Fatalf("got %q %q %d %v", front, body, line, ok)
	}
	if _, _, _, ok := splitFrontMatter([]byte("---\na: 1\n")); ok {
		t.Error("unterminated front matter accepted")
	}
	_, body, _, ok = splitFrontMatter([]byte("---\r\na: 1\r\n---"))
	if !ok || len(body) != 0 {
		t.Errorf("CRLF / no body: %q %v", body, ok)
	}
}

// FuzzLoadStep feeds arbitrary step files to the loader: it must report problems, never panic.
func FuzzLoadStep(f *testing.F) {
	f.Add(string(fixture()["steps/01-one.md"].Data))
	f.Add("---\n---\n")
	f.Add("---\nevents: [{op: send}]\n---\n[@")
	f.Add("---\nid: [\n---\n")
	f.Add("---\nrisks: 3\nmessage: x\n---\n[@q1][@]")
	f.Fuzz(func(t *testing.T, step string) {
		fsys := fixture()
		fsys["steps/02-two.md"] = &fstest.MapFile{Data: []byte(step)}
		w, err := LoadFS(fsys)
		if err == nil && len(w.Steps) != 2 {
			t.Fatalf("loaded %d steps without error", len(w.Steps))
		}
	})
}
