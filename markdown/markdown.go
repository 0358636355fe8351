// Package markdown renders the walkthrough's Markdown with glamour as terminal lines that are never
// wider than asked, keeping the conventions the screens and the plain-text handout rely on:
//
//   - citation markers such as "[3]" take the style of inline code (Style.Code), which the caller
//     sets to its marker colour, and never wrap away from the word they follow;
//   - list items hang: a bullet's continuation lines start under its text, not under the bullet;
//   - nothing is padded or styled past a line's last character, and there is no margin, so a line
//     costs the bytes of its text and the narrowest pane loses no column;
//   - a style of no colour (Plain) keeps emphasis as *asterisks*, for a handout or a terminal that
//     shows no styles, where "a hacker *claimed*" must not lose its doubt.
//
// The caller builds the colours (ui/styles.go builds them from its palette); Base gives the layout
// every style shares.
package markdown

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/glamour/v2"
	"charm.land/glamour/v2/ansi"
	xansi "github.com/charmbracelet/x/ansi"
)

// bullet starts an unordered list item.
const bullet = "• "

// bulletMark stands in for the bullet while glamour lays the list out: a list is indented by the
// bullet's width and the mark takes no room, so every line of an item wraps at the same width; hang
// then puts the bullet in the indent of the item's first line. (glamour itself starts continuation
// lines under the bullet.) It is the word joiner, which clean removes from the input.
const bulletMark = "\u2060"

// Base is the layout every style shares: no margins, lists indented by the bullet's width, a bar
// before quoted lines. It has no colour.
func Base() ansi.StyleConfig {
	indent := uint(xansi.StringWidth(bullet))
	return ansi.StyleConfig{
		Document: ansi.StyleBlock{Margin: ptr(uint(0))},
		List: ansi.StyleList{
			StyleBlock:  ansi.StyleBlock{Indent: ptr(indent)},
			LevelIndent: indent,
		},
		Item:        ansi.StylePrimitive{Prefix: bulletMark}, // Prefix, unlike BlockPrefix, takes Item's style
		Enumeration: ansi.StylePrimitive{BlockPrefix: ". "},
		// glamour reserves one column per indent level, so the bar is one column wide; "▏" sits at
		// the left of its cell and so reads with a space after it.
		BlockQuote:     ansi.StyleBlock{Indent: ptr(uint(1)), IndentToken: ptr("▏")},
		HorizontalRule: ansi.StylePrimitive{Format: "\n───\n"},
		Heading:        ansi.StyleBlock{StylePrimitive: ansi.StylePrimitive{BlockSuffix: "\n"}},
		// Citation markers are set as code spans (see join); a code span gets no padding.
		Code: ansi.StyleBlock{},
	}
}

// Plain is Base with emphasis as *asterisks*. RenderPlain renders with it.
func Plain() ansi.StyleConfig {
	s := Base()
	s.Emph = ansi.StylePrimitive{Prefix: "*", Suffix: "*"}
	return s
}

// RenderPlain renders md at width as plain text with no escape codes, not even a link's: for files,
// pipes, printers and terminals that show no styles.
func RenderPlain(md string, width int) []string {
	lines := Render(md, width, Plain())
	for i, l := range lines {
		lines[i] = xansi.Strip(l)
	}
	return lines
}

func ptr[T any](v T) *T { return &v }

// Render renders md at width in style, as lines no wider than width with no trailing blank lines.
// It never fails: Markdown has no syntax errors, and should glamour fail, the text is shown wrapped
// as it is.
func Render(md string, width int, style ansi.StyleConfig) []string {
	if width < 1 {
		return nil
	}
	src := join(clean(md))
	r, err := glamour.NewTermRenderer(glamour.WithStyles(style), glamour.WithWordWrap(width))
	var out string
	if err == nil {
		out, err = r.Render(src)
	}
	if err != nil {
		out = xansi.Wrap(md, width, "")
	}
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		lines[i] = tidy(l)
	}
	lines = hang(lines, xansi.StringWidth(bullet))
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return fit(lines, width)
}

// clean drops control characters (an escape code in the content must not reach the terminal) and
// the presentation selectors (U+FE0E, U+FE0F: they widen the character before them, as some of
// x/ansi's measures count and others do not), and replaces broken UTF-8, so that every character
// left has one agreed width.
func clean(md string) string {
	return strings.Map(func(r rune) rune {
		if r != '\n' && r != '\t' && (r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0) || r == 0xFE0E || r == 0xFE0F ||
			r >= 0xE000 && r <= 0xF8FF || r == 0x2060 { // the stand-ins join and hang use
			return -1
		}
		if r == '`' { // a code span is how a marker is marked (join): the text's own backticks stay text
			return '\''
		}
		return r
	}, strings.ToValidUTF8(md, "\uFFFD"))
}

// mark is one citation mark as lesson writes it: "[3]", "[1,4]", "[3–5]" (numbers joined by commas or
// en dashes).
const mark = `\[[0-9]+(?:[,–][0-9]+)*\]`

// markers is a run of citation marks, with the character before it.
var markers = regexp.MustCompile(`(^|[^\[\]])((?:` + mark + `)+)`)

// joined stands in, until tidy, for a character that glamour's wrapping may break a line after
// (a space; a hyphen; in a list also , . ; + |) where the line must not break: before a citation
// marker, so that the marker stays on its word's line, and inside a hyphenated word ("per-platform",
// "face-recognition"), which reads badly cut in two. The stand-ins are private-use characters, one
// column wide like the ones they stand for, which clean removes from the input.
var joined = map[rune]rune{' ': '\u00a0', ',': '\ue000', '.': '\ue001', ';': '\ue002', '-': '\ue003', '+': '\ue004', '|': '\ue005'}

