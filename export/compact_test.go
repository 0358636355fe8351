package export

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/cyberid/cyberid/flow"
	"github.com/cyberid/cyberid/lesson"
)

// Every entry a party holds is on its page, printed in full when it is new or changed and named as
// unchanged otherwise, since a step at which it really had its present content.
func TestHeldViewsShowWhatChanged(t *testing.T) {
	w := load(t)
	for _, mode := range flow.IdentifierModes {
		pages := lesson.Build(w, flow.Assumptions{Identifier: mode})
		for _, pane := range []func(lesson.Page) []lesson.Group{
			func(p lesson.Page) []lesson.Group { return p.Platform },
			func(p lesson.Page) []lesson.Group { return p.Centre },
		} {
			views := heldViews(pages, pane)
			for i, p := range pages {
				for g, group := range pane(p) {
					v := views[i][g]
					if len(v.Changed)+len(v.Unchanged) != len(group.Entries) {
						t.Fatalf("%v step %d %s: %d changed + %d unchanged, want %d", mode, i+1, v.Title,
							len(v.Changed), len(v.Unchanged), len(group.Entries))
					}
					if i == 0 && len(v.Unchanged) > 0 {
						t.Errorf("step 1 %s: the first page must print everything", v.Title)
					}
					for _, e := range v.Unchanged {
						if e.New {
							t.Errorf("%v step %d: new item %q named as unchanged", mode, i+1, e.Label)
						}
						// It is held, the same, at the step it is said to be unchanged since.
						found := false
						for _, then := range pane(pages[v.Since-1]) {
							for _, o := range then.Entries {
								if then.Party == group.Party && o.Label == e.Label && o.Value == e.Value &&
									fmt.Sprint(o.Marks) == fmt.Sprint(e.Marks) && o.Assumed == e.Assumed {
									found = true
								}
							}
						}
						if !found || v.Since > p.Index {
							t.Errorf("%v step %d: %q is not held the same at step %d", mode, i+1, e.Label, v.Since)
						}
					}
					for _, e := range v.Changed {
						if i > 0 && !e.New {
							// Printed again: it must differ from the page before.
							for _, before := range pane(pages[i-1]) {
								for _, o := range before.Entries {
									if before.Party == group.Party && o.Label == e.Label && o.Value == e.Value &&
										fmt.Sprint(o.Marks) == fmt.Sprint(e.Marks) && o.Assumed == e.Assumed {
										t.Errorf("%v step %d: %q printed again unchanged", mode, i+1, e.Label)
									}
								}
							}
						}
					}
				}
			}
		}
	}
}

// The central database's sample name is printed once in every handout, at the step it arrives,
// and each later step says the centre's holdings are unchanged since a step.
func TestHandoutsPrintAHoldingOnce(t *testing.T) {
	w := load(t)
	for _, f := range []string{"html", "md", "txt"} {
		out := string(render(t, w, f, Options{}))
		if n := strings.Count(out, "Wang Fang"); n != 1 {
			t.Errorf("%s: the sample name is printed %d times, want once", f, n)
		}
		if n := strings.Count(out, "Unchanged since step "); n < 10 {
			t.Errorf("%s: %d 'unchanged since' lines, want one on most steps", f, n)
		}
	}
}

// "Illustrative" once per item: an unsourced item says so once, with its sample value; a sourced
// item's sample value is labelled once.
func TestIllustrativeOncePerItem(t *testing.T) {
	w := load(t)
	for _, mode := range flow.IdentifierModes {
		opts := Options{Assumptions: flow.Assumptions{Identifier: mode}}
		html := string(render(t, w, "html", opts))
		for _, row := range regexp.MustCompile(`(?s)<tr[^>]*><td>.*?</tr>`).FindAllString(html, -1) {
			if n := strings.Count(row, "tag-illus"); n > 1 {
				t.Errorf("html %v: %d illustrative labels in one row: %s", mode, n, row)
			}
		}
		md := string(render(t, w, "md", opts))
		for _, row := range strings.Split(md, "\n") {
			if strings.HasPrefix(row, "|") && strings.Count(strings.ToLower(row), "illustrative") > 1 {
				t.Errorf("md %v: %q", mode, row)
			}
		}
		lines := strings.Split(string(render(t, w, "txt", opts)), "\n")
		for i := 1; i < len(lines); i++ {
			if strings.HasPrefix(strings.TrimSpace(lines[i]), "illustrative:") && strings.Contains(lines[i-1], "(illustrative)") {
				t.Errorf("txt %v: %q then %q", mode, lines[i-1], lines[i])
			}
		}
	}
}

// With answers, every handout format has the questions and the key before the sources, which end it.
func TestQuestionsBeforeSources(t *testing.T) {
	w := load(t)
	heads := map[string][3]string{
		"html": {`<section class="appendix" id="questions">`, `<h3 id="answers">Answer key</h3>`, `<section class="appendix" id="sources">`},
		"md":   {"## Check your understanding", "## Answer key", "## Sources"},
		"txt":  {"CHECK YOUR UNDERSTANDING", "ANSWER KEY", "\nSOURCES\n"},
	}
	for f, h := range heads {
		out := string(render(t, w, f, Options{WithAnswers: true}))
		q, a, s := strings.Index(out, h[0]), strings.Index(out, h[1]), strings.LastIndex(out, h[2])
		if q < 0 || a < q || s < a {
			t.Errorf("%s: questions at %d, answers at %d, sources at %d: want them in that order", f, q, a, s)
		}
		without := string(render(t, w, f, Options{}))
		if strings.Contains(without, h[0]) {
			t.Errorf("%s: questions without --with-answers", f)
		}
	}
}

// A handout from a later step (--step) dates what is unchanged from the whole walkthrough, and
// prints its first step in full.
func TestUnchangedSinceFromALaterStep(t *testing.T) {
	w := load(t)
	pages := lesson.Build(w, flow.Assumptions{})
	last := fmt.Sprintf("Step %d of %d", len(pages), len(pages))
	tail := func(out string) string { return out[strings.LastIndex(out, last):] }
	full := string(render(t, w, "txt", Options{}))
	from := string(render(t, w, "txt", Options{From: len(pages) - 2}))
	if tail(full) != tail(from) {
		t.Errorf("the last step differs when the handout starts two steps before it:\n%s\n---\n%s", tail(full), tail(from))
	}
	first := from[strings.Index(from, fmt.Sprintf("Step %d of", len(pages)-1)):strings.Index(from, last)]
	if strings.Contains(first, "Unchanged since") || !strings.Contains(first, "Wang Fang") {
		t.Errorf("the first step printed is not in full:\n%s", first)
	}
}
