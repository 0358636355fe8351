package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/lesson"
	"github.com/cyberid/cyberid/words"
)

// mdEscaper backslash-escapes the characters that mean something in CommonMark or GFM inline text
// (and in table cells), so plain text from the content files reads back exactly as written.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `<`, `\<`, `>`, `\>`,
	`|`, `\|`, `~`, `\~`, `&`, `\&`, `#`, `\#`, "\r\n", " ", "\n", " ",
)

// mdText is plain text made safe for a Markdown paragraph, list item or table cell.
func mdText(s string) string { return mdEscaper.Replace(s) }

func writeMarkdown(out io.Writer, w *content.Walkthrough, pages []lesson.Page, opts Options) error {
	b := bufio.NewWriter(out)
	starts := chapterStarts(pages)
	fmt.Fprintf(b, "# %s\n\n%s\n\n", mdText(words.HandoutTitle), mdText(words.HandoutLede))
	fmt.Fprintf(b, "Numbers in brackets such as [1] are citations, listed after each step; [S1] numbers "+
		"refer to the sources at the end. %s %s *New* marks what a party first holds at a step. *Illustrative* "+
		"marks sample values and details that are not from the sources. *(assumed)* %s\n\n",
		mdText(words.HandoutNumbers), mdText(words.HandoutTranslations), mdText(words.AssumedLegend))
	if banner := whatIfBanner(opts.Assumptions); banner != "" {
		fmt.Fprintf(b, "> **%s**\n\n", mdText(banner))
	}
	fmt.Fprintf(b, "## %s\n\n", words.Contents)
	for i, p := range pages {
		// The blank line after a chapter lets its steps open a nested ordered list: CommonMark lets only
		// a list that starts at 1 interrupt a paragraph, and chapters after the first start later.
		if starts[i] {
			fmt.Fprintf(b, "- **%s**\n\n", mdText(p.Step.Chapter))
		}
		fmt.Fprintf(b, "  %d. %s\n", p.Index+1, mdText(p.Step.Title))
		if i+1 < len(pages) && starts[i+1] {
			fmt.Fprintln(b)
		}
	}
	fmt.Fprintf(b, "\n- **Appendices:** A. %s; B. %s; C. %s; D. %s; %s\n", words.Disagreements, words.Glossary, words.Timeline, words.Scenarios, words.Sources)
	platform, centre := paneViews(w, pages, opts)
	for i, p := range pages {
		if starts[i] {
			fmt.Fprintf(b, "\n---\n\n## %s\n", mdText(p.Step.Chapter))
		}
		writeMarkdownPage(b, w, p, opts, platform[i], centre[i])
	}
	writeMarkdownAppendices(b, w, opts)
	return b.Flush()
}

func writeMarkdownPage(b io.Writer, w *content.Walkthrough, p lesson.Page, opts Options, platform, centre []heldView) {
	fmt.Fprintf(b, "\n### %d. %s\n\n", p.Index+1, mdText(p.Step.Title))
	fmt.Fprintf(b, "*Step %d of %d · %s*\n\n", p.Index+1, p.Total, mdText(p.Step.Chapter))
	writeMarkdownDiagram(b, buildDiagram(p))
	fmt.Fprintf(b, "%s\n", strings.TrimSpace(p.Narrative))

	writeMarkdownPane(b, words.PanePlatform, platform)
	if p.IdentifierNote != "" {
		fmt.Fprintf(b, "\n*%s*\n", mdText(p.IdentifierNote))
	}
	if len(p.Links) > 0 {
		fmt.Fprintf(b, "\n**%s**\n\n", mdText(words.LinksTitle))
		for _, l := range p.Links {
			assumed := ""
			if l.Assumed {
				assumed = " *(assumed)*"
			}
			marks := ""
			if len(l.Marks) > 0 {
				marks = " " + lesson.MarkText(l.Marks)
			}
			fmt.Fprintf(b, "- **%s:** %s%s%s\n", mdText(l.Who), mdText(l.How), marks, assumed)
		}
	}
	writeMarkdownPane(b, words.PaneCentre, centre)

	fmt.Fprintf(b, "\n#### %s\n\n", words.PaneRisks)
	if len(p.Risks) == 0 {
		fmt.Fprintf(b, words.NoNewRisk+"\n")
	} else {
		fmt.Fprintf(b, "| Risk | Other side |\n|---|---|\n")
		for _, r := range p.Risks {
			fmt.Fprintf(b, "| %s %s | %s %s |\n", mdText(r.Concern), lesson.MarkText(r.ConcernMarks),
				mdText(r.Safeguard), lesson.MarkText(r.SafeguardMarks))
		}
	}
	if len(p.Disputes) > 0 {
		fmt.Fprintln(b)
		for _, d := range p.Disputes {
			fmt.Fprintf(b, "> - **%s:** %s (see appendix A)\n", words.SourcesDisagree, mdText(d.Title))
		}
	}

	fmt.Fprintf(b, "\n#### %s\n\n", words.Citations)
	for _, c := range p.Citations {
		writeMarkdownCitation(b, w, c)
	}
	if opts.WithNotes {
		writeMarkdownNotes(b, w, p)
	}
}

