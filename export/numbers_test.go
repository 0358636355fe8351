package export

import (
	"encoding/json"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cyberid/cyberid/flow"
	"github.com/cyberid/cyberid/lesson"
)

// citationEntry is one item of a citation list as a handout prints it: the number and the quote.
type citationEntry struct {
	n     int
	quote string // squashed for txt, whose lines wrap inside a quote
}

var (
	mdCitation   = regexp.MustCompile(`(?m)^- \[(\d+)\] "(.*)" \(`)
	htmlCitation = regexp.MustCompile(`<li(?: id="([^"]*)")? value="(\d+)"><span class="quote"(?: lang="zh")?>“([^<]*)”</span>`)
	// htmlAgain is a quote a step cites that an earlier step printed: a link back to that entry.
	htmlAgain   = regexp.MustCompile(`<li id="cite-[^"]*"><a href="#([^"]*)">\[(\d+)\]</a></li>`)
	txtCitation = regexp.MustCompile(`(?m)^\[(\d+)\] "`)
)

// citationEntries reads every citation list entry (after each step and in the scenarios) back from a
// handout.
func citationEntries(t *testing.T, format string, out []byte) []citationEntry {
	t.Helper()
	var es []citationEntry
	atoi := func(s string) int { n, _ := strconv.Atoi(s); return n }
	switch format {
	case "md":
		for _, m := range mdCitation.FindAllStringSubmatch(string(out), -1) {
			es = append(es, citationEntry{atoi(m[1]), m[2]})
		}
	case "html":
		printed := map[string]citationEntry{}
		for _, m := range htmlCitation.FindAllStringSubmatch(string(out), -1) {
			e := citationEntry{atoi(m[2]), html.UnescapeString(m[3])}
			es = append(es, e)
			if m[1] != "" {
				printed[m[1]] = e
			}
		}
		// A quote printed at an earlier step counts here too, as the entry its link leads to, which
		// must carry the same number.
		for _, m := range htmlAgain.FindAllStringSubmatch(string(out), -1) {
			e, ok := printed[m[1]]
			if !ok || e.n != atoi(m[2]) {
				t.Errorf("html: [%s] links to #%s, which is not that quote", m[2], m[1])
				continue
			}
			es = append(es, e)
		}
	case "txt":
		// An entry is its first line and the indented lines after it.
		lines := strings.Split(string(out), "\n")
		for i, l := range lines {
			m := txtCitation.FindStringSubmatch(l)
			if m == nil {
				continue
			}
			text := strings.TrimPrefix(l, m[0])
			for j := i + 1; j < len(lines) && strings.HasPrefix(lines[j], "    "); j++ {
				text += lines[j]
			}
			es = append(es, citationEntry{atoi(m[1]), squash(text)})
		}
	default:
		t.Fatalf("no reader for %s", format)
	}
	return es
}

// The same quote has the same number on every step and in md, html, txt and json, and it is the
// number lesson gives it (the screens print those).
func TestOneNumberInEveryFormat(t *testing.T) {
	w := load(t)
	num := lesson.Number(w)
	pages := lesson.Build(w, flow.Assumptions{})
	want := 0
	for _, p := range pages {
		want += len(p.Citations)
	}
	for _, sp := range lesson.BuildScenarios(w) {
		want += len(sp.Citations)
	}
	for _, format := range []string{"md", "html", "txt"} {
		es := citationEntries(t, format, render(t, w, format, Options{}))
		if len(es) != want {
			t.Errorf("%s: %d citation entries, want %d (every step's and every scenario's)", format, len(es), want)
		}
		for _, e := range es {
			c, ok := num.Citation(e.n)
			if !ok {
				t.Errorf("%s: citation [%d] is no quote's number", format, e.n)
				continue
			}
			text := c.Quote.Text
			switch format {
			case "md":
				text = mdText(text)
			case "txt":
				text, e.quote = squash(text), e.quote[:min(len(e.quote), len(squash(text)))]
			}
			if e.quote != text {
				t.Errorf("%s: [%d] is %q, want quote %s %q", format, e.n, e.quote, c.Quote.ID, text)
			}
		}
	}

	var h struct {
		Steps []struct {
			ID        string         `json:"id"`
			Citations []jsonCitation `json:"citations"`
		} `json:"steps"`
		Scenarios []struct {
			Citations []jsonCitation `json:"citations"`
		} `json:"scenarios"`
		Citations []jsonCitation `json:"citations"`
	}
	if err := json.Unmarshal(render(t, w, "json", Options{}), &h); err != nil {
		t.Fatal(err)
	}
	byNumber := map[int]string{}
	check := func(where string, c jsonCitation) {
		if prev, ok := byNumber[c.Number]; ok && prev != c.QuoteID {
			t.Errorf("json %s: [%d] is %s here and %s elsewhere", where, c.Number, c.QuoteID, prev)
		}
		byNumber[c.Number] = c.QuoteID
		if num.Of(c.QuoteID) != c.Number {
			t.Errorf("json %s: %s is [%d], want [%d]", where, c.QuoteID, c.Number, num.Of(c.QuoteID))
		}
	}
	for i, s := range h.Steps {
		if len(s.Citations) != len(pages[i].Citations) {
			t.Errorf("json step %s: %d citations, want %d", s.ID, len(s.Citations), len(pages[i].Citations))
		}
		for _, c := range s.Citations {
			check("step "+s.ID, c)
		}
	}
	for _, sc := range h.Scenarios {
		for _, c := range sc.Citations {
			check("scenario", c)
		}
	}
	if len(h.Citations) != len(w.Quotes) {
		t.Errorf("json: %d citations in the full list, want every quote (%d)", len(h.Citations), len(w.Quotes))
	}
	for _, c := range h.Citations {
		check("citations", c)
	}
}

// Every quote not in English is printed with our translation, labelled as ours, wherever its text
// is printed, in every format.
func TestTranslationsInEveryFormat(t *testing.T) {
	w := load(t)
	translated := 0
	for _, format := range Formats() {
		out := string(render(t, w, format, Options{}))
		flat := squash(html.UnescapeString(out))
		for _, q := range w.Quotes {
			if q.Translation == "" {
				continue
			}
			translated++
			text := q.Text
			if format == "md" {
				text = mdText(text)
			}
			quoted := strings.Count(flat, squash(text))
			if format == "json" {
				quoted = strings.Count(out, `"quote": `+jsonString(t, q.Text))
			}
			if quoted == 0 {
				continue // not printed in this handout
			}
			label := squash(q.TranslationText())
			switch format {
			case "md":
				label = squash(mdText(q.TranslationText()))
			case "json":
				label = `"translation": ` + jsonString(t, q.Translation)
				flat = out
			}
			if n := strings.Count(flat, label); n != quoted {
				t.Errorf("%s: %s is printed %d times, with our labelled translation %d times", format, q.ID, quoted, n)
			}
			flat = squash(html.UnescapeString(out))
		}
	}
	if translated == 0 {
		t.Fatal("no translated quote: the test shows nothing")
	}
}

func jsonString(t *testing.T, s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), `\u0026`, "&")
}
