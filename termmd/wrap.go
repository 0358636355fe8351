package termmd

import (
	"image/color"
	"strings"
	"unicode"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// word is the unit of wrapping: text that stays on one line if it can. Its parts may be of
// different kinds ("**bold**.[3]" is one word of three parts).
type word struct {
	parts     []part
	width     int
	space     bool // a space comes before it; lines break only at spaces and between Chinese characters
	spaceKind kind // the kind of that space, so a space inside bold text stays bold
	newline   bool // a hard line break, not a word
}

// part is a piece of a word: the text of one span between two offsets.
type part struct {
	span
	src      string
	from, to int
}

// words splits spans into words at spaces and at the places a line may break inside Chinese text.
// Words refer to the spans' text rather than copying it.
func words(spans []span) []word {
	var out []word
	var cur word
	pendingSpace, pendingKind := false, kindText
	prevWide, prevOpening := false, false
	finish := func() {
		if len(cur.parts) > 0 {
			out = append(out, cur)
		}
		cur = word{}
	}
	for _, sp := range spans {
		if sp.text == "\n" {
			finish()
			out = append(out, word{newline: true})
			pendingSpace, prevWide = false, false
			continue
		}
		for pos := 0; pos < len(sp.text); {
			// Widths as x/ansi measures them, like every other width on the screen.
			cluster, width := ansi.FirstGraphemeCluster(sp.text[pos:], ansi.GraphemeWidth)
			if cluster == "" { // cannot happen on valid UTF-8; never loop forever on it
				break
			}
			from := pos
			pos += len(cluster)
			if isSpace(cluster) {
				finish()
				pendingSpace, pendingKind = true, sp.kind
				prevWide = false
				continue
			}
			if width == 0 && !isPrintable(cluster) {
				continue // control characters have no place on a terminal line
			}
			r := firstRune(cluster)
			// Chinese text has no spaces: a line may break before a wide character (unless it closes a
			// phrase, like "。") and before a letter or digit that follows one (unless the wide one
			// opened a phrase).
			breakBefore := len(cur.parts) > 0 && !prevOpening &&
				(width == 2 && !closingPunct(r) || prevWide && (unicode.IsLetter(r) || unicode.IsDigit(r)) && width < 2)
			if breakBefore {
				finish()
			}
			if len(cur.parts) == 0 {
				cur.space, cur.spaceKind = pendingSpace, pendingKind
				pendingSpace = false
			}
			cur.add(sp, from, pos, width)
			prevWide, prevOpening = width == 2, openingPunct(r)
		}
	}
	finish()
	return out
}

// add extends the word with sp.text[from:to], growing its last part when that is the text just before.
func (w *word) add(sp span, from, to, width int) {
	w.width += width
	if n := len(w.parts); n > 0 {
		last := &w.parts[n-1]
		if last.kind == sp.kind && last.src == sp.text && last.to == from {
			last.to = to
			last.text = sp.text[last.from:to]
			return
		}
	}
	w.parts = append(w.parts, part{span: span{text: sp.text[from:to], kind: sp.kind}, src: sp.text, from: from, to: to})
}

func isSpace(cluster string) bool {
	return cluster == " " || cluster == "\t" || cluster == "\u3000"
}

func isPrintable(cluster string) bool {
	for _, r := range cluster {
		if unicode.IsGraphic(r) {
			return true
		}
	}
	return false
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

// closingPunct is punctuation a line must not start with; openingPunct, one it must not end with.
func closingPunct(r rune) bool {
	return strings.ContainsRune("，。、；：？！）」』》〉】〕〗］｝・～", r)
}
func openingPunct(r rune) bool { return strings.ContainsRune("（「『《〈【〔〖［｛", r) }

// lineBuilder fills lines of at most the renderer's width, each starting with a prefix: first for
// the first line, rest for the others.
type lineBuilder struct {
	r            *renderer
	rest, prefix string
	room         int // width left after the prefix
	line         []span
	width        int // of line
}

func (r *renderer) lines(first, rest string) *lineBuilder {
	b := &lineBuilder{r: r, rest: rest, prefix: first}
	b.room = r.avail(&b.prefix)
	return b
}

// flush ends the line and starts the next.
func (b *lineBuilder) flush() {
	l := b.r.line(b.prefix, b.line)
	// Words are measured one by one, and a zero-width character (a variation selector, a combining
	// mark) can join the cluster before it across their seam and change its width. Measuring the
	// finished line keeps the promise whatever the input.
	if ansi.StringWidth(l) > b.r.width {
		l = truncate(l, b.r.width)
	}
	if len(b.line) == 0 && !strings.Contains(l, "\x1b") {
		l = strings.TrimRight(l, " ") // a bare prefix, as for an empty list item
	}
	b.r.out = append(b.r.out, l)
	b.line, b.width = nil, 0
	b.prefix = b.rest
	b.room = b.r.avail(&b.prefix)
}

// cut adds a span one character at a time, starting a new line whenever one is full.
func (b *lineBuilder) cut(sp span) {
	for s := sp.text; s != ""; {
		cluster, width := ansi.FirstGraphemeCluster(s, ansi.GraphemeWidth)
		if cluster == "" {
			break
		}
		s = s[len(cluster):]
		if width == 0 && !isPrintable(cluster) {
			continue
		}
		if b.width+width > b.room && b.width > 0 {
			b.flush()
		}
		if width > b.room { // a wide character on a one-cell line
			cluster, width = "…", 1
		}
		b.line = append(b.line, span{text: cluster, kind: sp.kind})
		b.width += width
	}
}

// wrap lays out inline text, breaking lines between words.
func (r *renderer) wrap(spans []span, first, rest string) {
	ws := words(spans)
	b := r.lines(first, rest)
	for _, w := range ws {
		if w.newline {
			b.flush()
			continue
		}
		if len(b.line) > 0 {
			sep := 0
			if w.space {
				sep = 1
			}
			if b.width+sep+w.width <= b.room {
				if w.space {
					b.line = append(b.line, span{text: " ", kind: w.spaceKind})
				}
				b.line = appendParts(b.line, w.parts)
				b.width += sep + w.width
				continue
			}
			b.flush()
		}
		if w.width <= b.room {
			b.line = appendParts(b.line, w.parts)
			b.width = w.width
			continue
		}
		// A word wider than the line (a long address, or Chinese with nowhere to break): cut it.
		for _, p := range w.parts {
			b.cut(p.span)
		}
	}
	if len(b.line) > 0 || len(ws) == 0 {
		b.flush()
	}
}

// verbatim lays out text whose spaces matter (a code block's line), cutting it where the line is full.
func (r *renderer) verbatim(sp span, first, rest string) {
	b := r.lines(first, rest)
	b.cut(sp)
	b.flush()
}

// avail is the room a line has after its prefix; a prefix that leaves no room is dropped, so that
// deep nesting in a narrow pane still shows the text.
func (r *renderer) avail(prefix *string) int {
	w := ansi.StringWidth(*prefix)
	if w >= r.width {
		*prefix = ""
		return r.width
	}
	return r.width - w
}

func appendParts(line []span, parts []part) []span {
	for _, p := range parts {
		line = append(line, p.span)
	}
	return line
}

// line renders one line: the prefix, then each run of one kind in its style. Every line carries
// its own styles, so lines can be laid out beside each other.
func (r *renderer) line(prefix string, spans []span) string {
	var b strings.Builder
	b.WriteString(prefix)
	for i := 0; i < len(spans); {
		open := r.sgr[spans[i].kind]
		b.WriteString(open)
		j := i
		for ; j < len(spans) && spans[j].kind == spans[i].kind; j++ {
			b.WriteString(spans[j].text)
		}
		if open != "" {
			b.WriteString(ansi.ResetStyle)
		}
		i = j
	}
	return b.String()
}

// sgr is the escape sequence that turns on a style's text attributes and colours. Layout
// properties (padding, borders, widths) have no meaning inside a line of prose and are ignored.
func sgr(s lipgloss.Style) string {
	var a ansi.Style
	if s.GetBold() {
		a = a.Bold()
	}
	if s.GetFaint() {
		a = a.Faint()
	}
	if s.GetItalic() {
		a = a.Italic(true)
	}
	if s.GetUnderline() {
		a = a.Underline(true)
	}
	if s.GetStrikethrough() {
		a = a.Strikethrough(true)
	}
	if s.GetReverse() {
		a = a.Reverse(true)
	}
	if c := s.GetForeground(); !isNoColor(c) {
		a = a.ForegroundColor(c)
	}
	if c := s.GetBackground(); !isNoColor(c) {
		a = a.BackgroundColor(c)
	}
	if len(a) == 0 {
		return ""
	}
	return a.String()
}

func isNoColor(c color.Color) bool {
	_, none := c.(lipgloss.NoColor)
	return c == nil || none
}

// truncate cuts a line to width cells measured the way ansi.StringWidth measures them (ansi.Truncate
// can let a zero-width character through that widens the last cell), keeping every escape sequence
// so that the styles still close.
func truncate(l string, width int) string {
	var b strings.Builder
	cells := 0
	for i := 0; i < len(l); {
		if l[i] == 0x1b {
			j := i + 2
			if j <= len(l) && l[i+1] == '[' {
				for j < len(l) && (l[j] < 0x40 || l[j] > 0x7e) {
					j++
				}
				j++
			}
			j = min(j, len(l))
			b.WriteString(l[i:j])
			i = j
			continue
		}
		end := strings.IndexByte(l[i:], 0x1b)
		if end < 0 {
			end = len(l)
		} else {
			end += i
		}
		for run := l[i:end]; run != ""; {
			c, w := ansi.FirstGraphemeCluster(run, ansi.GraphemeWidth)
			if c == "" {
				break
			}
			run = run[len(c):]
			if cells+w <= width {
				b.WriteString(c)
				cells += w
			} else {
				cells = width + 1 // the line is full: later text is dropped, later escapes kept
			}
		}
		i = end
	}
	return b.String()
}
