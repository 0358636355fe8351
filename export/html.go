package export

import (
	"bufio"
	"bytes"
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/flow"
	"github.com/cyberid/cyberid/lesson"
	"github.com/cyberid/cyberid/words"
)

// The HTML handout is one self-contained file: inline CSS, no scripts, nothing fetched. Links to the
// sources are plain <a href> links, which a browser follows only when clicked.

var esc = html.EscapeString

// htmlWriter carries what every part of the page needs.
type htmlWriter struct {
	b    *bufio.Writer
	w    *content.Walkthrough
	md   goldmark.Markdown
	opts Options
	buf  bytes.Buffer
	// platform and centre are, per page, what each party holds, split into what changed at the step
	// and what has not changed since an earlier one (heldViews).
	platform, centre [][]heldView
	// quoted is where each quote was first printed in full: its anchor. A later step lists it in one
	// line that points back there.
	quoted   map[int]string
	quotedAt map[int]int // the step number that printed it
}

func (h *htmlWriter) printf(format string, a ...any) { fmt.Fprintf(h.b, format, a...) }
func (h *htmlWriter) print(s string)                 { h.b.WriteString(s) }

func writeHTML(out io.Writer, w *content.Walkthrough, pages []lesson.Page, opts Options) error {
	// goldmark's defaults: CommonMark, raw HTML in the source is dropped, no typographic rewriting (so
	// quoted words stay exactly as the content files write them).
	h := &htmlWriter{b: bufio.NewWriter(out), w: w, md: goldmark.New(), opts: opts, quoted: map[int]string{}, quotedAt: map[int]int{}}
	h.platform, h.centre = paneViews(w, pages, opts)
	starts := chapterStarts(pages)
	h.printf("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"+
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"+
		"<meta name=\"generator\" content=\"cyberid export\">\n<title>%s</title>\n<style>\n%s</style>\n</head>\n<body>\n",
		esc(words.HandoutTitle), handoutCSS)
	h.cover(pages, starts)
	h.print("<main>\n")
	chapter := 0
	for i, p := range pages {
		if starts[i] {
			if chapter > 0 {
				h.print("</section>\n")
			}
			chapter++
			h.printf("<section class=\"chapter\" id=\"chapter-%d\">\n<h2 class=\"chapter-title\"><span class=\"chapter-no\">Chapter %d</span> %s</h2>\n",
				chapter, chapter, esc(p.Step.Chapter))
		}
		if err := h.page(p, i); err != nil {
			return err
		}
	}
	if chapter > 0 {
		h.print("</section>\n")
	}
	h.appendices()
	h.printf("</main>\n<footer class=\"colophon\"><p>%s</p></footer>\n</body>\n</html>\n", esc(words.HandoutFair))
	return h.b.Flush()
}

func (h *htmlWriter) cover(pages []lesson.Page, starts []bool) {
	h.printf("<header class=\"cover\">\n<h1>%s</h1>\n<p class=\"lede\">%s</p>\n", esc(words.HandoutTitle), esc(words.HandoutLede))
	h.print("<p class=\"howto\">Numbers in brackets such as <span class=\"mark\">[1]</span> are citations, listed " +
		"after each step; <span class=\"mark\">[S1]</span> numbers refer to the sources at the end. " +
		esc(words.HandoutNumbers) + " " + esc(words.HandoutTranslations) + " " +
		"<span class=\"tag tag-new\">new</span> marks what a party first holds at a step; " +
		"<span class=\"tag tag-illus\">illustrative</span> marks sample values and details that are not from the sources; " +
		"<span class=\"tag tag-assumed\">assumed</span> " + esc(words.AssumedLegend) + "</p>\n")
	if banner := whatIfBanner(h.opts.Assumptions); banner != "" {
		h.printf("<p class=\"what-if\"><strong>%s</strong></p>\n", esc(banner))
	}
	h.printf("<nav class=\"toc\" aria-label=\"%s\">\n<h2>%s</h2>\n<ul class=\"toc-chapters\">\n", esc(words.Contents), esc(words.Contents))
	for i, p := range pages {
		if starts[i] {
			if i > 0 {
				h.print("</ol></li>\n")
			}
			h.printf("<li><span class=\"toc-chapter\">%s</span><ol start=\"%d\">\n", esc(p.Step.Chapter), p.Index+1)
		}
		h.printf("<li><a href=\"#%s\">%s</a></li>\n", stepAnchor(p), esc(p.Step.Title))
	}
	if len(pages) > 0 {
		h.print("</ol></li>\n")
	}
	h.print("<li><span class=\"toc-chapter\">Appendices</span><ul>\n" +
		"<li><a href=\"#disagreements\">A. " + esc(words.Disagreements) + "</a></li>\n" +
		"<li><a href=\"#glossary\">B. " + esc(words.Glossary) + "</a></li>\n" +
		"<li><a href=\"#timeline\">C. " + esc(words.Timeline) + "</a></li>\n" +
		"<li><a href=\"#scenarios\">D. " + esc(words.Scenarios) + "</a></li>\n" +
		questionsTOC(h.opts) +
		"<li><a href=\"#sources\">" + esc(words.Sources) + "</a></li>\n</ul></li>\n</ul>\n</nav>\n</header>\n")
}

