package markdown

import (
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// plain renders with no styles, so that the tests read the layout alone.
func plain(md string, width int) string { return strings.Join(RenderPlain(md, width), "\n") }

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
		{"emphasis keeps asterisks, strong its words", "a **bold phrase** and *this*", 40, "a bold phrase and *this*"},
		{"a marker stays with the word before it", "the network number is lifelong.[3] Next", 32,
			"the network number is\nlifelong.[3] Next"},
		{"a marker after a space stays with its word", "the network number is lifelong [3][4] Next", 32,
			"the network number is\nlifelong [3][4] Next"},
		{"bullets hang their continuation lines", "- one two three four\n- five", 12,
			"• one two\n  three four\n• five"},
		{"nested lists indent under their item", "- outer\n  - inner words here\n- next", 14,
			"• outer\n  • inner\n    words here\n• next"},
		{"ordered lists count from their start", "3. three\n4. four", 14, "3. three\n4. four"},
		{"a list after a paragraph is set off", "Intro:\n\n- a\n- b\n\nAfter.", 20, "Intro:\n\n• a\n• b\n\nAfter."},
		{"quotes keep their bar on every line", "> a quoted line that wraps", 14, "▏a quoted line\n▏that wraps"},
		{"headings are their text", "# Title\n\nText.", 20, "Title\n\nText."},
		{"a link shows where it goes", "[the guide](https://example.org/g)", 60, "the guide https://example.org/g"},
		{"escapes and entities are resolved", `a \*star\* &amp; &#x4E2D;`, 40, "a *star* & 中"},
		{"a word wider than the line is cut", "abcdefghij", 4, "abcd\nefgh\nij"},
		{"control characters are dropped", "a\x1b[31mred\x07 b\r", 40, "a[31mred b"},
		{"an empty document is no lines", "", 10, ""},
		{"HTML is dropped, inline and as a block", "a <!-- note --> b\n\n<!--\nmulti\n-->\n\nc", 40, "a  b\n\nc"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := plain(c.md, c.width); got != c.want {
				t.Errorf("RenderPlain(%q, %d):\n%s\nwant:\n%s", c.md, c.width, got, c.want)
			}
		})
	}
}

// A marker never wraps away from its word, at any width where the word and its markers fit on a
// line at all (the longest here, "characters".[4][5][6], is 21 wide; 23 with a list's indent).
func TestMarkersStayWithTheirWord(t *testing.T) {
	md := "Now you log in to a platform such as WeChat with your new ID.[1] Instead of your ID number, you " +
		"present your credential, for example as a QR code to be scanned.[2][3] They get \"only a private " +
		"stream of characters\".[4][5][6] and more [7]"
	// In a list glamour may also break after , . ; - + and |.
	list := "- " + md + "\n- a list, item,[8] and; more;[9] and e-[10] and a|[11] b+[12]"
	for width := 23; width <= 120; width++ {
		for _, l := range append(RenderPlain(md, width), RenderPlain(list, width)...) {
			if strings.HasPrefix(strings.TrimLeft(l, " "), "[") {
				t.Fatalf("width %d: a line starts with a marker: %q", width, l)
			}
		}
	}
}

// Chinese has no spaces: glamour breaks lines between characters, and no character is ever split
// or pushed past the width.
func TestChineseNeverOverflows(t *testing.T) {
	md := "国家网络身份认证公共服务，是由国家主导建设的（网号、网证）基础设施。Cyberspace ID 网号"
	for width := 2; width <= 40; width++ {
		lines := RenderPlain(md, width)
		if got := strings.Join(lines, ""); strings.ReplaceAll(got, " ", "") != strings.ReplaceAll(md, " ", "") {
			t.Fatalf("width %d: text changed: %q", width, got)
		}
		for _, l := range lines {
			if w := ansi.StringWidth(l); w > width {
				t.Errorf("width %d: line %q is %d wide", width, l, w)
			}
		}
	}
}