// writeMarkdownNotes is a step's presenter notes.
func writeMarkdownNotes(b io.Writer, w *content.Walkthrough, p lesson.Page) {
	notes, extra := stepNotes(lesson.Number(w), p)
	if len(notes) == 0 {
		return
	}
	fmt.Fprintf(b, "\n#### %s\n\n%s\n\n", notesTitle, mdText(notesLede))
	for _, n := range notes {
		fmt.Fprintf(b, "- **%s:** %s\n", mdText(n.Label), mdText(n.line()))
	}
	if len(extra) > 0 {
		fmt.Fprintf(b, "\n%s\n\n", mdText(notesExtra))
		for _, c := range extra {
			writeMarkdownCitation(b, w, c)
		}
	}
}

// writeMarkdownCitation is one citation under its number. A bullet, not an ordered list: Markdown
// renumbers ordered lists from their first number, and the numbers are the walkthrough's.
func writeMarkdownCitation(b io.Writer, w *content.Walkthrough, c lesson.Cited) {
	fmt.Fprintf(b, "- %s (%s, [S%d])%s\n", mdQuote(c), mdText(c.Source.Outlet), w.SourceNumber(c.Source.ID),
		mdTranslation(c.Quote))
}

// mdQuote is a quote under its number: [17] "…".
func mdQuote(c lesson.Cited) string { return fmt.Sprintf("[%d] \"%s\"", c.N, mdText(c.Quote.Text)) }

// mdTranslation is our translation of a quote not in English, on a line of its own in the same list
// item (a hard break, then an indented line), in italics and labelled; "" for a quote in English.
func mdTranslation(q content.Quote) string {
	if q.Translation == "" {
		return ""
	}
	return "\\\n  *" + mdText(q.TranslationText()) + "*"
}

// writeMarkdownDiagram draws who sends what as a table: the step's action first, then the data.
func writeMarkdownDiagram(b io.Writer, d diagram) {
	if len(d.Arrows) == 0 {
		if d.Caption != "" {
			fmt.Fprintf(b, "**Who sends what:** %s\n\n", mdText(d.Caption))
		}
		return
	}
	fmt.Fprintf(b, "**Who sends what**\n\n| From | | To | What |\n|---|:-:|---|---|\n")
	for _, a := range d.Arrows {
		what := mdText(a.Label)
		if a.Message {
			what = "**" + what + "** (this step)"
		}
		if a.Assumed {
			what += " *(assumed)*"
		}
		fmt.Fprintf(b, "| %s | → | %s | %s |\n", mdText(partyLabel(string(a.From))), mdText(partyLabel(string(a.To))), what)
	}
	fmt.Fprintln(b)
}

