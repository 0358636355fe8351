package accessible

import (
	"regexp"
	"strconv"
	"strings"

	gansi "charm.land/glamour/v2/ansi"
	"github.com/charmbracelet/x/ansi"

	"github.com/cyberid/cyberid/lesson"
	"github.com/cyberid/cyberid/markdown"
)

// nbsp keeps a spoken citation with the word before it while text is wrapped; it is printed as a
// plain space, so that no unusual character reaches a screen reader.
const nbsp = "\u00a0"

// markWithSpace is a citation mark and the space before it, if any.
var markWithSpace = regexp.MustCompile(` ?(?:` + lesson.MarkPattern.String() + `)`)

// spoken is s with every citation mark written as words: "word.[17]" becomes "word. (citation 17)",
// "[3–5]" "(citations 3 to 5)" and "[1,4]" "(citations 1 and 4)". A screen reader reads bare
// brackets as "left bracket", and a braille reader has no reason to decode them. The words are
// joined by no-break spaces, to each other and to the word before, so that wrapping keeps a mark
// whole and on its word's line; wrap prints them as plain spaces.
func spoken(s string) string {
	return markWithSpace.ReplaceAllStringFunc(s, func(mark string) string {
		return nbsp + strings.ReplaceAll("("+SpokenMark(strings.TrimPrefix(mark, " "))+")", " ", nbsp)
	})
}

// SpokenMark reads one mark as lesson.MarkText writes it, without the parentheses: "citation 17",
// "citations 3 to 5", "citations 1, 18 to 20 and 31". Anything else comes back as it is.
func SpokenMark(mark string) string {
	inner, ok := strings.CutPrefix(mark, "[")
	if inner, ok = strings.CutSuffix(inner, "]"); !ok || inner == "" {
		return mark
	}
	parts := strings.Split(inner, ",")
	for i, p := range parts {
		parts[i] = strings.Replace(p, lesson.RangeDash, " to ", 1)
	}
	if len(parts) == 1 && !strings.Contains(parts[0], " to ") {
		return "citation " + parts[0]
	}
	return "citations " + andList(parts)
}

// marksText writes citation numbers as words, in the grouping lesson gives them: "(citations 3 to 5)".
// No numbers: "".
func marksText(marks []int) string {
	if len(marks) == 0 {
		return ""
	}
	return "(" + SpokenMark(lesson.MarkText(marks)) + ")"
}

// withMarks is text followed by its citations in words, kept together as spoken keeps them.
func withMarks(text string, marks []int) string {
	if m := marksText(marks); m != "" {
		return text + nbsp + strings.ReplaceAll(m, " ", nbsp)
	}
	return text
}

// andList joins "a", "b", "c" as "a, b and c".
func andList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// plural says "1 step", "2 steps".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// wrap breaks plain text into lines of at most width columns, at spaces where it can and inside a
// word only when the word is longer than a line (a Chinese passage has no spaces). Widths are
// display widths: a Chinese character takes two columns.
func wrap(s string, width int) []string {
	s = clean(s)
	var out []string
	for _, para := range strings.Split(s, "\n") {
		if strings.TrimSpace(para) == "" {
			out = append(out, "")
			continue
		}
		for _, l := range strings.Split(ansi.Wrap(para, width, ""), "\n") {
			out = append(out, fit(strings.TrimRight(strings.ReplaceAll(l, nbsp, " "), " "), width)...)
		}
	}
	return out
}

// fit cuts a line still wider than width (a character that ansi.Wrap cannot place, say).
func fit(l string, width int) []string {
	if ansi.StringWidth(l) <= width {
		return []string{l}
	}
	var out []string
	for _, part := range strings.Split(ansi.Hardwrap(l, width, true), "\n") {
		for cut := width; cut >= 0 && ansi.StringWidth(part) > width; cut-- {
			part = ansi.Truncate(part, cut, "")
		}
		out = append(out, part)
	}
	return out
}

// clean drops escape sequences and control characters, so that nothing in the content or typed by
// a user can move the cursor or colour the terminal.
func clean(s string) string {
	// The full-screen app's separator is read aloud as "middle dot": a comma reads as a pause.
	s = strings.ReplaceAll(ansi.Strip(s), " · ", ", ")
	return strings.Map(func(r rune) rune {
		if r == '\n' {
			return r
		}
		if r == '\t' {
			return ' '
		}
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == 0xFE0E || r == 0xFE0F {
			return -1
		}
		return r
	}, s)
}

// narrativeStyle is glamour's layout from package markdown, with nothing a screen reader would read
// aloud as a symbol: emphasis keeps its words and drops its marks, a quoted passage is set off by
// blank lines and an indent of one space instead of a bar, and a rule is a blank line.
func narrativeStyle() gansi.StyleConfig {
	s := markdown.Base()
	space := " "
	s.BlockQuote.IndentToken = &space
	s.HorizontalRule = gansi.StylePrimitive{Format: "\n"}
	s.Emph = gansi.StylePrimitive{}
	s.Strong = gansi.StylePrimitive{}
	return s
}

// narrative renders a step's Markdown as plain lines at width, its citation marks read as words.
func narrative(md string, width int) []string {
	// Marks become words before glamour wraps, so that each stays whole and on its word's line.
	var out []string
	for _, l := range markdown.Render(spoken(md), width, narrativeStyle()) {
		out = append(out, wrap(l, width)...)
	}
	return out
}