// questionsTOC is the contents' line for the questions, when the handout has them.
func questionsTOC(opts Options) string {
	if !opts.WithAnswers {
		return ""
	}
	return "<li><a href=\"#questions\">Check your understanding</a> and <a href=\"#answers\">answer key</a></li>\n"
}

// marks writes citation numbers as one mark, each number a link to the step's citation list.
func (h *htmlWriter) marks(p lesson.Page, ms []int) string { return markHTML(lesson.MarkText(ms), p) }

// markHTML links each number of a mark ("[1,3–5]") to its citation on the page; a range links its
// two ends. The brackets, commas and dash stay plain text, so the mark reads as it does elsewhere.
func markHTML(mark string, p lesson.Page) string {
	if mark == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString("<span class=\"mark\">[")
	for i, part := range strings.Split(mark[1:len(mark)-1], ",") {
		if i > 0 {
			b.WriteString(",")
		}
		for j, end := range strings.Split(part, lesson.RangeDash) {
			if j > 0 {
				b.WriteString(lesson.RangeDash)
			}
			n, _ := strconv.Atoi(end)
			if _, ok := p.Cite(n); ok {
				fmt.Fprintf(&b, "<a href=\"#%s\">%d</a>", citeAnchor(p, n), n)
			} else {
				b.WriteString(esc(end))
			}
		}
	}
	b.WriteString("]</span>")
	return b.String()
}

// linkMarks turns the [n] markers in rendered narrative HTML into links, touching text only (never
// the inside of a tag). Markers already inside a link are left alone, since links cannot nest.
func linkMarks(src string, p lesson.Page) string {
	var b strings.Builder
	inLink := false
	for len(src) > 0 {
		lt := strings.IndexByte(src, '<')
		text := src
		if lt >= 0 {
			text = src[:lt]
		}
		if inLink {
			b.WriteString(text)
		} else {
			b.WriteString(lesson.MarkPattern.ReplaceAllStringFunc(text, func(m string) string {
				return markHTML(m, p)
			}))
		}
		if lt < 0 {
			break
		}
		gt := strings.IndexByte(src[lt:], '>')
		if gt < 0 {
			b.WriteString(src[lt:])
			break
		}
		tag := src[lt : lt+gt+1]
		switch {
		case strings.HasPrefix(tag, "<a ") || tag == "<a>":
			inLink = true
		case tag == "</a>":
			inLink = false
		}
		b.WriteString(tag)
		src = src[lt+gt+1:]
	}
	return b.String()
}

