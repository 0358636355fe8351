package ui

import (
	"image/color"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/flow"
	"github.com/cyberid/cyberid/lesson"
)

var (
	lightBGMsg = tea.BackgroundColorMsg{Color: color.RGBA{0xFA, 0xFA, 0xFA, 0xFF}}
	darkBGMsg  = tea.BackgroundColorMsg{Color: color.RGBA{0x1A, 0x1A, 0x1A, 0xFF}}
)

// themed is a model at 80×24 on the login-a step (new items, sourced markers and illustrative values
// all on screen), in a theme, after the terminal has answered with a background colour (nil: no answer).
func themedModel(t *testing.T, theme Theme, bg *tea.BackgroundColorMsg) *Model {
	t.Helper()
	return themedOn(t, walkthrough(t), theme, bg)
}

// themedOn is themedModel, on another walkthrough.
func themedOn(t *testing.T, w *content.Walkthrough, theme Theme, bg *tea.BackgroundColorMsg) *Model {
	t.Helper()
	i, ok := w.StepIndex("login-a")
	if !ok {
		t.Fatal("no step login-a")
	}
	m := New(w, Options{Start: i, Theme: theme})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	if bg != nil {
		m.Update(*bg)
	}
	// Under the default every item in this pane is sourced; the same-number what-if adds an item that
	// is unsourced and assumed, so that the frame carries every kind of mark a theme must draw.
	m.setAssumptions(flow.Assumptions{Identifier: flow.SameNumber})
	return m
}

var themeCases = []struct {
	name  string
	theme Theme
	bg    *tea.BackgroundColorMsg
}{
	{"dark", ThemeDark, nil},
	{"light", ThemeLight, nil},
	{"high-contrast", ThemeHighContrast, &darkBGMsg},
	{"high-contrast-light", ThemeHighContrast, &lightBGMsg},
}

// Golden frames per theme with the colour escapes kept: a change of palette or attributes shows up
// here (go test ./ui -run TestThemeGoldenFrames -update rewrites them after a deliberate change).
func TestThemeGoldenFrames(t *testing.T) {
	for _, c := range themeCases {
		t.Run(c.name, func(t *testing.T) {
			frame := themedOn(t, fixture(t), c.theme, c.bg).Frame()
			if !strings.Contains(frame, "\x1b[") {
				t.Fatal("frame has no colour escapes")
			}
			golden.RequireEqual(t, frame)
		})
	}
}

// Auto follows the terminal's answer, asks for it in Init, and is dark until it comes; fixed themes
// ignore it.
func TestAutoThemeFollowsBackground(t *testing.T) {
	if themedModel(t, ThemeAuto, nil).Init() == nil {
		t.Error("auto theme does not ask the terminal for its background")
	}
	if themedModel(t, ThemeDark, nil).Init() != nil || themedModel(t, ThemeLight, nil).Init() != nil {
		t.Error("a fixed dark or light theme asks for the background it ignores")
	}
	dark := themedModel(t, ThemeDark, nil).Frame()
	light := themedModel(t, ThemeLight, nil).Frame()
	if dark == light {
		t.Fatal("dark and light frames are the same")
	}
	if got := themedModel(t, ThemeAuto, nil).Frame(); got != dark {
		t.Error("auto before the terminal answers is not the dark theme")
	}
	if got := themedModel(t, ThemeAuto, &lightBGMsg).Frame(); got != light {
		t.Error("auto on a light background is not the light theme")
	}
	if got := themedModel(t, ThemeAuto, &darkBGMsg).Frame(); got != dark {
		t.Error("auto on a dark background is not the dark theme")
	}
	if got := themedModel(t, ThemeDark, &lightBGMsg).Frame(); got != dark {
		t.Error("--theme dark changed on a light background")
	}
	if got := themedModel(t, ThemeLight, &darkBGMsg).Frame(); got != light {
		t.Error("--theme light changed on a dark background")
	}
	// The narrative follows the background too: on a light one its text is the light theme's near-black.
	m := themedModel(t, ThemeAuto, &lightBGMsg)
	if !strings.Contains(strings.Join(m.narr.lines, "\n"), "38;2;26;26;26m") {
		t.Error("the narrative on a light background is not in the light theme's text colour")
	}
}

