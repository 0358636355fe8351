package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/lesson"
)

// QuestionFormats are the formats that can carry the questions (Options.WithAnswers).
var QuestionFormats = []string{"html", "md", "txt"}

// choiceLetter labels choices A, B, C… on paper, where a letter reads better than a number.
func choiceLetter(n int) string { return string(rune('A' + n - 1)) }

// WriteQuestions writes the "check your understanding" questions, chapter by chapter and numbered
// through, and with withAnswers an answer key after them: the right choice, why, and the quotes that
// settle it with their [S n] source numbers (the handout's sources list). It is meant to follow a
// handout written by Write in the same format.
func WriteQuestions(out io.Writer, w *content.Walkthrough, format string, withAnswers bool) error {
	b := bufio.NewWriter(out)
	switch format {
	case "txt":
		writeQuestionsText(b, w, withAnswers)
	case "md":
		writeQuestionsMarkdown(b, w, withAnswers)
	case "html":
		h := &htmlWriter{b: b, w: w}
		h.writeQuestions(withAnswers)
	default:
		return fmt.Errorf("questions are written only as %s, not %q", strings.Join(QuestionFormats, ", "), format)
	}
	return b.Flush()
}

// settles is the quotes behind an answer: [n] "…" (Outlet, [S n]) (our translation, not a quote: …);
// … with esc applied to the text. [n] is the quote's number in the handout.
func settles(w *content.Walkthrough, q content.Question, esc func(string) string) string {
	num := lesson.Number(w)
	var parts []string
	for _, id := range q.Cite {
		c := num.Cite(id)
		part := fmt.Sprintf("[%d] \"%s\" (%s, [S%d])", c.N, esc(c.Quote.Text), esc(c.Source.Outlet), w.SourceNumber(c.Source.ID))
		if c.Quote.Translation != "" {
			part += " " + esc(c.Quote.TranslationText())
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, "; ")
}

func writeQuestionsText(b io.Writer, w *content.Walkthrough, withAnswers bool) {
	rule := strings.Repeat("=", TextWidth)
	fmt.Fprintf(b, "\n%s\nCHECK YOUR UNDERSTANDING\n%s\n", rule, rule)
	n := 0
	for _, ch := range w.Chapters() {
		qs := w.ChapterQuestions(ch)
		if len(qs) == 0 {
			continue
		}
		fmt.Fprintf(b, "\n%s\n%s\n", ch, strings.Repeat("-", len([]rune(ch))))
		for _, q := range qs {
			n++
			fmt.Fprintln(b, wrapText(fmt.Sprintf("%d. %s", n, q.Prompt), TextWidth, "", "   "))
			for k, c := range q.Choices {
				fmt.Fprintln(b, wrapText(fmt.Sprintf("%s. %s", choiceLetter(k+1), c), TextWidth, "   ", "      "))
			}
			fmt.Fprintln(b)
		}
	}
	if !withAnswers {
		return
	}
	fmt.Fprintf(b, "%s\nANSWER KEY\n%s\n\n", rule, rule)
	n = 0
	for _, ch := range w.Chapters() {
		for _, q := range w.ChapterQuestions(ch) {
			n++
			head := fmt.Sprintf("%d. %s (%s). %s", n, choiceLetter(q.Answer), q.Choices[q.Answer-1], q.Explanation)
			fmt.Fprintln(b, wrapText(head, TextWidth, "", "   "))
			fmt.Fprintln(b, wrapText("Source: "+settles(w, q, func(s string) string { return s }), TextWidth, "   ", "   "))
			fmt.Fprintln(b)
		}
	}
}

func writeQuestionsMarkdown(b io.Writer, w *content.Walkthrough, withAnswers bool) {
	fmt.Fprintf(b, "\n---\n\n## Check your understanding\n")
	n := 0
	for _, ch := range w.Chapters() {
		qs := w.ChapterQuestions(ch)
		if len(qs) == 0 {
			continue
		}
		fmt.Fprintf(b, "\n### %s\n", mdText(ch))
		for _, q := range qs {
			n++
			fmt.Fprintf(b, "\n**%d.** %s\n\n", n, mdText(q.Prompt))
			for k, c := range q.Choices {
				fmt.Fprintf(b, "- %s. %s\n", choiceLetter(k+1), mdText(c))
			}
		}
	}
	if !withAnswers {
		return
	}
	fmt.Fprintf(b, "\n## Answer key\n\n")
	n = 0
	for _, ch := range w.Chapters() {
		for _, q := range w.ChapterQuestions(ch) {
			n++
			fmt.Fprintf(b, "%d. **%s** (%s). %s Source: %s\n", n, choiceLetter(q.Answer), mdText(q.Choices[q.Answer-1]),
				mdText(q.Explanation), settles(w, q, mdText))
		}
	}
}

// questions is the HTML handout's appendix of questions and their answer key, before the sources.
func (h *htmlWriter) questions() { h.writeQuestions(true) }

func (h *htmlWriter) writeQuestions(withAnswers bool) {
	w := h.w
	h.print("<section class=\"appendix\" id=\"questions\">\n<h2>Check your understanding</h2>\n")
	n := 0
	for _, ch := range w.Chapters() {
		qs := w.ChapterQuestions(ch)
		if len(qs) == 0 {
			continue
		}
		h.printf("<h3>%s</h3>\n", esc(ch))
		for _, q := range qs {
			n++
			h.printf("<div class=\"question\"><p><strong>%d.</strong> %s</p>\n<ol type=\"A\">\n", n, esc(q.Prompt))
			for _, c := range q.Choices {
				h.printf("<li>%s</li>\n", esc(c))
			}
			h.print("</ol></div>\n")
		}
	}
	if withAnswers {
		h.print("<h3 id=\"answers\">Answer key</h3>\n<ol class=\"answers\">\n")
		for _, ch := range w.Chapters() {
			for _, q := range w.ChapterQuestions(ch) {
				h.printf("<li><strong>%s</strong> (%s). %s <span class=\"answer-src\">Source: %s</span></li>\n",
					choiceLetter(q.Answer), esc(q.Choices[q.Answer-1]), esc(q.Explanation), settles(w, q, esc))
			}
		}
		h.print("</ol>\n")
	}
	h.print("</section>\n")
}
