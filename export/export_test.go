package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"unicode"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"golang.org/x/net/html"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/flow"
	"github.com/cyberid/cyberid/lesson"
	"github.com/cyberid/cyberid/words"
)

func load(tb testing.TB) *content.Walkthrough {
	tb.Helper()
	w, err := content.Load()
	if err != nil {
		tb.Fatal(err)
	}
	return w
}

func render(tb testing.TB, w *content.Walkthrough, format string, opts Options) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, w, format, opts); err != nil {
		tb.Fatalf("%s: %v", format, err)
	}
	return buf.Bytes()
}

func TestFormats(t *testing.T) {
	if got, want := strings.Join(Formats(), ","), "html,json,md,txt"; got != want {
		t.Fatalf("Formats() = %s, want %s", got, want)
	}
}

// TestGolden pins each format byte for byte, written from the small walkthrough frozen in
// testdata/walkthrough, so that an edit to the real content breaks no golden; go test ./export
// -update refreshes the files.
func TestGolden(t *testing.T) {
	w, err := content.LoadFS(os.DirFS("../testdata/walkthrough"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range Formats() {
		t.Run(f, func(t *testing.T) {
			golden.RequireEqual(t, render(t, w, f, Options{}))
		})
	}
}

func TestUnknownFormat(t *testing.T) {
	w := load(t)
	var buf bytes.Buffer
	err := Write(&buf, w, "pdf", Options{})
	if err == nil {
		t.Fatal("format pdf: no error")
	}
	for _, f := range []string{"md", "html", "txt", "json"} {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error %q does not list %s", err, f)
		}
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("error is not one line: %q", err)
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %d bytes for an unknown format", buf.Len())
	}
	if Known("pdf") || !Known("html") {
		t.Error("Known disagrees with the format table")
	}
}

// squash drops all white space, so that text wrapped at different widths compares equal.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// htmlText is the text a reader sees in an HTML document (style contents left out).
func htmlText(tb testing.TB, src []byte) string {
	tb.Helper()
	doc, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		tb.Fatal(err)
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "style" || n.Data == "script") {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return b.String()
}

// readable turns a handout into the text a reader sees: Markdown and HTML rendered, JSON strings
// gathered, plain text as it is.
func readable(tb testing.TB, format string, out []byte) string {
	tb.Helper()
	switch format {
	case "md":
		var buf bytes.Buffer
		if err := goldmark.New(goldmark.WithExtensions(extension.Table)).Convert(out, &buf); err != nil {
			tb.Fatal(err)
		}
		return htmlText(tb, buf.Bytes())
	case "html":
		return htmlText(tb, out)
	case "json":
		var v any
		if err := json.Unmarshal(out, &v); err != nil {
			tb.Fatal(err)
		}
		var b strings.Builder
		var walk func(v any)
		walk = func(v any) {
			switch x := v.(type) {
			case string:
				b.WriteString(x)
				b.WriteByte('\n')
			case []any:
				for _, e := range x {
					walk(e)
				}
			case map[string]any:
				for _, e := range x {
					walk(e)
				}
			}
		}
		walk(v)
		return b.String()
	}
	return string(out)
}

// TestEveryFormatCarriesEverything: each format, read back as a reader would see it, holds every
// step title and every quote the steps cite, the disagreements and the glossary terms.
func TestEveryFormatCarriesEverything(t *testing.T) {
	w := load(t)
	pages := lesson.Build(w, flow.Assumptions{})
	for _, f := range Formats() {
		t.Run(f, func(t *testing.T) {
			text := squash(readable(t, f, render(t, w, f, Options{})))
			want := func(what, s string) {
				t.Helper()
				if !strings.Contains(text, squash(s)) {
					t.Errorf("%s missing: %q", what, s)
				}
			}
			for _, p := range pages {
				want("step title", p.Step.Title)
				want("chapter", p.Step.Chapter)
				for _, c := range p.Citations {
					want("quote "+c.Quote.ID+" in step "+p.Step.ID, c.Quote.Text)
				}
				for _, r := range p.Risks {
					want("risk", r.Concern)
				}
			}
			for _, d := range w.Disagreements {
				want("disagreement", d.Title)
			}
			for _, g := range w.Glossary {
				want("glossary term", g.Term)
			}
			for _, s := range w.Sources {
				want("source", s.Headline)
			}
		})
	}
}

// TestMarkdownEscaping: plain text with every Markdown metacharacter reads back unchanged.
func TestMarkdownEscaping(t *testing.T) {
	nasty := `<script>alert(1)</script> *a* _b_ [c](http://x) | e \ f & g &amp; #h ~i~ ` + "`code`" + ` 1. ! [1]`
	md := "| x |\n|---|\n| " + mdText(nasty) + " |\n\n- " + mdText(nasty) + "\n"
	var buf bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.Table)).Convert([]byte(md), &buf); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "<script") || strings.Contains(buf.String(), "<a ") ||
		strings.Contains(buf.String(), "<em>") || strings.Contains(buf.String(), "<code>") {
		t.Fatalf("Markdown escaping let markup through:\n%s", buf.String())
	}
	got := htmlText(t, buf.Bytes())
	if n := strings.Count(squash(got), squash(nasty)); n != 2 {
		t.Fatalf("escaped text read back %d times, want 2 (table cell and list item):\n%s", n, got)
	}
}