func TestParseTheme(t *testing.T) {
	for s, want := range map[string]Theme{"": ThemeAuto, "auto": ThemeAuto, "dark": ThemeDark, "light": ThemeLight, "high-contrast": ThemeHighContrast} {
		if got, ok := ParseTheme(s); !ok || got != want {
			t.Errorf("ParseTheme(%q) = %v, %v", s, got, ok)
		}
	}
	for _, s := range []string{"Dark", "hc", "blue"} {
		if _, ok := ParseTheme(s); ok {
			t.Errorf("ParseTheme(%q) accepted", s)
		}
	}
}

// In every theme the meaning survives without colour: new items start with "+ ", sourced ones carry
// [n] markers, sample values are labelled illustrative, and what follows from an assumption, assumed.
func TestMarksWithoutColour(t *testing.T) {
	marker := lesson.MarkPattern
	for _, c := range themeCases {
		plain := ansi.Strip(themedModel(t, c.theme, c.bg).Frame())
		pane := paneRows(plain)
		for _, want := range []string{"│ + ", "(illustrative)", "illustrative: ", "(assumed)"} {
			if !strings.Contains(pane, want) {
				t.Errorf("%s: the platform pane lacks %q without colour:\n%s", c.name, want, plain)
			}
		}
		if !marker.MatchString(pane) {
			t.Errorf("%s: no [n] marker in the pane without colour:\n%s", c.name, plain)
		}
	}
}