// unjoin turns the stand-ins back into the characters they stand for.
var unjoin = func() *strings.Replacer {
	var pairs []string
	for r, j := range joined {
		pairs = append(pairs, string(j), string(r))
	}
	return strings.NewReplacer(pairs...)
}()

// join sets every run of citation markers as one code span, so that it takes the marker style, and
// keeps it and hyphenated words from being broken across lines (see joined).
func join(md string) string {
	md = markers.ReplaceAllStringFunc(md, func(m string) string {
		i := strings.IndexByte(m, '[')
		before, run := m[:i], m[i:]
		if r, size := utf8.DecodeLastRuneInString(before); size > 0 {
			if j, ok := joined[r]; ok {
				before = before[:len(before)-size] + string(j)
			}
		}
		// a comma inside a mark must not break the line either ("[1,4]" in a list item)
		run = strings.ReplaceAll(run, ",", string(joined[',']))
		return before + "`" + run + "`"
	})
	return joinPunctuation(joinHyphens(md))
}

// joinPunctuation joins a comma, full stop or semicolon that ends a word (a space or the end follows) to that
// word: in a list glamour may break a line at these, and a word that just filled the line left the
// punctuation alone at the start of the next. The space after still breaks the line as it should.
// An ordered list's "3." and an entity's ";" are Markdown syntax and are left as they are.
func joinPunctuation(s string) string {
	if !strings.ContainsAny(s, ",.") {
		return s
	}
	lines := strings.Split(s, "\n")
	for n, line := range lines {
		skip := len(orderedMarker.FindString(line)) // "3. " at the start is a list item's number
		rs := []rune(line)
		pos := 0
		for i, r := range rs {
			if pos >= skip && i > 0 && (r == ',' || r == '.' || r == ';' && !endsEntity(rs[:i])) &&
				!unicode.IsSpace(rs[i-1]) && (i+1 == len(rs) || unicode.IsSpace(rs[i+1])) {
				rs[i] = joined[r]
			}
			pos += utf8.RuneLen(r)
		}
		lines[n] = string(rs)
	}
	return strings.Join(lines, "\n")
}

// endsEntity says whether rs ends like an entity before its ";": "&amp", "&#x4E2D".
func endsEntity(rs []rune) bool {
	for i := len(rs) - 1; i >= 0; i-- {
		switch r := rs[i]; {
		case r == '&':
			return i < len(rs)-1
		case r != '#' && !isWordRune(r):
			return false
		}
	}
	return false
}

// orderedMarker is an ordered list item's number at the start of a line.
var orderedMarker = regexp.MustCompile(`^\s*\d+[.)]`)

// joinHyphens joins the two halves of every hyphenated word: a hyphen between letters or digits.
func joinHyphens(s string) string {
	if !strings.Contains(s, "-") {
		return s
	}
	rs := []rune(s)
	for i := 1; i+1 < len(rs); i++ {
		if rs[i] == '-' && isWordRune(rs[i-1]) && isWordRune(rs[i+1]) {
			rs[i] = joined['-']
		}
	}
	return string(rs)
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// sgrEmpty is a style switched on and straight off again, around nothing.
var sgrEmpty = regexp.MustCompile(`(?:\x1b\[[0-9;:]*[1-9][0-9;:]*m)+\x1b\[0?m`)

// tidy drops what glamour writes that shows nothing (a style around no text, and the padding after
// a line's last character) and makes sure a style opened on the line is closed on it, so that the
// line can sit in a pane beside other text.
func tidy(l string) string {
	l = sgrEmpty.ReplaceAllString(l, "")
	l = strings.TrimRight(l, " ")
	l = unjoin.Replace(l)
	if i := strings.LastIndex(l, "\x1b["); i >= 0 && !strings.HasPrefix(l[i:], xansi.ResetStyle) && !strings.HasPrefix(l[i:], "\x1b[0m") {
		l += xansi.ResetStyle
	}
	return l
}

// hang puts each list item's bullet into the indent glamour gave the whole list, before the
// item's first line, so that the item's text lines up under its first word: "  ⁠one two" / "  three"
// becomes "• one two" / "  three". An ordered item's number cannot take no room while the list is
// laid out, so its first line comes out of the indent as it is, two columns shorter than the rest.
func hang(lines []string, indent int) []string {
	for i, l := range lines {
		rest := strings.TrimLeft(l, " ")
		lead := len(l) - len(rest)
		if lead < indent {
			continue
		}
		text := xansi.Strip(rest)
		switch {
		case strings.HasPrefix(text, bulletMark):
			lines[i] = strings.Replace(l[indent:], bulletMark, bullet, 1)
		case isEnumeration(text):
			lines[i] = l[indent:]
		}
	}
	return lines
}

// isEnumeration says whether s starts like an ordered list item: digits, ". ".
func isEnumeration(s string) bool {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i > 0 && strings.HasPrefix(s[i:], ". ")
}

// fit cuts any line still wider than width (glamour lets a few through: a word longer than the
// line beside an indent, say). A character wider than the whole line is left out.
func fit(lines []string, width int) []string {
	out := lines[:0:0]
	for _, l := range lines {
		if xansi.StringWidth(l) <= width {
			out = append(out, l)
			continue
		}
		for _, part := range strings.Split(xansi.Hardwrap(l, width, true), "\n") {
			// A zero-width character that widens the one before it can cut a column short.
			for cut := width; cut >= 0 && xansi.StringWidth(part) > width; cut-- {
				part = xansi.Truncate(part, cut, "")
			}
			out = append(out, part)
		}
	}
	return out
}
