package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/lesson"
	"github.com/cyberid/cyberid/markdown"
	"github.com/cyberid/cyberid/words"
)

// TextWidth is the width of the plain-text handout (and of the walkthrough printed to a pipe).
const TextWidth = 80

// plainMarkdown renders Markdown as plain text at a width: no escape codes, so the output is safe for
// files, pipes and printers.
func plainMarkdown(md string, width int) string {
	return strings.Join(markdown.RenderPlain(md, width), "\n")
}

// wrapText wraps plain text to width with an indent on every line after the first.
func wrapText(s string, width int, first, rest string) string {
	lines := strings.Split(ansi.Wrap(s, width-len(rest), " "), "\n")
	for i := range lines {
		if i == 0 {
			lines[i] = first + lines[i]
		} else {
			lines[i] = rest + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}

func entryText(e lesson.Entry) string {
	if e.New {
		return "+ " + e.Tagged()
	}
	return "  " + e.Tagged()
}

func writeText(out io.Writer, w *content.Walkthrough, pages []lesson.Page, opts Options) error {
	b := bufio.NewWriter(out)
	num := lesson.Number(w)
	rule := strings.Repeat("=", TextWidth)
	fmt.Fprintf(b, "%s\n%s\n", strings.ToUpper(words.HandoutTitle), rule)
	fmt.Fprintln(b, wrapText(words.HandoutLede+" Numbers in brackets "+
		"are citations, listed after each step. "+words.HandoutNumbers+" "+words.HandoutTranslations+" '+' marks what is new at a step; (illustrative) marks "+
		"sample values and details that are not from the sources; (assumed) "+words.AssumedLegend, TextWidth, "", ""))
	if banner := whatIfBanner(opts.Assumptions); banner != "" {
		fmt.Fprintf(b, "\n%s\n", wrapText("! "+banner, TextWidth, "", "  "))
	}
	if opts.From > 0 && len(pages) > 0 {
		fmt.Fprintln(b, wrapText(fmt.Sprintf("From step %d of %d, as --step asked; without it, from the first.",
			pages[0].Index+1, pages[0].Total), TextWidth, "", ""))
	}
	platform, centre := paneViews(w, pages, opts)
	for i, p := range pages {
		fmt.Fprintf(b, "\n%s\nStep %d of %d · %s\n%s\n%s\n\n", rule, p.Index+1, p.Total, p.Step.Chapter,
			p.Step.Title, strings.Repeat("-", min(TextWidth, ansi.StringWidth(p.Step.Title))))
		msg := p.Step.Message
		if msg.From != "" {
			fmt.Fprintln(b, wrapText(fmt.Sprintf("Message: %s -> %s: %s", partyName(msg.From), partyName(msg.To), msg.Label),
				TextWidth, "", "  "))
			fmt.Fprintln(b)
		}
		fmt.Fprintln(b, plainMarkdown(p.Narrative, TextWidth))
		writeGroups(b, strings.ToUpper(words.PanePlatform), platform[i])
		if p.IdentifierNote != "" {
			fmt.Fprintf(b, "\n%s\n", wrapText(p.IdentifierNote, TextWidth, "", ""))
		}
		writeGroups(b, strings.ToUpper(words.PaneCentre), centre[i])
		fmt.Fprintf(b, "\n%s\n", strings.ToUpper(words.PaneRisks))
		for _, rk := range p.Risks {
			fmt.Fprintln(b, wrapText(words.RiskLabel+rk.Concern+" "+lesson.MarkText(rk.ConcernMarks), TextWidth, "- ", "  "))
			fmt.Fprintln(b, wrapText(words.OtherSideLabel+rk.Safeguard+" "+lesson.MarkText(rk.SafeguardMarks), TextWidth, "  ", "  "))
		}
		for _, d := range p.Disputes {
			fmt.Fprintln(b, wrapText("! "+words.SourcesDisagree+": "+d.Title+" (see "+words.Disagreements+")", TextWidth, "- ", "  "))
		}
		if len(p.Links) > 0 {
			fmt.Fprintf(b, "\n%s\n", strings.ToUpper(words.LinksTitle))
			for _, l := range p.Links {
				fmt.Fprintln(b, wrapText(lesson.LinkText(l), TextWidth, "- ", "  "))
			}
		}
		fmt.Fprintf(b, "\n%s\n", words.Citations)
		for _, c := range p.Citations {
			writeTextCitation(b, w, c)
		}
		if opts.WithNotes {
			writeTextNotes(b, w, num, p)
		}
	}
	writeTextAppendices(b, w, opts)
	return b.Flush()
}

// writeTextCitation is one citation under its number.
func writeTextCitation(b io.Writer, w *content.Walkthrough, c lesson.Cited) {
	// A no-break space while wrapping keeps the number on the line of the quote's first words (a
	// Chinese quote has no spaces to break at, and would leave "[55]" alone on a line).
	line := wrapText(fmt.Sprintf("[%d]\u00a0\"%s\" (%s, [S%d])", c.N, c.Quote.Text, c.Source.Outlet,
		w.SourceNumber(c.Source.ID)), TextWidth, "", "    ")
	fmt.Fprintln(b, strings.ReplaceAll(line, "\u00a0", " "))
	writeTextTranslation(b, c.Quote, "    ")
}

// writeTextTranslation puts our translation of a quote not in English on lines of its own, labelled.
func writeTextTranslation(b io.Writer, q content.Quote, indent string) {
	if q.Translation != "" {
		fmt.Fprintln(b, wrapText(q.TranslationText(), TextWidth, indent, indent+"  "))
	}
}

func partyName(s string) string { return partyLabel(s) }

func writeGroups(b io.Writer, title string, views []heldView) {
	fmt.Fprintf(b, "\n%s\n", title)
	for _, v := range views {
		fmt.Fprintf(b, "%s\n", v.Title)
		if v.Empty() {
			fmt.Fprintln(b, "  nothing yet")
		}
		for _, e := range v.Changed {
			fmt.Fprintln(b, wrapText(entryText(e), TextWidth, "", "    "))
			// Illustrative once per item: an unsourced item says so on its own line.
			if e.Value != "" && e.Illustrative() {
				fmt.Fprintln(b, wrapText("e.g. "+e.Value, TextWidth, "    ", "    "))
			} else if e.Value != "" {
				fmt.Fprintln(b, wrapText("illustrative: "+e.Value, TextWidth, "    ", "    "))
			}
		}
		if len(v.Unchanged) > 0 {
			fmt.Fprintln(b, wrapText(v.UnchangedText(func(s string) string { return s }, "(assumed)"), TextWidth, "  ", "    "))
		}
	}
}

func writeTextAppendices(b io.Writer, w *content.Walkthrough, opts Options) {
	num := lesson.Number(w)
	rule := strings.Repeat("=", TextWidth)
	fmt.Fprintf(b, "\n%s\n%s\n%s\n", rule, strings.ToUpper(words.Disagreements), rule)
	for _, d := range w.Disagreements {
		fmt.Fprintf(b, "\n%s\n", d.Title)
		for _, s := range d.Sides {
			c := num.Cite(s.Quote)
			fmt.Fprintln(b, wrapText(fmt.Sprintf("%s: [%d] \"%s\" (%s, [S%d])", s.Label, c.N, c.Quote.Text, c.Source.Outlet,
				w.SourceNumber(c.Source.ID)), TextWidth, "- ", "  "))
			writeTextTranslation(b, c.Quote, "  ")
		}
		res := d.Resolution + " " + sourceRefs(w, d.ResolutionCite)
		fmt.Fprintln(b, wrapText(words.BetterEvidence+res, TextWidth, "  ", "  "))
	}
	fmt.Fprintf(b, "\n%s\n%s\n%s\n", rule, strings.ToUpper(words.Glossary), rule)
	for _, t := range w.Glossary {
		head := t.Term
		if t.Chinese != "" {
			head += "  " + t.Chinese
		}
		if t.Pinyin != "" {
			head += "  " + t.Pinyin
		}
		fmt.Fprintf(b, "\n%s\n%s\n", head, wrapText(t.Explanation+" "+sourceRefs(w, t.Cite), TextWidth, "  ", "  "))
	}
	writeTextScenarios(b, w)
	if opts.WithAnswers {
		writeQuestionsText(b, w, true)
	}
	fmt.Fprintf(b, "\n%s\n%s\n%s\n", rule, strings.ToUpper(words.Sources), rule)
	for i, s := range w.Sources {
		line := fmt.Sprintf("[S%d] %s, \"%s\", %s. %s", i+1, s.Outlet, s.Headline, s.DateText(), s.URL)
		if s.Tier == content.TierSecond {
			line += " (second-tier source, confidence " + s.Confidence + ")"
		}
		if s.Upstream != "" {
			line += " " + s.Upstream + "."
		}
		if s.IsCopy() {
			line += " " + s.CopyText()
		}
		fmt.Fprintln(b, wrapText(line, TextWidth, "", "     "))
	}
	fmt.Fprintln(b, "\n"+words.HandoutFair)
}

// writeTextNotes is a step's presenter notes.
func writeTextNotes(b io.Writer, w *content.Walkthrough, num *lesson.Numbering, p lesson.Page) {
	notes, extra := stepNotes(num, p)
	if len(notes) == 0 {
		return
	}
	fmt.Fprintf(b, "\n%s\n%s\n", strings.ToUpper(notesTitle), wrapText(notesLede, TextWidth, "", ""))
	for _, n := range notes {
		fmt.Fprintln(b, wrapText(n.Label+": "+n.line(), TextWidth, "- ", "  "))
	}
	if len(extra) > 0 {
		fmt.Fprintf(b, "%s\n", notesExtra)
		for _, c := range extra {
			writeTextCitation(b, w, c)
		}
	}
}