// writeMarkdownPane is one holdings pane as a table: party, item, evidence, illustrative sample; what
// has not changed since an earlier step is named in one row.
func writeMarkdownPane(b io.Writer, title string, views []heldView) {
	fmt.Fprintf(b, "\n#### %s\n\n| Party | Item | Evidence | Sample value |\n|---|---|---|---|\n", title)
	for _, v := range views {
		party := mdText(v.Title)
		if v.Empty() {
			fmt.Fprintf(b, "| %s | *nothing yet* | | |\n", party)
		}
		for _, e := range v.Changed {
			item := mdText(e.Label)
			if e.New {
				item = "**" + item + "** (new)"
			}
			// Illustrative once per item: an unsourced item says so in its evidence, a sourced one
			// beside its sample value.
			evidence := lesson.MarkText(e.Marks)
			if e.Illustrative() {
				evidence = "*illustrative*"
			}
			if e.Assumed {
				evidence += " *(assumed)*"
			}
			value := ""
			if e.Value != "" {
				value = "`" + strings.ReplaceAll(e.Value, "`", "'") + "`"
				if !e.Illustrative() {
					value += " *(illustrative)*"
				}
				value = strings.ReplaceAll(value, "|", `\|`)
			}
			fmt.Fprintf(b, "| %s | %s | %s | %s |\n", party, item, evidence, value)
			party = ""
		}
		if len(v.Unchanged) > 0 {
			fmt.Fprintf(b, "| %s | %s | | |\n", party, v.UnchangedText(mdText, "*(assumed)*"))
		}
	}
}

func writeMarkdownAppendices(b io.Writer, w *content.Walkthrough, opts Options) {
	num := lesson.Number(w)
	fmt.Fprintf(b, "\n---\n\n## Appendix A. %s\n", words.Disagreements)
	for _, d := range w.Disagreements {
		fmt.Fprintf(b, "\n### %s\n\n", mdText(d.Title))
		for _, s := range d.Sides {
			c := num.Cite(s.Quote)
			fmt.Fprintf(b, "- **%s:** %s (%s, [S%d])%s\n", mdText(s.Label), mdQuote(c),
				mdText(c.Source.Outlet), w.SourceNumber(c.Source.ID), mdTranslation(c.Quote))
		}
		fmt.Fprintf(b, "\n**Better evidence:** %s %s\n", mdText(d.Resolution), sourceRefs(w, d.ResolutionCite))
	}

	fmt.Fprintf(b, "\n---\n\n## Appendix B. Glossary\n\n| Term | Chinese | Pinyin | Meaning |\n|---|---|---|---|\n")
	for _, t := range w.Glossary {
		fmt.Fprintf(b, "| **%s** | %s | %s | %s %s |\n", mdText(t.Term), mdText(t.Chinese), mdText(t.Pinyin),
			mdText(t.Explanation), sourceRefs(w, t.Cite))
	}

	fmt.Fprintf(b, "\n---\n\n## Appendix C. Timeline\n\n| Date | Event | Step |\n|---|---|---|\n")
	for _, d := range w.Timeline {
		step := ""
		if i, ok := w.StepIndex(d.Step); ok {
			step = fmt.Sprintf("%d. %s", i+1, mdText(w.Steps[i].Title))
		}
		fmt.Fprintf(b, "| %s | %s %s | %s |\n", mdText(d.Date), mdText(d.Event), sourceRefs(w, d.Cite), step)
	}

	writeMarkdownScenarios(b, w)

	if opts.WithAnswers {
		writeQuestionsMarkdown(b, w, true)
	}
	fmt.Fprintf(b, "\n---\n\n## %s\n\n", words.Sources)
	for i, s := range w.Sources {
		fmt.Fprintf(b, "- **[S%d]** %s, \"%s\", %s. <%s>", i+1, mdText(s.Outlet), mdText(s.Headline),
			mdText(s.DateText()), s.URL)
		if s.Tier == content.TierSecond {
			fmt.Fprintf(b, " *(second-tier source, confidence %s)*", mdText(s.Confidence))
		}
		if s.Upstream != "" {
			fmt.Fprintf(b, " %s.", mdText(s.Upstream))
		}
		if s.IsCopy() {
			fmt.Fprintf(b, " **%s**", mdText(s.CopyText()))
		}
		fmt.Fprintln(b)
	}
	fmt.Fprintf(b, "\n%s\n", words.HandoutFair)
}