func (h *htmlWriter) page(p lesson.Page, i int) error {
	h.printf("<section class=\"step\" id=\"%s\">\n<header class=\"step-head\"><p class=\"kicker\">Step %d of %d · %s</p>\n<h3>%s</h3></header>\n",
		stepAnchor(p), p.Index+1, p.Total, esc(p.Step.Chapter), esc(p.Step.Title))
	h.diagram(buildDiagram(p))
	h.buf.Reset()
	if err := h.md.Convert([]byte(p.Narrative), &h.buf); err != nil {
		return fmt.Errorf("step %s: narrative: %w", p.Step.ID, err)
	}
	h.printf("<div class=\"narrative\">\n%s</div>\n", linkMarks(h.buf.String(), p))

	h.print("<div class=\"panes\">\n<div class=\"pane pane-platform\">\n")
	h.holdings(p, words.PanePlatform, h.platform[i])
	if p.IdentifierNote != "" {
		h.printf("<p class=\"assumed-note\">%s</p>\n", esc(p.IdentifierNote))
	}
	if len(p.Links) > 0 {
		h.printf("<div class=\"links\"><h5>%s</h5>\n<ul>\n", esc(words.LinksTitle))
		for _, l := range p.Links {
			assumed := ""
			if l.Assumed {
				assumed = " <span class=\"tag tag-assumed\">assumed</span>"
			}
			marks := ""
			if len(l.Marks) > 0 {
				marks = " " + h.marks(p, l.Marks)
			}
			h.printf("<li><strong>%s:</strong> %s%s%s</li>\n", esc(l.Who), esc(l.How), marks, assumed)
		}
		h.print("</ul></div>\n")
	}
	h.print("</div>\n<div class=\"pane pane-centre\">\n")
	h.holdings(p, words.PaneCentre, h.centre[i])
	h.print("</div>\n<div class=\"pane pane-risks\">\n")
	h.printf("<h4>%s</h4>\n", esc(words.PaneRisks))
	if len(p.Risks) == 0 {
		h.printf("<p class=\"empty\">%s</p>\n", esc(words.NoNewRisk))
	} else {
		h.print("<table class=\"risks\">\n<thead><tr><th scope=\"col\">Risk</th><th scope=\"col\">Other side</th></tr></thead>\n<tbody>\n")
		for _, r := range p.Risks {
			h.printf("<tr><td class=\"concern\">%s %s</td><td class=\"safeguard\">%s %s</td></tr>\n",
				esc(r.Concern), h.marks(p, r.ConcernMarks), esc(r.Safeguard), h.marks(p, r.SafeguardMarks))
		}
		h.print("</tbody>\n</table>\n")
	}
	for _, d := range p.Disputes {
		h.printf("<p class=\"dispute\"><strong>"+words.SourcesDisagree+":</strong> %s (see <a href=\"#dispute-%s\">appendix A</a>)</p>\n",
			esc(d.Title), esc(d.ID))
	}
	h.print("</div>\n</div>\n")

	// Each quote is printed in full once, at the first step that cites it; a later step names it in
	// one line that points back there.
	h.printf("<div class=\"citations\">\n<h4>%s</h4>\n<ol>\n", esc(words.Citations))
	var again []lesson.Cited
	for _, c := range p.Citations {
		if _, ok := h.quoted[c.N]; ok {
			again = append(again, c)
			continue
		}
		h.quoted[c.N], h.quotedAt[c.N] = citeAnchor(p, c.N), p.Index+1
		h.citation(citeAnchor(p, c.N), c)
	}
	h.print("</ol>\n")
	if len(again) > 0 {
		// Grouped by the step that printed them: "step 3: [32] [33] · step 6: [41]".
		h.printf("<p class=\"again\">%s:</p>\n<ul class=\"again\">\n", esc(words.QuotedBefore))
		from := 0
		for _, c := range again {
			if at := h.quotedAt[c.N]; at != from {
				from = at
				h.printf("<li class=\"from\">step %d:</li>", at)
			}
			h.printf("<li id=\"%s\"><a href=\"#%s\">[%d]</a></li>\n", citeAnchor(p, c.N), h.quoted[c.N], c.N)
		}
		h.print("</ul>\n")
	}
	h.print("</div>\n")
	if h.opts.WithNotes {
		h.notes(p)
	}
	h.print("</section>\n")
	return nil
}

