package termmd

import (
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// plain renders with no styles, so that the tests read the layout alone.
func plain(md string, width int) string { return strings.Join(Render(md, width, Styles{}), "\n") }

func TestLayout(t *testing.T) {
	for _, c := range []struct {
		name, md string
		width    int
		want     string
	}{
		{"paragraphs wrap at spaces and keep one blank line between them",
			"One two three four five six.\n\n\n\nSeven eight.", 12,
			"One two\nthree four\nfive six.\n\nSeven eight."},
		{"soft line breaks are spaces", "one\ntwo\nthree", 40, "one two three"},
		{"a hard line break stays", "one  \ntwo", 40, "one\ntwo"},
		{"emphasis and strong keep their words", "a **bold phrase** and *this*", 40, "a bold phrase and this"},
		{"a marker stays with the word before it", "the network number is lifelong.[3] Next", 32,
			"the network number is\nlifelong.[3] Next"},
		{"bullets hang their continuation lines", "- one two three four\n- five", 12,
			"• one two\n  three four\n• five"},
		{"ordered lists count from their start", "3. three\n4. four\n5. five six seven eight", 14,
			"3. three\n4. four\n5. five six\n   seven eight"},
		{"nested lists indent under their item", "- outer\n  - inner words here\n- next", 14,
			"• outer\n  • inner\n    words here\n• next"},
		{"a list after a paragraph is set off", "Intro:\n\n- a\n- b\n\nAfter.", 20, "Intro:\n\n• a\n• b\n\nAfter."},
		{"quotes keep their bar on every line", "> a quoted line that wraps", 14, "│ a quoted\n│ line that\n│ wraps"},
		{"a quote's blank lines keep its bar", "> one\n>\n> two\n\nAfter.", 20, "│ one\n│\n│ two\n\nAfter."},
		{"headings are their text", "# Title\n\nText.", 20, "Title\n\nText."},
		{"code blocks keep their spaces and are cut, not wrapped", "```\nif  x {\n\ty()\n}\n```", 6,
			"if  x \n{\n    y(\n)\n}"},
		{"code spans are their text", "run `go test` now", 40, "run go test now"},
		{"a link shows where it goes", "[the guide](https://example.org/g)", 60, "the guide (https://example.org/g)"},
		{"a link whose text is its address shows it once", "<https://example.org>", 60, "https://example.org"},
		{"escapes and entities are resolved", `a \*star\* &amp; &#x4E2D;`, 40, "a *star* & 中"},
		{"a word wider than the line is cut", "abcdefghij", 4, "abcd\nefgh\nij"},
		{"a rule fills the line", "a\n\n---\n\nb", 5, "a\n\n─────\n\nb"},
		{"control characters are dropped", "a\x1b[31mred\x07 b\r", 40, "a[31mred b"},
		{"an empty document is no lines", "", 10, ""},
		{"a code span over a line end keeps a space", "`a\nb` c", 40, "a b c"},
		{"HTML is dropped, inline and as a block", "a <!-- note --> b\n\n<!--\nmulti\n-->\n\nc", 40, "a b\n\nc"},
		{"an empty list item keeps its bullet", "1.\n2. b", 40, "1.\n2. b"},
		{"a character widened by a zero-width one after it never overflows", "[1]\uFE0F", 3, "[1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := plain(c.md, c.width); got != c.want {
				t.Errorf("Render(%q, %d):\n%s\nwant:\n%s", c.md, c.width, got, c.want)
			}
		})
	}
}

// Chinese has no spaces: lines break between characters, but never before closing punctuation or
// after opening punctuation, and no character is ever split or pushed past the width.
func TestChineseWraps(t *testing.T) {
	md := "国家网络身份认证公共服务，是由国家主导建设的（网号、网证）基础设施。Cyberspace ID 网号"
	for width := 1; width <= 40; width++ {
		lines := Render(md, width, Styles{})
		if got := strings.Join(lines, ""); strings.ReplaceAll(got, " ", "") != strings.ReplaceAll(md, " ", "") && width > 1 {
			t.Fatalf("width %d: text changed: %q", width, got)
		}
		for i, l := range lines {
			if w := ansi.StringWidth(l); w > width {
				t.Errorf("width %d: line %q is %d wide", width, l, w)
			}
			if width >= 4 && i > 0 && strings.ContainsAny(firstChar(l), "，。、）") {
				t.Errorf("width %d: line %q starts with closing punctuation", width, l)
			}
			if width >= 4 && strings.HasSuffix(l, "（") {
				t.Errorf("width %d: line %q ends with opening punctuation", width, l)
			}
		}
	}
	if got := plain("网号网证", 5); got != "网号\n网证" {
		t.Errorf("got %q, want two characters a line", got)
	}
	if got := plain("网号2024年", 6); got != "网号\n2024年" {
		t.Errorf("got %q, want a break before the digits", got)
	}
}

// In plain text emphasis keeps its asterisks when asked, so that "claimed" still reads as doubt.
func TestAsteriskEmphasis(t *testing.T) {
	md := "a hacker *claimed* it, **bold** stays plain"
	if got := strings.Join(Render(md, 60, Styles{AsteriskEmphasis: true}), "\n"); got != "a hacker *claimed* it, bold stays plain" {
		t.Errorf("got %q", got)
	}
	if got := plain(md, 60); got != "a hacker claimed it, bold stays plain" {
		t.Errorf("without the option: %q", got)
	}
}