// paneRows is the frame's lines inside a pane border.
func paneRows(plain string) string {
	var b strings.Builder
	for _, l := range strings.Split(plain, "\n") {
		if strings.HasPrefix(l, "│") || strings.HasPrefix(l, "┃") {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// High contrast differs from dark in more than colour: it has one foreground colour of maximal
// contrast, never faint text, and marks sourced, new and illustrative entries with attributes that a
// monochrome projector still shows, where dark tells sourced markers apart by hue alone.
func TestHighContrastMoreThanColour(t *testing.T) {
	for _, c := range []struct {
		name string
		bg   *tea.BackgroundColorMsg
		fg   color.Color
		back color.Color
	}{
		{"on dark", &darkBGMsg, color.White, color.Black},
		{"on light", &lightBGMsg, color.Black, color.White},
	} {
		t.Run(c.name, func(t *testing.T) {
			hc := sgrCells(themedModel(t, ThemeHighContrast, c.bg).Frame())
			for _, line := range hc {
				for _, cl := range line {
					if cl.faint {
						t.Fatalf("faint text in high contrast: %q", cellsText(line))
					}
					if cl.fg != nil && cl.r != ' ' {
						if r := wcagContrast(cl.fg, c.back); r < 15 {
							t.Fatalf("foreground %v has contrast %.1f:1 on %v in %q", cl.fg, r, c.back, cellsText(line))
						}
					}
				}
			}
			assertMarks(t, "high contrast", hc, func(kind string, cl sgrCell) bool {
				switch kind {
				case "marker":
					return cl.underline
				case "new":
					return cl.bold
				case "illustrative":
					return cl.italic && !cl.faint
				case "party":
					return cl.reverse
				}
				return false
			})
		})
	}

	// Dark tells markers apart by hue alone: no attribute, a colour of their own. This is what high
	// contrast must not rely on, and what makes the comparison above mean something.
	dark := sgrCells(themedModel(t, ThemeDark, nil).Frame())
	markers := 0
	forMarks(dark, func(kind string, line []sgrCell, i int) {
		if kind != "marker" {
			return
		}
		markers++
		cl := line[i]
		if cl.underline || cl.reverse {
			t.Errorf("dark marks markers with an attribute in %q", cellsText(line))
		}
		if cl.fg == nil || line[2].fg == nil || sameRGB(cl.fg, line[2].fg) {
			t.Errorf("dark markers have no colour of their own in %q", cellsText(line))
		}
	})
	if markers == 0 {
		t.Fatal("no marker found in the dark frame")
	}
}

func sameRGB(a, b color.Color) bool {
	r1, g1, b1, _ := a.RGBA()
	r2, g2, b2, _ := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2
}

// assertMarks checks that every sgrCell of every mark of each kind passes ok.
func assertMarks(t *testing.T, theme string, lines [][]sgrCell, ok func(kind string, cl sgrCell) bool) {
	t.Helper()
	seen := map[string]bool{}
	forMarks(lines, func(kind string, line []sgrCell, i int) {
		seen[kind] = true
		if !ok(kind, line[i]) {
			t.Errorf("%s: %s mark %q lacks its attribute in %q", theme, kind, string(line[i].r), cellsText(line))
		}
	})
	for _, k := range []string{"marker", "new", "illustrative", "party"} {
		if !seen[k] {
			t.Errorf("%s: no %s mark on screen", theme, k)
		}
	}
}

var (
	themeMarkerRE       = lesson.MarkPattern
	themeNewRE          = regexp.MustCompile(`^│ (\+ [^[(]+)`)
	themeIllustrativeRE = regexp.MustCompile(`\(illustrative\)`)
	themePartyRE        = regexp.MustCompile(`\[(You|A)\]`)
)

// forMarks calls f for every sgrCell of the marks in the panes and the diagram: sourced markers, new
// items' "+" and label, "(illustrative)" labels and the parties the step's message joins.
func forMarks(lines [][]sgrCell, f func(kind string, line []sgrCell, i int)) {
	for li, line := range lines {
		text := cellsText(line)
		inPane := strings.HasPrefix(text, "│")
		kinds := map[string]*regexp.Regexp{}
		if inPane {
			kinds["marker"], kinds["new"], kinds["illustrative"] = themeMarkerRE, themeNewRE, themeIllustrativeRE
		}
		if li == 1 {
			kinds["party"] = themePartyRE
		}
		for kind, re := range kinds {
			for _, loc := range re.FindAllStringSubmatchIndex(text, -1) {
				from, to := loc[0], loc[1]
				if len(loc) > 2 {
					from, to = loc[2], loc[3]
				}
				for i := utf8.RuneCountInString(text[:from]); i < utf8.RuneCountInString(text[:to]); i++ {
					if line[i].r != ' ' {
						f(kind, line, i)
					}
				}
			}
		}
	}
}

// sgrCell is one rune of a frame with the SGR state it was drawn in.
type sgrCell struct {
	r                                       rune
	fg                                      color.Color
	bold, faint, italic, underline, reverse bool
}

func cellsText(line []sgrCell) string {
	rs := make([]rune, len(line))
	for i, c := range line {
		rs[i] = c.r
	}
	return string(rs)
}

var themeSGRRE = regexp.MustCompile("\x1b\\[([0-9;:]*)m")

// sgrCells reads a frame into lines of cells, following the SGR sequences lipgloss and glamour write.
func sgrCells(frame string) [][]sgrCell {
	var out [][]sgrCell
	var st sgrCell
	for _, l := range strings.Split(frame, "\n") {
		var line []sgrCell
		for len(l) > 0 {
			loc := themeSGRRE.FindStringSubmatchIndex(l)
			text := l
			if loc != nil {
				text = l[:loc[0]]
			}
			for _, r := range ansi.Strip(text) {
				c := st
				c.r = r
				line = append(line, c)
			}
			if loc == nil {
				break
			}
			st = applySGR(st, l[loc[2]:loc[3]])
			l = l[loc[1]:]
		}
		out = append(out, line)
	}
	return out
}

func applySGR(st sgrCell, params string) sgrCell {
	ps := strings.Split(params, ";")
	for i := 0; i < len(ps); i++ {
		p := ps[i]
		if strings.HasPrefix(p, "4:") {
			st.underline = p != "4:0"
			continue
		}
		n, _ := strconv.Atoi(p)
		switch n {
		case 0:
			st = sgrCell{}
		case 1:
			st.bold = true
		case 2:
			st.faint = true
		case 3:
			st.italic = true
		case 4:
			st.underline = true
		case 7:
			st.reverse = true
		case 22:
			st.bold, st.faint = false, false
		case 23:
			st.italic = false
		case 24:
			st.underline = false
		case 27:
			st.reverse = false
		case 39:
			st.fg = nil
		case 38, 48:
			var c color.Color
			switch {
			case i+1 < len(ps) && ps[i+1] == "5" && i+2 < len(ps):
				k, _ := strconv.Atoi(ps[i+2])
				c = ansi.IndexedColor(k)
				i += 2
			case i+1 < len(ps) && ps[i+1] == "2" && i+4 < len(ps):
				r, _ := strconv.Atoi(ps[i+2])
				g, _ := strconv.Atoi(ps[i+3])
				b, _ := strconv.Atoi(ps[i+4])
				c = color.RGBA{uint8(r), uint8(g), uint8(b), 0xFF}
				i += 4
			}
			if n == 38 {
				st.fg = c
			}
		default:
			if n >= 30 && n <= 37 || n >= 90 && n <= 97 {
				st.fg = ansi.BasicColor(n % 10)
			}
		}
	}
	return st
}

// contrast is the WCAG 2 contrast ratio of two colours, from 1 to 21.
func wcagContrast(a, b color.Color) float64 {
	la, lb := wcagLuminance(a), wcagLuminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func wcagLuminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xFFFF
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func TestContrastFormula(t *testing.T) {
	if r := wcagContrast(color.White, color.Black); math.Abs(r-21) > 0.01 {
		t.Errorf("white on black: %.2f, want 21", r)
	}
	if r := wcagContrast(color.White, color.White); r != 1 {
		t.Errorf("white on white: %.2f, want 1", r)
	}
}

// The narrative's citation markers are marks like the panes' ones: a colour of their own on a dark
// background, underlined in high contrast (the frame tests above check every marker they find).
func TestNarrativeMarkers(t *testing.T) {
	darkMark := NewStyles(ThemeDark, true).Mark.GetForeground() // the marker's colour, not the text's
	for _, c := range []struct {
		theme Theme
		bg    *tea.BackgroundColorMsg
		ok    func(cl sgrCell) bool
	}{
		{ThemeHighContrast, &darkBGMsg, func(cl sgrCell) bool { return cl.underline }},
		{ThemeHighContrast, &lightBGMsg, func(cl sgrCell) bool { return cl.underline }},
		{ThemeDark, nil, func(cl sgrCell) bool { return cl.fg != nil && sameRGB(cl.fg, darkMark) && !cl.underline }},
	} {
		found := 0
		for _, line := range sgrCells(themedModel(t, c.theme, c.bg).Frame()) {
			text := cellsText(line)
			if strings.HasPrefix(text, "│") || strings.HasPrefix(text, "╭") {
				continue // the panes, checked by forMarks
			}
			for _, loc := range themeMarkerRE.FindAllStringIndex(text, -1) {
				i := utf8.RuneCountInString(text[:loc[0]])
				found++
				if !c.ok(line[i]) {
					t.Errorf("theme %v: marker at %d of %q is not marked: %+v", c.theme, i, text, line[i])
				}
			}
		}
		if found == 0 {
			t.Errorf("theme %v: no marker in the narrative to check", c.theme)
		}
	}
}

// On a terminal that shows no styles (TERM=dumb) the narrative's emphasis becomes asterisks, so
// that "a hacker *claimed*" keeps its doubt; with styles it is italic and has none.
func TestEmphasisWithoutStyles(t *testing.T) {
	step := -1
	for i, p := range sized(t, 120, 40, Options{}).Pages() {
		if strings.Contains(p.Narrative, "*claimed*") {
			step = i
		}
	}
	if step < 0 {
		t.Fatal("no narrative has the emphasis this test looks for")
	}
	narrative := func(profile colorprofile.Profile) string {
		m := sized(t, 120, 40, Options{Start: step})
		m.Update(tea.ColorProfileMsg{Profile: profile})
		return ansi.Strip(strings.Join(m.narr.lines, "\n"))
	}
	if got := narrative(colorprofile.NoTTY); !strings.Contains(got, "*claimed*") {
		t.Errorf("no styles, yet the emphasis has no asterisks:\n%s", got)
	}
	if got := narrative(colorprofile.TrueColor); strings.Contains(got, "*claimed*") || !strings.Contains(got, "claimed") {
		t.Errorf("with styles the emphasis should be italic only:\n%s", got)
	}
}