// notes is a step's presenter notes, and the quotes they cite beyond the step's own.
func (h *htmlWriter) notes(p lesson.Page) {
	notes, extra := stepNotes(lesson.Number(h.w), p)
	if len(notes) == 0 {
		return
	}
	h.printf("<div class=\"notes\">\n<h4>%s</h4>\n<p>%s</p>\n<ul>\n", esc(notesTitle), esc(notesLede))
	for _, n := range notes {
		h.printf("<li><strong>%s:</strong> %s</li>\n", esc(n.Label), esc(n.Text)+" "+markHTML(n.Mark, p))
	}
	h.print("</ul>\n")
	if len(extra) > 0 {
		h.printf("<p>%s</p>\n<ol>\n", esc(notesExtra))
		for _, c := range extra {
			h.citation(citeAnchor(p, c.N), c)
		}
		h.print("</ol>\n")
	}
	h.print("</div>\n")
}

// citation is one item of a citation list, numbered with the quote's number for the whole
// walkthrough (value=, since an ordered list would otherwise count from 1).
func (h *htmlWriter) citation(id string, c lesson.Cited) {
	attr := ""
	if id != "" {
		attr = " id=\"" + id + "\""
	}
	h.printf("<li%s value=\"%d\">%s <span class=\"cite-src\">%s, <a href=\"#%s\">[S%d]</a></span>%s</li>\n",
		attr, c.N, quoteHTML(c.Quote), esc(c.Source.Outlet), sourceAnchor(h.w, c.Source.ID), h.w.SourceNumber(c.Source.ID),
		translationHTML(c.Quote))
}

// quoteHTML is a quote's exact words in quotation marks, marked as Chinese when they are.
func quoteHTML(q content.Quote) string {
	lang := ""
	if content.NeedsTranslation(q.Text) {
		lang = " lang=\"zh\""
	}
	return "<span class=\"quote\"" + lang + ">“" + esc(q.Text) + "”</span>"
}

// translationHTML is our translation of a quote not in English, on a line of its own, labelled and
// never in quotation marks; "" for a quote in English.
func translationHTML(q content.Quote) string {
	if q.Translation == "" {
		return ""
	}
	return " <span class=\"translation\">" + esc(q.TranslationText()) + "</span>"
}

func (h *htmlWriter) holdings(p lesson.Page, title string, views []heldView) {
	h.printf("<h4>%s</h4>\n<table class=\"holdings\">\n<thead><tr><th scope=\"col\">Item</th><th scope=\"col\">Evidence</th>"+
		"<th scope=\"col\">Sample value</th></tr></thead>\n", esc(title))
	for _, v := range views {
		h.printf("<tbody>\n<tr class=\"party\"><th colspan=\"3\" scope=\"rowgroup\">%s</th></tr>\n", esc(v.Title))
		if v.Empty() {
			h.print("<tr><td colspan=\"3\" class=\"empty\">nothing yet</td></tr>\n")
		}
		for _, e := range v.Changed {
			class, item := "", esc(e.Label)
			if e.New {
				class = " class=\"new\""
				item = "<span class=\"tag tag-new\">new</span> " + item
			}
			// An item no source backs is labelled illustrative once, with its sample value; a sourced
			// item's sample value is labelled beside it.
			evidence := h.marks(p, e.Marks)
			if e.Illustrative() {
				evidence = "<span class=\"tag tag-illus\">illustrative</span>"
			}
			if e.Assumed {
				evidence += " <span class=\"tag tag-assumed\">assumed</span>"
			}
			value := ""
			if e.Value != "" {
				value = "<code>" + esc(e.Value) + "</code>"
				if !e.Illustrative() {
					value += " <span class=\"tag tag-illus\">illustrative</span>"
				}
			}
			h.printf("<tr%s><td>%s</td><td>%s</td><td class=\"value\">%s</td></tr>\n", class, item, evidence, value)
		}
		if len(v.Unchanged) > 0 {
			h.printf("<tr class=\"unchanged\"><td colspan=\"3\">%s</td></tr>\n", v.UnchangedText(esc, `<span class="tag tag-assumed">assumed</span>`))
		}
		h.print("</tbody>\n")
	}
	h.print("</table>\n")
}