func TestLinkMarks(t *testing.T) {
	p := lesson.Page{Step: content.Step{ID: "s"}, Citations: []lesson.Cited{{N: 1}, {N: 2}, {N: 4}}}
	got := linkMarks(`<p title="[1]">x[1,2] [3] <a href="#y">[2]</a> [2–4]</p>`, p)
	want := `<p title="[1]">x<span class="mark">[<a href="#cite-s-1">1</a>,<a href="#cite-s-2">2</a>]</span> ` +
		`<span class="mark">[3]</span> <a href="#y">[2]</a> ` +
		`<span class="mark">[<a href="#cite-s-2">2</a>–<a href="#cite-s-4">4</a>]</span></p>`
	if got != want {
		t.Fatalf("linkMarks:\n got %s\nwant %s", got, want)
	}
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func hasClass(n *html.Node, class string) bool {
	v, _ := attr(n, "class")
	for _, c := range strings.Fields(v) {
		if c == class {
			return true
		}
	}
	return false
}

func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	if n.Type == html.ElementNode && match(n) {
		out = append(out, n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		out = append(out, findAll(c, match)...)
	}
	return out
}

func element(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == name }
}

func textOf(n *html.Node) string {
	var b strings.Builder
	for _, t := range findAllText(n) {
		b.WriteString(t)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func findAllText(n *html.Node) []string {
	if n.Type == html.TextNode {
		return []string{n.Data}
	}
	var out []string
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		out = append(out, findAllText(c)...)
	}
	return out
}

// TestHTMLStructure: one section per step, in order, each with its title, diagram, panes and
// citations; every internal link lands; nothing is fetched from anywhere.
func TestHTMLStructure(t *testing.T) {
	w := load(t)
	pages := lesson.Build(w, flow.Assumptions{})
	out := render(t, w, "html", Options{})
	doc, err := html.Parse(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}

	steps := findAll(doc, func(n *html.Node) bool { return n.Data == "section" && hasClass(n, "step") })
	if len(steps) != len(pages) {
		t.Fatalf("%d step sections, want %d", len(steps), len(pages))
	}
	for i, s := range steps {
		p := pages[i]
		if id, _ := attr(s, "id"); id != "step-"+p.Step.ID {
			t.Errorf("section %d has id %q, want step-%s", i, id, p.Step.ID)
		}
		h3 := findAll(s, element("h3"))
		if len(h3) == 0 || textOf(h3[0]) != strings.Join(strings.Fields(p.Step.Title), " ") {
			t.Errorf("step %s: first heading is not its title %q", p.Step.ID, p.Step.Title)
		}
		if n := len(findAll(s, func(n *html.Node) bool { return n.Data == "figure" && hasClass(n, "diagram") })); n != 1 {
			t.Errorf("step %s: %d diagrams, want 1", p.Step.ID, n)
		}
		if n := len(findAll(s, element("svg"))); n != 1 {
			t.Errorf("step %s: %d svg drawings, want 1", p.Step.ID, n)
		}
		var panes []string
		for _, h := range findAll(s, element("h4")) {
			panes = append(panes, textOf(h))
		}
		if got, want := strings.Join(panes, "|"), words.PanePlatform+"|"+words.PaneCentre+"|"+words.PaneRisks+"|Citations"; got != want {
			t.Errorf("step %s: headings %s, want %s", p.Step.ID, got, want)
		}
		cites := findAll(s, func(n *html.Node) bool {
			id, _ := attr(n, "id")
			return n.Data == "li" && strings.HasPrefix(id, "cite-")
		})
		if len(cites) != len(p.Citations) {
			t.Errorf("step %s: %d citations, want %d", p.Step.ID, len(cites), len(p.Citations))
		}
	}
	chapters := findAll(doc, func(n *html.Node) bool { return n.Data == "section" && hasClass(n, "chapter") })
	if want := countTrue(chapterStarts(pages)); len(chapters) != want {
		t.Errorf("%d chapter sections, want %d", len(chapters), want)
	}

	ids := map[string]bool{}
	for _, n := range findAll(doc, func(n *html.Node) bool { _, ok := attr(n, "id"); return ok }) {
		id, _ := attr(n, "id")
		if ids[id] {
			t.Errorf("duplicate id %q", id)
		}
		ids[id] = true
	}
	for _, n := range findAll(doc, func(*html.Node) bool { return true }) {
		for _, a := range n.Attr {
			key, val := strings.ToLower(a.Key), strings.TrimSpace(a.Val)
			switch {
			case key == "src" || key == "srcset" || key == "poster" || key == "data" || key == "background":
				t.Errorf("<%s %s=%q>: the handout must fetch nothing", n.Data, key, val)
			case strings.HasSuffix(key, "href") && n.Data != "a":
				t.Errorf("<%s %s=%q>: only plain links may have a href", n.Data, key, val)
			case key == "href" && strings.HasPrefix(val, "#"):
				if !ids[val[1:]] {
					t.Errorf("link to %s, which is not in the document", val)
				}
			case key == "href" && !strings.HasPrefix(val, "https://") && !strings.HasPrefix(val, "http://"):
				t.Errorf("link %q is neither internal nor to a source", val)
			case key == "style" && strings.Contains(strings.ToLower(val), "url("):
				t.Errorf("<%s style=%q> loads a resource", n.Data, val)
			case strings.HasPrefix(key, "on"):
				t.Errorf("<%s %s>: no scripts", n.Data, key)
			}
		}
		switch n.Data {
		case "script", "link", "img", "iframe", "object", "embed", "image", "use", "video", "audio", "source", "base":
			t.Errorf("<%s> in the handout", n.Data)
		case "style":
			css := strings.ToLower(textOf(n))
			for _, bad := range []string{"@import", "url(", "@font-face"} {
				if strings.Contains(css, bad) {
					t.Errorf("stylesheet contains %s", bad)
				}
			}
		}
	}
	if n := len(findAll(doc, element("style"))); n != 1 {
		t.Errorf("%d <style> elements, want 1", n)
	}
}

func countTrue(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

// TestPrintStylesheet checks the print rules the issue asks for are in the stylesheet.
func TestPrintStylesheet(t *testing.T) {
	for _, rule := range []string{"@page", "@media print", ".chapter, .appendix { break-before: page; }",
		"tr, figure", "break-inside: avoid", `attr(href)`, "thead { display: table-header-group; }"} {
		if !strings.Contains(handoutCSS, rule) {
			t.Errorf("stylesheet lacks %q", rule)
		}
	}
}

// TestJSONShape decodes the JSON handout and checks it against the walkthrough it came from.
func TestJSONShape(t *testing.T) {
	w := load(t)
	pages := lesson.Build(w, flow.Assumptions{})
	var h struct {
		Sources []struct {
			ID     string `json:"id"`
			Number int    `json:"number"`
			URL    string `json:"url"`
		} `json:"sources"`
		Steps []struct {
			ID, Chapter, Title, Narrative string
			Parties                       []struct {
				Party string `json:"party"`
				Pane  string `json:"pane"`
				Items []struct {
					Item         string `json:"item"`
					Sourced      *bool  `json:"sourced"`
					Illustrative *bool  `json:"illustrative"`
					Citations    []jsonCitation
				} `json:"items"`
			} `json:"parties"`
			Risks []struct {
				Concern          string         `json:"concern"`
				ConcernCitations []jsonCitation `json:"concern_citations"`
			} `json:"risks"`
			Citations []jsonCitation `json:"citations"`
		} `json:"steps"`
		Disagreements []json.RawMessage `json:"disagreements"`
		Glossary      []json.RawMessage `json:"glossary"`
	}
	dec := json.NewDecoder(bytes.NewReader(render(t, w, "json", Options{})))
	if err := dec.Decode(&h); err != nil {
		t.Fatal(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		t.Fatalf("trailing data after the JSON document: %v", err)
	}
	if len(h.Sources) != len(w.Sources) || len(h.Steps) != len(pages) ||
		len(h.Disagreements) != len(w.Disagreements) || len(h.Glossary) != len(w.Glossary) {
		t.Fatalf("counts: %d sources, %d steps, %d disagreements, %d terms", len(h.Sources), len(h.Steps),
			len(h.Disagreements), len(h.Glossary))
	}
	sources := map[string]bool{}
	for i, s := range h.Sources {
		sources[s.ID] = true
		if s.Number != i+1 || s.URL == "" {
			t.Errorf("source %s: number %d, url %q", s.ID, s.Number, s.URL)
		}
	}
	checkCite := func(where string, c jsonCitation) {
		t.Helper()
		q, ok := w.Quote(c.QuoteID)
		if !ok || !sources[c.Source] || q.Source != c.Source || q.Text != c.Quote || c.Quote == "" {
			t.Errorf("%s: citation %+v does not resolve to a verbatim quote of a listed source", where, c)
		}
	}
	for i, s := range h.Steps {
		p := pages[i]
		if s.ID != p.Step.ID || s.Chapter != p.Step.Chapter || s.Title != p.Step.Title || s.Narrative != p.Narrative {
			t.Errorf("step %d: id/chapter/title/narrative differ from the lesson page", i+1)
		}
		if len(s.Citations) != len(p.Citations) {
			t.Errorf("step %s: %d citations, want %d", s.ID, len(s.Citations), len(p.Citations))
		}
		for j, c := range s.Citations {
			checkCite("step "+s.ID, c)
			if c.Number != p.Citations[j].N || c.QuoteID != p.Citations[j].Quote.ID {
				t.Errorf("step %s: citation %d is number %d, quote %s", s.ID, j+1, c.Number, c.QuoteID)
			}
		}
		if len(s.Parties) != len(p.Platform)+len(p.Centre) {
			t.Errorf("step %s: %d parties", s.ID, len(s.Parties))
		}
		for _, party := range s.Parties {
			if party.Pane != "platform" && party.Pane != "centre" {
				t.Errorf("step %s: party %s in pane %q", s.ID, party.Party, party.Pane)
			}
			for _, it := range party.Items {
				if it.Sourced == nil || it.Illustrative == nil || *it.Sourced == *it.Illustrative ||
					*it.Sourced != (len(it.Citations) > 0) {
					t.Errorf("step %s: %s's %s has inconsistent sourced/illustrative flags", s.ID, party.Party, it.Item)
				}
				for _, c := range it.Citations {
					checkCite("item "+it.Item, c)
				}
			}
		}
		if len(s.Risks) != len(p.Risks) {
			t.Errorf("step %s: %d risks, want %d", s.ID, len(s.Risks), len(p.Risks))
		}
		for _, r := range s.Risks {
			for _, c := range r.ConcernCitations {
				checkCite("risk", c)
			}
		}
	}
}

// TestAssumptionsReachTheHandouts: a what-if identifier assumption changes what the handouts say,
// and says up front that it is one.
func TestAssumptionsReachTheHandouts(t *testing.T) {
	w := load(t)
	for _, f := range Formats() {
		def := render(t, w, f, Options{})
		if f != "json" && bytes.Contains(def, []byte("What if: this handout assumes")) {
			t.Errorf("%s: the default handout calls itself a what-if", f)
		}
		for _, mode := range []flow.IdentifierMode{flow.SameNumber, flow.PerPlatform} {
			b := render(t, w, f, Options{Assumptions: flow.Assumptions{Identifier: mode}})
			if bytes.Equal(def, b) {
				t.Errorf("%s, %v: the same handout as the default", f, mode)
			}
			if f != "json" && !bytes.Contains(b, []byte("What if: this handout assumes")) {
				t.Errorf("%s, %v: the handout does not say it is a what-if", f, mode)
			}
		}
	}
}

// stepSections cuts a handout into one part per step (the last ends where the appendices start) and
// returns the scenarios appendix.
func stepSections(t *testing.T, format string, out string, pages []lesson.Page) (steps []string, scenarios string) {
	t.Helper()
	var starts []string
	var appendix, scenStart, scenEnd string
	for _, p := range pages {
		switch format {
		case "txt":
			starts = append(starts, fmt.Sprintf("Step %d of %d ·", p.Index+1, p.Total))
		case "md":
			starts = append(starts, fmt.Sprintf("### %d. %s", p.Index+1, mdText(p.Step.Title)))
		case "html":
			starts = append(starts, `<section class="step" id="`+stepAnchor(p)+`">`)
		}
	}
	switch format {
	case "txt":
		appendix, scenStart, scenEnd = "WHERE THE SOURCES DISAGREE", strings.ToUpper(scenariosTitle), "\nSOURCES\n"
	case "md":
		appendix, scenStart, scenEnd = "## Appendix A.", "## Appendix D.", "\n## "
	case "html":
		appendix, scenStart, scenEnd = `<section class="appendix"`, `<section class="appendix" id="scenarios">`, "</section>"
	}
	cut := func(from, to string) string {
		i := strings.Index(out, from)
		if i < 0 {
			t.Fatalf("%s: no %q in the handout", format, from)
		}
		rest := out[i+len(from):]
		if j := strings.Index(rest, to); j >= 0 {
			rest = rest[:j]
		}
		return rest
	}
	for i, st := range starts {
		end := appendix
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		steps = append(steps, cut(st, end))
	}
	return steps, cut(scenStart, scenEnd)
}

// Under every assumption, every format labels each thing that follows from an assumption, on every
// step and in the scenarios: an assumed item, an assumed link (next to its words), an assumed arrow,
// and each scenario line; and every page after a login carries the note on the open question.
func TestAssumedIsLabelledInEveryFormat(t *testing.T) {
	w := load(t)
	label := map[string]string{"txt": "(assumed)", "md": "*(assumed)*", "html": `<span class="tag tag-assumed">assumed</span>`}
	var scenarioLines int
	for _, sp := range lesson.BuildScenarios(w) {
		for _, sec := range sp.Blocks() {
			for _, l := range sec.Lines {
				if l.Assumed {
					scenarioLines++
				}
			}
		}
	}
	if scenarioLines == 0 {
		t.Fatal("no scenario line is assumed: the breach and identifier scenarios should have some")
	}
	for _, mode := range flow.IdentifierModes {
		opts := Options{Assumptions: flow.Assumptions{Identifier: mode}}
		pages := lesson.Build(w, opts.Assumptions)
		for _, f := range []string{"txt", "md", "html"} {
			out := string(render(t, w, f, opts))
			steps, scen := stepSections(t, f, out, pages)
			for i, p := range pages {
				sec := steps[i]
				want := 0
				for _, g := range append(append([]lesson.Group{}, p.Platform...), p.Centre...) {
					for _, e := range g.Entries {
						if e.Assumed {
							want++
						}
					}
				}
				for _, l := range p.Links {
					if !l.Assumed {
						continue
					}
					want++
					attached := lesson.LinkText(l)
					switch f {
					case "md":
						attached = mdText(l.How) + " " + label[f]
					case "html":
						attached = esc(l.How) + " " + label[f]
					}
					if !strings.Contains(squash(sec), squash(attached)) {
						t.Errorf("%s, %v, step %s: link %q is not labelled where it stands", f, mode, p.Step.ID, l.How)
					}
				}
				arrows := 0 // the text handout has no diagram; Markdown labels arrows like items, HTML in the drawing
				for _, a := range buildDiagram(p).Arrows {
					if a.Assumed {
						arrows++
					}
				}
				if f == "md" {
					want += arrows
				}
				if got := strings.Count(sec, label[f]); got != want {
					t.Errorf("%s, %v, step %s: %d assumed labels, want %d", f, mode, p.Step.ID, got, want)
				}
				if got := strings.Count(sec, " (assumed)</text>"); f == "html" && got != arrows {
					t.Errorf("html, %v, step %s: %d assumed arrows drawn, want %d", mode, p.Step.ID, got, arrows)
				}
				note := p.IdentifierNote
				switch f {
				case "md":
					note = mdText(note)
				case "html":
					note = esc(note)
				}
				if note != "" && !strings.Contains(squash(sec), squash(note)) {
					t.Errorf("%s, %v, step %s: the note on the open question is missing", f, mode, p.Step.ID)
				}
				if mode.Sourced() && want != 0 {
					t.Errorf("%s, default, step %s: %d things assumed", f, p.Step.ID, want)
				}
			}
			if got := strings.Count(scen, "(assumed)"); got != scenarioLines {
				t.Errorf("%s, %v: %d assumed scenario lines labelled, want %d", f, mode, got, scenarioLines)
			}
		}

		var doc struct {
			AssumptionSourced bool `json:"assumption_sourced"`
			Steps             []struct {
				ID             string `json:"id"`
				AssumptionNote string `json:"assumption_note"`
				Transfers      []struct {
					Assumed bool `json:"assumed"`
				} `json:"transfers"`
				Parties []struct {
					Items []struct {
						Assumed bool `json:"assumed"`
					} `json:"items"`
				} `json:"parties"`
				Links []struct {
					Assumed bool `json:"assumed"`
				} `json:"links"`
			} `json:"steps"`
			Scenarios []struct {
				Sections []struct {
					Lines []struct {
						Assumed bool `json:"assumed"`
					} `json:"lines"`
				} `json:"sections"`
			} `json:"scenarios"`
		}
		if err := json.Unmarshal(render(t, w, "json", opts), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.AssumptionSourced != mode.Sourced() || len(doc.Steps) != len(pages) {
			t.Fatalf("json, %v: assumption_sourced %v, %d steps", mode, doc.AssumptionSourced, len(doc.Steps))
		}
		for i, p := range pages {
			js := doc.Steps[i]
			var want, got []bool
			for _, g := range append(append([]lesson.Group{}, p.Platform...), p.Centre...) {
				for _, e := range g.Entries {
					want = append(want, e.Assumed)
				}
			}
			for _, l := range p.Links {
				want = append(want, l.Assumed)
			}
			for _, a := range buildDiagram(p).Arrows {
				if !a.Message {
					want = append(want, a.Assumed)
				}
			}
			for _, jp := range js.Parties {
				for _, it := range jp.Items {
					got = append(got, it.Assumed)
				}
			}
			for _, l := range js.Links {
				got = append(got, l.Assumed)
			}
			for _, tr := range js.Transfers {
				got = append(got, tr.Assumed)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) || js.AssumptionNote != p.IdentifierNote {
				t.Errorf("json, %v, step %s: assumed flags %v, want %v; note %q", mode, p.Step.ID, got, want, js.AssumptionNote)
			}
		}
		n := 0
		for _, sc := range doc.Scenarios {
			for _, sec := range sc.Sections {
				for _, l := range sec.Lines {
					if l.Assumed {
						n++
					}
				}
			}
		}
		if n != scenarioLines {
			t.Errorf("json, %v: %d assumed scenario lines, want %d", mode, n, scenarioLines)
		}
	}
}
