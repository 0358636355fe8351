package termmd

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// span is a run of inline text of one kind. A span of "\n" is a hard line break.
type span struct {
	text string
	kind kind
}

// inlines flattens the inline content of a block into spans; k is the kind plain text takes there.
func (r *renderer) inlines(n ast.Node, k kind) []span {
	var raw []span
	r.inline(n, k, &raw)
	// goldmark hands "[3]" over in pieces (a bracket may open a link), so markers are found only
	// once neighbouring text of the same kind is joined up again.
	var out []span
	for _, sp := range raw {
		if last := len(out) - 1; last >= 0 && out[last].kind == sp.kind && sp.text != "\n" && out[last].text != "\n" {
			out[last].text += sp.text
			continue
		}
		out = append(out, sp)
	}
	var marked []span
	for _, sp := range out {
		if sp.kind == kindCode || sp.kind == kindLink {
			marked = append(marked, sp)
			continue
		}
		addMarked(&marked, sp.text, sp.kind)
	}
	return marked
}

func (r *renderer) inline(n ast.Node, k kind, out *[]span) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(r.src)
			if !c.IsRaw() {
				v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			}
			*out = append(*out, span{text: string(v), kind: k})
			switch {
			case c.HardLineBreak():
				*out = append(*out, span{text: "\n", kind: k})
			case c.SoftLineBreak():
				*out = append(*out, span{text: " ", kind: k})
			}
		case *ast.String:
			*out = append(*out, span{text: string(c.Value), kind: k})
		case *ast.CodeSpan:
			var b strings.Builder
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				switch t := t.(type) {
				case *ast.Text:
					b.Write(t.Segment.Value(r.src))
				case *ast.String:
					b.Write(t.Value)
				}
			}
			// A code span may run over a line end, which CommonMark makes a space.
			*out = append(*out, span{text: strings.ReplaceAll(b.String(), "\n", " "), kind: kindCode})
		case *ast.Emphasis:
			ek := kindEmph
			if c.Level >= 2 {
				ek = kindStrong
			}
			if k == kindHeading { // a heading is already as loud as it gets
				ek = k
			}
			if r.asterisks && c.Level == 1 {
				*out = append(*out, span{text: "*", kind: ek})
				r.inline(c, ek, out)
				*out = append(*out, span{text: "*", kind: ek})
				continue
			}
			r.inline(c, ek, out)
		case *ast.Link:
			before := len(*out)
			r.inline(c, kindLink, out)
			// A terminal cannot follow a link, so the reader is shown where it goes, unless the text
			// already says so.
			if dest := string(c.Destination); dest != "" && !spansSay(*out, before, dest) {
				*out = append(*out, span{text: " (" + dest + ")", kind: kindLink})
			}
		case *ast.AutoLink:
			*out = append(*out, span{text: string(c.URL(r.src)), kind: kindLink})
		case *ast.RawHTML:
			// HTML is for a browser; a terminal would show the tags (or a comment) as text.
		default: // images (their alt text) and anything an extension adds: the text inside
			r.inline(c, k, out)
		}
	}
}

// spansSay reports whether the spans from index from on spell s.
func spansSay(spans []span, from int, s string) bool {
	var b strings.Builder
	for _, sp := range spans[from:] {
		b.WriteString(sp.text)
	}
	return b.String() == s
}

// addMarked appends text of kind k, split so that citation markers such as "[3]" get their own kind.
func addMarked(out *[]span, s string, k kind) {
	for s != "" {
		i, j := nextMarker(s)
		if i < 0 {
			*out = append(*out, span{text: s, kind: k})
			return
		}
		if i > 0 {
			*out = append(*out, span{text: s[:i], kind: k})
		}
		*out = append(*out, span{text: s[i:j], kind: kindMark})
		s = s[j:]
	}
}

// nextMarker finds the first citation mark in s, "[3]", "[1,4]" or "[3–5]" (numbers joined by commas
// or en dashes, as lesson.MarkText writes them), and returns its bounds, or -1.
func nextMarker(s string) (int, int) {
	for from := 0; ; {
		i := strings.IndexByte(s[from:], '[')
		if i < 0 {
			return -1, -1
		}
		i += from
		if j := markEnd(s, i+1); j > 0 {
			return i, j
		}
		from = i + 1
	}
}

// markEnd reads numbers joined by "," or "–" from s[j:] up to the closing "]" and returns the index
// after it, or -1 if s[j:] does not continue a mark.
func markEnd(s string, j int) int {
	for {
		k := j
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		switch {
		case k == j:
			return -1 // a number must follow "[", "," and "–"
		case strings.HasPrefix(s[k:], "]"):
			return k + 1
		case strings.HasPrefix(s[k:], ","):
			j = k + 1
		case strings.HasPrefix(s[k:], "–"):
			j = k + len("–")
		default:
			return -1
		}
	}
}
