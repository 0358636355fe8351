package export

import (
	"fmt"
	"io"
	"strings"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/lesson"
	"github.com/cyberid/cyberid/words"
)

// Scenarios appear in every handout as their own appendix, drawn from the same lesson.ScenarioPage
// values as the "what if" screen.
const scenariosTitle = words.Scenarios

func writeMarkdownScenarios(b io.Writer, w *content.Walkthrough) {
	sps := lesson.BuildScenarios(w)
	if len(sps) == 0 {
		return
	}
	fmt.Fprintf(b, "\n---\n\n## Appendix D. %s\n", mdText(scenariosTitle))
	for _, sp := range sps {
		fmt.Fprintf(b, "\n### %s\n\n%s\n", mdText(sp.Scenario.Title), mdText(sp.Intro.Display()))
		for _, sec := range sp.Blocks() {
			fmt.Fprintf(b, "\n**%s**\n\n", mdText(sec.Title))
			for _, l := range sec.Lines {
				fmt.Fprintf(b, "- %s\n", mdText(l.Display()))
			}
		}
		fmt.Fprintln(b)
		for _, c := range sp.Citations {
			writeMarkdownCitation(b, w, c)
		}
	}
}

func writeTextScenarios(b io.Writer, w *content.Walkthrough) {
	sps := lesson.BuildScenarios(w)
	if len(sps) == 0 {
		return
	}
	rule := strings.Repeat("=", TextWidth)
	fmt.Fprintf(b, "\n%s\n%s\n%s\n", rule, strings.ToUpper(scenariosTitle), rule)
	for _, sp := range sps {
		fmt.Fprintf(b, "\n%s\n%s\n", sp.Scenario.Title, wrapText(sp.Intro.Display(), TextWidth, "", ""))
		for _, sec := range sp.Blocks() {
			fmt.Fprintf(b, "\n%s\n", sec.Title)
			for _, l := range sec.Lines {
				fmt.Fprintln(b, wrapText(l.Display(), TextWidth, "- ", "  "))
			}
		}
		fmt.Fprintf(b, "\n%s\n", words.Citations)
		for _, c := range sp.Citations {
			writeTextCitation(b, w, c)
		}
	}
}

func (h *htmlWriter) scenarios() {
	sps := lesson.BuildScenarios(h.w)
	if len(sps) == 0 {
		return
	}
	h.printf("<section class=\"appendix\" id=\"scenarios\">\n<h2>Appendix D · %s</h2>\n", esc(scenariosTitle))
	for _, sp := range sps {
		h.printf("<div class=\"scenario\" id=\"scenario-%s\">\n<h3>%s</h3>\n<p>%s</p>\n", esc(sp.Scenario.ID),
			esc(sp.Scenario.Title), esc(sp.Intro.Display()))
		for _, sec := range sp.Blocks() {
			h.printf("<h4>%s</h4>\n<ul>\n", esc(sec.Title))
			for _, l := range sec.Lines {
				class := ""
				if l.Illustrative || l.Ours || l.Arithmetic || l.Assumed {
					class = " class=\"illustrative\""
				}
				h.printf("<li%s>%s</li>\n", class, esc(l.Display()))
			}
			h.print("</ul>\n")
		}
		h.print("<ol class=\"citations\">\n")
		for _, c := range sp.Citations {
			h.citation("", c)
		}
		h.print("</ol>\n</div>\n")
	}
	h.print("</section>\n")
}

type jsonScenarioLine struct {
	Text         string         `json:"text"`
	Ours         bool           `json:"our_assumption,omitempty"`
	Arithmetic   bool           `json:"our_arithmetic,omitempty"`
	Illustrative bool           `json:"illustrative,omitempty"`
	Assumed      bool           `json:"assumed,omitempty"` // follows from an assumption (a what-if, a breach)
	Citations    []jsonCitation `json:"citations,omitempty"`
}

type jsonScenarioSection struct {
	Title string             `json:"title"`
	Lines []jsonScenarioLine `json:"lines"`
}

type jsonScenario struct {
	ID        string                `json:"id"`
	Title     string                `json:"title"`
	Kind      string                `json:"kind"`
	Steps     []string              `json:"steps"`
	Intro     jsonScenarioLine      `json:"intro"`
	Sections  []jsonScenarioSection `json:"sections"`
	Citations []jsonCitation        `json:"citations"`
}

func jsonScenarios(w *content.Walkthrough) []jsonScenario {
	var out []jsonScenario
	for _, sp := range lesson.BuildScenarios(w) {
		line := func(l lesson.Line) jsonScenarioLine {
			jl := jsonScenarioLine{Text: l.Text, Ours: l.Ours, Arithmetic: l.Arithmetic, Illustrative: l.Illustrative,
				Assumed: l.Assumed}
			for _, m := range l.Marks {
				if c, ok := sp.Cite(m); ok {
					jl.Citations = append(jl.Citations, toCitation(c))
				}
			}
			return jl
		}
		js := jsonScenario{ID: sp.Scenario.ID, Title: sp.Scenario.Title, Kind: sp.Scenario.Kind,
			Steps: sp.Scenario.Steps, Intro: line(sp.Intro)}
		for _, sec := range sp.Blocks() {
			s := jsonScenarioSection{Title: sec.Title}
			for _, l := range sec.Lines {
				s.Lines = append(s.Lines, line(l))
			}
			js.Sections = append(js.Sections, s)
		}
		for _, c := range sp.Citations {
			js.Citations = append(js.Citations, toCitation(c))
		}
		out = append(out, js)
	}
	return out
}