func firstChar(s string) string {
	for _, r := range s {
		return string(r)
	}
	return ""
}

// Every line carries its own styles, each kind of text takes its own style, and spaces inside a
// styled phrase keep it.
func TestStyles(t *testing.T) {
	st := Styles{
		Strong: lipgloss.NewStyle().Bold(true),
		Emph:   lipgloss.NewStyle().Italic(true),
		Mark:   lipgloss.NewStyle().Underline(true),
		Bullet: lipgloss.NewStyle().Foreground(lipgloss.Color("#FF0000")),
	}
	lines := Render("- a **bold phrase that wraps** and *soft*.[12]", 20, st)
	joined := strings.Join(lines, "\n")
	for _, want := range []string{
		"\x1b[38;2;255;0;0m• \x1b[m",
		"\x1b[1mbold phrase that\x1b[m",
		"\x1b[3msoft\x1b[m.",
		"\x1b[4m[12]\x1b[m",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("missing %q in\n%q", want, joined)
		}
	}
	for _, l := range lines {
		if i := strings.LastIndex(l, "\x1b["); i >= 0 && !strings.HasPrefix(l[i:], "\x1b[m") && !strings.HasPrefix(l[i:], "\x1b[0m") {
			t.Errorf("line %q leaves a style open", l)
		}
	}
	if got := ansi.Strip(joined); got != "• a bold phrase that\n  wraps and\n  soft.[12]" {
		t.Errorf("styled layout differs from plain: %q", got)
	}
}

// No input and no width makes a line wider than the width or panics: Markdown from the content
// files, random mixtures of its syntax, and every width from 1 to 130.
func TestWidthProperty(t *testing.T) {
	pieces := []string{"word", " ", "\n", "\n\n", "- ", "1. ", "> ", "**", "*", "`", "[3]", "[", "]", "(x)",
		"网号", "，", "（", "）", "# ", "```\n", "    code", "\t", "---\n", "https://example.org/a/very/long/address",
		"antidisestablishmentarianism", "é", "👩‍👩‍👧", "&amp;", "\\", "<b>", "  \n",
		// Zero-width characters that join the cluster before them, even across a span's end.
		"\uFE0F", "\u0301", "\uFEFF", "\u200d", "☺", "<!-- c -->"}
	rng := rand.New(rand.NewPCG(7, 11))
	for n := range 400 {
		var b strings.Builder
		for range rng.IntN(60) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		md := b.String()
		for _, width := range []int{1, 2, 3, 5, 8, 13, 40, 130} {
			checkWidth(t, md, width)
		}
		if t.Failed() {
			t.Fatalf("case %d failed", n)
		}
	}
}

// checkWidth renders styled and plain: styles put escape codes between spans, plain text does not.
func checkWidth(t *testing.T, md string, width int) {
	t.Helper()
	for _, st := range []Styles{{Mark: lipgloss.NewStyle().Bold(true)}, {}} {
		for _, l := range Render(md, width, st) {
			if w := ansi.StringWidth(l); w > width {
				t.Errorf("Render(%q, %d): line %q is %d wide", md, width, l, w)
			}
		}
	}
}

// The SSH classroom renders for many sessions at once: Render shares only goldmark's parser, which
// is made for that (go test -race checks it).
func TestRenderConcurrently(t *testing.T) {
	md := "- a **b** [1]\n- 网号，网证\n\n> quote"
	want := plain(md, 12)
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for range 8 {
		wg.Go(func() {
			for range 50 {
				if got := plain(md, 12); got != want {
					errs <- got
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for got := range errs {
		t.Errorf("a concurrent rendering differs: %q", got)
	}
}

func FuzzRender(f *testing.F) {
	for _, s := range []string{"", "a **b** [1]", "- a\n  - b\n\n> c", "网号，网证（a）", "```\n\tx\n```", "[a](b)"} {
		f.Add(s, 20)
	}
	f.Fuzz(func(t *testing.T, md string, width int) {
		width = 1 + int(uint(width)%200) // every int, math.MinInt too, to 1–200
		checkWidth(t, md, width)
	})
}

func BenchmarkRender(b *testing.B) {
	md := strings.Repeat("The centre keeps the link between your **network number** and your real identity, "+
		"and must hand it over when the law requires.[3]\n\n- 网号, network number: a string of letters\n- and digits.[4]\n\n", 8)
	st := Styles{Strong: lipgloss.NewStyle().Bold(true), Mark: lipgloss.NewStyle().Foreground(lipgloss.Color("#6EC8F0"))}
	b.ReportAllocs()
	for b.Loop() {
		Render(md, 76, st)
	}
}

// A citation mark is found whole however many numbers it joins, and nothing else is taken for one.
func TestNextMarker(t *testing.T) {
	for _, c := range []struct {
		s    string
		want string
	}{
		{"x.[3] y", "[3]"},
		{"x.[1,4] y", "[1,4]"},
		{"x.[3–5] y", "[3–5]"},
		{"x.[1,18–20,31]", "[1,18–20,31]"},
		{"[S1] [a] [1,] [,1] [1–] [] then [7]", "[7]"},
		{"no mark [1-2]", ""},
	} {
		got := ""
		if i, j := nextMarker(c.s); i >= 0 {
			got = c.s[i:j]
		}
		if got != c.want {
			t.Errorf("nextMarker(%q) = %q, want %q", c.s, got, c.want)
		}
	}
}