// diagram draws who sends what as inline SVG: one column per party with a lifeline, one arrow per
// row, the step's own action first and stronger, then the data the model moves.
func (h *htmlWriter) diagram(d diagram) {
	const (
		width  = 720
		head   = 32
		first  = 62
		rowGap = 24
	)
	n := len(d.Parties)
	col := float64(width) / float64(n)
	cx := func(p flow.Party) float64 { return col*float64(partyIndex(d.Parties, p)) + col/2 }
	height := head + 12
	if len(d.Arrows) > 0 {
		height = first + (len(d.Arrows)-1)*rowGap + 12
	}
	active := map[flow.Party]bool{}
	for _, a := range d.Arrows {
		if a.Message {
			active[a.From], active[a.To] = true, true
		}
	}
	h.print("<figure class=\"diagram\">\n")
	h.printf("<svg viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "+
		"aria-label=\"Who sends what: %s\" font-size=\"12\">\n", width, height, width, height, esc(d.Caption))
	for _, p := range d.Parties {
		x := cx(p)
		fill, stroke, weight := "#f5f5f5", "#9a9a9a", "400"
		if active[p] {
			fill, stroke, weight = "#dde8f6", "#1f4e8c", "700"
		}
		h.printf("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#c4c4c4\" stroke-dasharray=\"3 3\"/>\n", x, head, x, height-2)
		h.printf("<rect x=\"%.1f\" y=\"2\" width=\"%.1f\" height=\"%d\" rx=\"6\" fill=\"%s\" stroke=\"%s\"/>\n",
			x-col/2+5, col-10, head-4, fill, stroke)
		h.printf("<text x=\"%.1f\" y=\"21\" text-anchor=\"middle\" font-weight=\"%s\" fill=\"#1a1a1a\">%s</text>\n",
			x, weight, esc(flow.PartyTag(p)))
	}
	for i, a := range d.Arrows {
		y := first + i*rowGap
		x1, x2 := cx(a.From), cx(a.To)
		dir := 1.0
		if x2 < x1 {
			dir = -1
		}
		colour, sw, dash, weight := "#4a4a4a", "1.3", "", "400"
		if a.Message {
			colour, sw, weight = "#1f4e8c", "2.4", "700"
		}
		if a.Assumed {
			dash = " stroke-dasharray=\"6 4\""
		}
		tip := x2 - dir*3
		h.printf("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"%s\"%s/>\n",
			x1+dir*3, y, tip-dir*8, y, colour, sw, dash)
		h.printf("<polygon points=\"%.1f,%d %.1f,%d %.1f,%d\" fill=\"%s\"/>\n", tip, y, tip-dir*9, y-5, tip-dir*9, y+5, colour)
		label := a.Label
		if a.Assumed {
			label += " (assumed)"
		}
		h.printf("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"%s\" fill=\"%s\" "+
			"stroke=\"#ffffff\" stroke-width=\"4\" stroke-linejoin=\"round\" paint-order=\"stroke\">%s</text>\n",
			(x1+x2)/2, y-6, weight, colour, esc(label))
	}
	h.print("</svg>\n")
	caption := "Who sends what"
	if d.Caption != "" {
		caption += ": " + d.Caption
	}
	h.printf("<figcaption><strong>%s</strong>", esc(caption))
	if len(d.Arrows) > 1 {
		h.print(" <span class=\"legend\">Thick arrow: this step's action. Thin arrows: the data that moves. Dashed: assumed.</span>")
	}
	h.print("</figcaption>\n</figure>\n")
}

func (h *htmlWriter) refs(ids []string) string {
	var b strings.Builder
	for _, sid := range sourceIDs(h.w, ids) {
		fmt.Fprintf(&b, "<a class=\"mark\" href=\"#%s\">[S%d]</a>", sourceAnchor(h.w, sid), h.w.SourceNumber(sid))
	}
	return b.String()
}

// linkOriginal is a source's copy note with the original's address as a link.
func linkOriginal(s content.Source) string {
	t := esc(s.CopyText())
	if strings.HasPrefix(s.Original, "http://") || strings.HasPrefix(s.Original, "https://") {
		// class bare: the link's text is its address, so print does not add it again.
		t = strings.Replace(t, esc(s.Original), "<a class=\"bare\" href=\""+esc(s.Original)+"\">"+esc(s.Original)+"</a>", 1)
	}
	return t
}

