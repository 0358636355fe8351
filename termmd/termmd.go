// Package termmd renders the Markdown the walkthrough is written in as styled terminal lines that
// are never wider than asked.
//
// It stands in for glamour. Glamour links the chroma syntax highlighter, whose package
// initialisation alone takes about 12 ms before main runs, and renders a page in milliseconds; the
// narratives need paragraphs, emphasis, lists, quotes and headings, which this renders in about
// 0.2 ms a page. Parsing is goldmark's (CommonMark); only the layout is ours: words wrap at spaces,
// Chinese text wraps between characters but never before closing punctuation, citation markers such
// as "[3]" stay with the word they follow, and every line is styled on its own so that it can sit
// in a pane beside other text.
package termmd

import (
	"strconv"
	"strings"
	"unicode"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// Styles says how each kind of text looks. The zero value renders plain text with no escape codes,
// which is what a handout or a pipe wants.
type Styles struct {
	Text    lipgloss.Style
	Strong  lipgloss.Style
	Emph    lipgloss.Style
	Code    lipgloss.Style
	Link    lipgloss.Style // link text; the address follows it in brackets
	Mark    lipgloss.Style // citation markers: [3]
	Heading lipgloss.Style
	Bullet  lipgloss.Style // list bullets and numbers, the quote bar and the rule

	// AsteriskEmphasis marks emphasis with *asterisks*, for output that has no italics (a handout in
	// plain text): "a hacker *claimed*" must not lose its doubt.
	AsteriskEmphasis bool
}

// kind is what a piece of inline text is, and so which style it takes.
type kind uint8

const (
	kindText kind = iota
	kindStrong
	kindEmph
	kindCode
	kindLink
	kindMark
	kindHeading
	kindBullet
	numKinds
)

func (st *Styles) style(k kind) lipgloss.Style {
	switch k {
	case kindStrong:
		return st.Strong
	case kindEmph:
		return st.Emph
	case kindCode:
		return st.Code
	case kindLink:
		return st.Link
	case kindMark:
		return st.Mark
	case kindHeading:
		return st.Heading
	case kindBullet:
		return st.Bullet
	}
	return st.Text
}

// parser is goldmark's CommonMark parser, without its HTML renderer: we only want the tree.
var parser = goldmark.DefaultParser()

// Render renders md as lines at most width cells wide. It never fails: Markdown has no syntax
// errors, and anything this renderer does not know is shown as its text.
func Render(md string, width int, st Styles) []string {
	if width < 1 {
		return nil
	}
	src := []byte(clean(md))
	doc := parser.Parse(text.NewReader(src))
	r := renderer{src: src, width: width, asterisks: st.AsteriskEmphasis}
	for k := range numKinds {
		r.sgr[k] = sgr(st.style(k))
	}
	r.blocks(doc, "", "")
	for len(r.out) > 0 && r.out[len(r.out)-1] == "" {
		r.out = r.out[:len(r.out)-1]
	}
	return r.out
}

// clean drops control characters (an escape code in the content must not reach the terminal) and
// replaces broken UTF-8, so that every character left has one agreed width.
func clean(md string) string {
	return strings.Map(func(r rune) rune {
		if r != '\n' && r != '\t' && unicode.IsControl(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(md, "\uFFFD"))
}

type renderer struct {
	src   []byte
	width int
	sgr   [numKinds]string // each kind's escape sequence, worked out once per rendering
	out   []string
	// blankAt is len(out) just after blank wrote a line: a second blank there writes nothing.
	blankAt int

	asterisks bool // Styles.AsteriskEmphasis
}

// styled is text in the style of a kind, for prefixes and rules.
func (r *renderer) styled(k kind, s string) string {
	if r.sgr[k] == "" {
		return s
	}
	return r.sgr[k] + s + ansi.ResetStyle
}

// blank separates blocks with one empty line, never two and never at the top. Inside a quote the
// line keeps the quote's bar (prefix, its trailing space trimmed), so that the quote reads as one.
func (r *renderer) blank(prefix string) {
	if len(r.out) > 0 && r.blankAt != len(r.out) {
		r.out = append(r.out, strings.TrimRight(prefix, " "))
		r.blankAt = len(r.out)
	}
}

// blocks renders the block children of n. first prefixes the first line written, rest every
// other line: that is how list items hang and quotes keep their bar.
func (r *renderer) blocks(n ast.Node, first, rest string) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		r.block(c, first, rest)
		first = rest
	}
}

func (r *renderer) block(n ast.Node, first, rest string) {
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		if _, tight := n.(*ast.TextBlock); !tight && first == rest {
			r.blank(rest)
		}
		r.wrap(r.inlines(n, kindText), first, rest)
	case *ast.Heading:
		r.blank(rest)
		r.wrap(r.inlines(n, kindHeading), first, rest)
		r.blank(rest)
	case *ast.List:
		if _, nested := n.Parent().(*ast.ListItem); !nested && first == rest {
			r.blank(rest)
		}
		num := n.Start
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			bullet := "• "
			if n.IsOrdered() {
				bullet = strconv.Itoa(num) + ". "
				num++
			}
			indent := strings.Repeat(" ", ansi.StringWidth(bullet))
			itemFirst := first + r.styled(kindBullet, bullet)
			if item.HasChildren() {
				r.blocks(item, itemFirst, rest+indent)
			} else { // an empty item still counts, and shows its bullet
				r.wrap(nil, itemFirst, rest+indent)
			}
			first = rest
		}
	case *ast.Blockquote:
		r.blank(rest)
		bar := r.styled(kindBullet, "│") + " "
		r.blocks(n, first+bar, rest+bar)
	case *ast.HTMLBlock:
		// HTML is for a browser (see RawHTML in inline.go): nothing to show.
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		r.blank(rest)
		lines := n.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			line := strings.TrimRight(string(seg.Value(r.src)), "\n")
			r.verbatim(span{text: strings.ReplaceAll(line, "\t", "    "), kind: kindCode}, first, rest)
			first = rest
		}
	case *ast.ThematicBreak:
		r.blank(rest)
		prefix := first
		room := r.avail(&prefix)
		r.out = append(r.out, prefix+r.styled(kindBullet, strings.Repeat("─", room)))
	default:
		// A kind of block this renderer does not know (an extension's, say): its content, as text.
		if n.HasChildren() {
			r.blocks(n, first, rest)
		}
	}
}