// Markers take the code style, which the caller sets to its marker colour; every line closes the
// styles it opens, and nothing is written after its last character.
func TestStyles(t *testing.T) {
	st := Base()
	st.Text.Color = ptr("#EEEEEE")
	st.Strong.Bold = ptr(true)
	st.Emph.Italic = ptr(true)
	st.Code.Underline = ptr(true)
	st.Item.Color = ptr("#FF0000")
	lines := Render("- a **bold phrase that wraps** and *soft*.[12] then more words to wrap the line", 20, st)
	joined := strings.Join(lines, "\n")
	for _, want := range []string{"\x1b[38;2;255;0;0m• ", "bold phrase", "\x1b[4m[12]\x1b[m"} {
		if !strings.Contains(joined, want) {
			t.Errorf("missing %q in\n%q", want, joined)
		}
	}
	for _, l := range lines {
		if i := strings.LastIndex(l, "\x1b["); i >= 0 && !strings.HasPrefix(l[i:], "\x1b[m") && !strings.HasPrefix(l[i:], "\x1b[0m") {
			t.Errorf("line %q leaves a style open", l)
		}
		if strings.HasSuffix(ansi.Strip(l), " ") {
			t.Errorf("line %q ends in a space", l)
		}
	}
	if got, want := ansi.Strip(joined), plain("- a **bold phrase that wraps** and soft.[12] then more words to wrap the line", 20); got != want {
		t.Errorf("styled layout differs from plain:\n%s\nwant\n%s", got, want)
	}
}

// No input and no width makes a line wider than the width or panics: Markdown from the content
// files, random mixtures of its syntax, and widths from 1 to 130.
func TestWidthProperty(t *testing.T) {
	pieces := []string{"word", " ", "\n", "\n\n", "- ", "1. ", "> ", "**", "*", "`", "[3]", "[", "]", "(x)",
		"网号", "，", "（", "）", "# ", "```\n", "    code", "\t", "---\n", "https://example.org/a/very/long/address",
		"antidisestablishmentarianism", "é", "👩‍👩‍👧", "&amp;", "\\", "<b>", "  \n",
		"\uFE0F", "\u0301", "\uFEFF", "\u200d", "☺", "<!-- c -->"}
	rng := rand.New(rand.NewPCG(7, 11))
	for n := range 150 {
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

// checkWidth renders styled and plain.
func checkWidth(t *testing.T, md string, width int) {
	t.Helper()
	st := Base()
	st.Code.Bold = ptr(true)
	for _, lines := range [][]string{Render(md, width, st), RenderPlain(md, width)} {
		for _, l := range lines {
			if w := ansi.StringWidth(l); w > width {
				t.Errorf("Render(%q, %d): line %q is %d wide", md, width, l, w)
			}
		}
	}
}

// The SSH classroom renders for many sessions at once: each rendering has its own glamour renderer
// (go test -race checks that nothing else is shared).
func TestRenderConcurrently(t *testing.T) {
	md := "- a **b** [1]\n- 网号，网证\n\n> quote"
	want := plain(md, 12)
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for range 8 {
		wg.Go(func() {
			for range 20 {
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
	st := Base()
	st.Strong.Bold = ptr(true)
	st.Code.Color = ptr("#6EC8F0")
	b.ReportAllocs()
	for b.Loop() {
		Render(md, 76, st)
	}
}

// A citation mark is found whole however many numbers it joins, and nothing else is taken for one.
func TestMarkForms(t *testing.T) {
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
		if m := markers.FindStringSubmatch(c.s); m != nil {
			got = m[2]
		}
		if got != c.want {
			t.Errorf("the mark in %q = %q, want %q", c.s, got, c.want)
		}
	}
}

// Punctuation stays with the word before it: in a list glamour may break a line at , . and ;, and
// where the word before just fills the line, the punctuation was left alone at the start of the
// next ("it" / ","). No line, at any width, starts with one of them.
func TestPunctuationStaysWithItsWord(t *testing.T) {
	md := "- A Tsinghua researcher told CCTV that the network number is unique and lifelong.[48] If every " +
		"platform saw it, WeChat and Taobao could match their accounts; a common login standard, OpenID " +
		"Connect, calls such an identifier \"public\".[63] Last."
	for width := 12; width <= 200; width++ {
		for _, l := range RenderPlain(md, width) {
			if t2 := strings.TrimLeft(l, " "); t2 != "" && strings.ContainsRune(",.;", []rune(t2)[0]) {
				t.Fatalf("width %d: a line starts with punctuation: %q", width, l)
			}
		}
	}
}