func (h *htmlWriter) appendices() {
	w := h.w
	num := lesson.Number(w)
	h.printf("<section class=\"appendix\" id=\"disagreements\">\n<h2>Appendix A · %s</h2>\n", esc(words.Disagreements))
	for _, d := range w.Disagreements {
		h.printf("<div class=\"disagreement\" id=\"dispute-%s\">\n<h3>%s</h3>\n<ul>\n", esc(d.ID), esc(d.Title))
		for _, s := range d.Sides {
			c := num.Cite(s.Quote)
			h.printf("<li><strong>%s:</strong> <span class=\"mark\">[%d]</span> %s <span class=\"cite-src\">%s, %s</span>%s</li>\n",
				esc(s.Label), c.N, quoteHTML(c.Quote), esc(c.Source.Outlet), h.refs([]string{s.Quote}), translationHTML(c.Quote))
		}
		h.printf("</ul>\n<p class=\"resolution\"><strong>Better evidence:</strong> %s %s</p>\n</div>\n", esc(d.Resolution), h.refs(d.ResolutionCite))
	}
	h.print("</section>\n")

	h.print("<section class=\"appendix\" id=\"glossary\">\n<h2>Appendix B · Glossary</h2>\n<table class=\"glossary\">\n" +
		"<thead><tr><th scope=\"col\">Term</th><th scope=\"col\">Chinese</th><th scope=\"col\">Meaning</th></tr></thead>\n<tbody>\n")
	for _, t := range w.Glossary {
		h.printf("<tr><th scope=\"row\">%s</th><td lang=\"zh-Hans\">%s<br><span class=\"pinyin\" lang=\"zh-Latn-pinyin\">%s</span></td><td>%s %s</td></tr>\n",
			esc(t.Term), esc(t.Chinese), esc(t.Pinyin), esc(t.Explanation), h.refs(t.Cite))
	}
	h.print("</tbody>\n</table>\n</section>\n")

	h.print("<section class=\"appendix\" id=\"timeline\">\n<h2>Appendix C · Timeline</h2>\n<table class=\"timeline\">\n" +
		"<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Event</th><th scope=\"col\">Step</th></tr></thead>\n<tbody>\n")
	for _, d := range w.Timeline {
		step := ""
		if i, ok := w.StepIndex(d.Step); ok {
			step = fmt.Sprintf("<a href=\"#step-%s\">%d. %s</a>", esc(d.Step), i+1, esc(w.Steps[i].Title))
		}
		h.printf("<tr><td class=\"date\">%s</td><td>%s %s</td><td>%s</td></tr>\n", esc(d.Date), esc(d.Event), h.refs(d.Cite), step)
	}
	h.print("</tbody>\n</table>\n</section>\n")

	h.scenarios()
	if h.opts.WithAnswers {
		h.questions()
	}

	h.printf("<section class=\"appendix\" id=\"sources\">\n<h2>%s</h2>\n<ol class=\"bibliography\">\n", esc(words.Sources))
	for _, s := range w.Sources {
		headline := "“" + esc(s.Headline) + "”"
		if strings.HasPrefix(s.URL, "https://") || strings.HasPrefix(s.URL, "http://") {
			headline = "<a href=\"" + esc(s.URL) + "\">" + headline + "</a>"
		} else if s.URL != "" {
			headline += " (" + esc(s.URL) + ")"
		}
		h.printf("<li id=\"%s\"><span class=\"bib-no\">[S%d]</span> %s, %s, %s.", sourceAnchor(w, s.ID),
			w.SourceNumber(s.ID), esc(s.Outlet), headline, esc(s.DateText()))
		if s.Tier == content.TierSecond {
			h.printf(" <span class=\"tier\">Second-tier source, confidence %s.</span>", esc(s.Confidence))
		}
		if s.Upstream != "" {
			h.printf(" <span class=\"upstream\">%s.</span>", esc(s.Upstream))
		}
		if s.IsCopy() {
			h.printf(" <span class=\"copy\">%s</span>", linkOriginal(s))
		}
		h.print("</li>\n")
	}
	h.print("</ol>\n</section>\n")
}
