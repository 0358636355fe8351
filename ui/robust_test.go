package ui

import (
	"fmt"
	"image/color"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// These tests look for inputs that break the screen: sizes, key streams, junk. Each failure names the
// seed or size, so that it can be replayed.

// checkFrame is what must hold for any frame: exactly h lines, none wider than w, and from 60×20 up
// the header's step counter and the footer's quit key.
func checkFrame(t *testing.T, m *Model, what string) {
	t.Helper()
	w, h := m.width, m.height
	frame := m.Frame()
	if w <= 0 || h <= 0 {
		if frame != "" {
			t.Fatalf("%s at %d×%d: a frame for no screen: %q", what, w, h, frame)
		}
		return
	}
	if !utf8.ValidString(frame) {
		t.Fatalf("%s at %d×%d: the frame is not valid UTF-8 (a character was split)", what, w, h)
	}
	lines := strings.Split(frame, "\n")
	if len(lines) != h {
		t.Fatalf("%s at %d×%d: %d lines", what, w, h, len(lines))
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Fatalf("%s at %d×%d: line %d is %d wide: %q", what, w, h, i, lw, ansi.Strip(l))
		}
	}
	if w >= MinWidth && h >= MinHeight {
		for i, l := range m.rows() {
			if lw := ansi.StringWidth(l); lw > w {
				t.Fatalf("%s at %d×%d: the layout made line %d %d wide, for the last guard to cut: %q", what, w, h, i, lw, ansi.Strip(l))
			}
		}
	}
	if w < MinWidth || h < MinHeight {
		if w >= 20 && h >= 6 && !strings.Contains(ansi.Strip(frame), "too small") {
			t.Fatalf("%s at %d×%d: no 'too small' notice:\n%s", what, w, h, ansi.Strip(frame))
		}
		return
	}
	if counter := fmt.Sprintf("Step %d of %d", m.step+1, len(m.pages)); !strings.Contains(ansi.Strip(lines[0]), counter) {
		t.Fatalf("%s at %d×%d: no %q in the header: %q", what, w, h, counter, ansi.Strip(lines[0]))
	}
	// Help and the way out are on screen at every size: the footer ends with them (while a search
	// is typed, letters are text, and it ends with the keys that work there).
	tail := "? help • q quit"
	if m.screen == screenSearch && m.study.search.typing {
		tail = "esc close • ctrl+c quit"
	}
	if foot := ansi.Strip(lines[h-1]); !strings.HasSuffix(foot, tail) {
		t.Fatalf("%s at %d×%d: the footer does not end with %q: %q", what, w, h, tail, foot)
	}
	if m.screen == screenWalk && m.showsPanes() && !m.covered() && w >= WideWidth {
		plain := ansi.Strip(frame)
		for _, title := range PaneTitles {
			if !strings.Contains(plain, title) {
				t.Fatalf("%s at %d×%d: pane %q missing", what, w, h, title)
			}
		}
	}
}

// TestLayoutAtEverySize draws frames from 1×1 to 300×100 and checks each. Every size below 60×20 (the
// "too small" notice, cheap to draw) is drawn; above it, where each resize lays the step out again,
// every width from 60 to 300 and every height from 20 to 100 is drawn at a few sizes of the other
// dimension, plus random sizes from a seeded generator. The steps take turns, so every step is
// drawn at hundreds of sizes; every step is also drawn at the sizes around each layout threshold.
func TestLayoutAtEverySize(t *testing.T) {
	m := New(walkthrough(t), Options{})
	n := len(m.pages)
	r := rand.New(rand.NewPCG(1, 2))
	// Under the race detector every frame costs several times more, and the race detector is there
	// for the commands running beside Update, not for the layout: it draws a sparser sample.
	small, stride, random, steps := 1, 1, 500, n
	if raceEnabled || testing.Short() {
		small, stride, random, steps = 11, 4, 20, 1
	}
	draw := func(w, h int) {
		m.Update(GotoMsg{Step: (w*7 + h) % n})
		m.Update(tea.WindowSizeMsg{Width: w, Height: h})
		checkFrame(t, m, fmt.Sprintf("step %d", m.step+1))
	}
	for w := 1; w <= 300; w++ {
		for h := 1; h <= 100; h++ {
			if (w < MinWidth || h < MinHeight) && (w*100+h)%small == 0 {
				draw(w, h)
			}
		}
	}
	for w := MinWidth; w <= 300; w += stride {
		draw(w, MinHeight+r.IntN(81))
	}
	for h := MinHeight; h <= 100; h += stride {
		draw(MinWidth+r.IntN(241), h)
	}
	for range random {
		draw(MinWidth+r.IntN(241), MinHeight+r.IntN(81))
	}
	// Every step at the sizes around the thresholds (too small, tabs or side by side, narrative cap).
	widths := []int{1, 2, 3, 59, 60, 61, 79, 80, 81, 99, 100, 101, 111, 112, 113, 119, 120, 121, 200, 300}
	heights := []int{1, 2, 19, 20, 21, 24, 25, 40, 60, 100}
	for step := range n {
		if step%(n/steps) != 0 {
			continue
		}
		m.Update(GotoMsg{Step: step})
		for _, w := range widths {
			for _, h := range heights {
				m.Update(tea.WindowSizeMsg{Width: w, Height: h})
				checkFrame(t, m, fmt.Sprintf("step %d", step+1))
			}
		}
	}
}

// TestListScreensAtManySizes opens every list screen and draws it at a grid of sizes.
func TestListScreensAtManySizes(t *testing.T) {
	m := sized(t, 120, 40, Options{Start: 3})
	for _, s := range []screen{screenTOC, screenCite, screenHelp, screenSources, screenDisputes, screenGlossary, screenTimeline} {
		m.toggle(s)
		if m.screen != s {
			t.Fatalf("screen %d did not open", s)
		}
		widths, heights := []int{1, 7, 30, 59, 60, 61, 80, 99, 120, 121, 177, 300}, []int{1, 5, 19, 20, 21, 24, 40, 100}
		if raceEnabled || testing.Short() {
			widths, heights = []int{1, 59, 60, 80, 120, 300}, []int{1, 20, 24, 100}
		}
		for _, w := range widths {
			for _, h := range heights {
				m.Update(tea.WindowSizeMsg{Width: w, Height: h})
				checkFrame(t, m, fmt.Sprintf("screen %d", s))
				// Move about: the selection must stay on screen and the frame intact.
				press(m, "end")
				checkFrame(t, m, fmt.Sprintf("screen %d after end", s))
				press(m, "home", "down", "pgdown")
				checkFrame(t, m, fmt.Sprintf("screen %d after down", s))
			}
		}
		m.toggle(s)
	}
}

// bindingKeys lists every key of every binding in the default key map, found by reflection so that a
// binding added later is covered without editing this test.
func bindingKeys(t *testing.T) (keys []string, bindings []key.Binding) {
	km := reflect.ValueOf(DefaultKeyMap())
	for i := range km.NumField() {
		b, ok := km.Field(i).Interface().(key.Binding)
		if !ok {
			continue
		}
		bindings = append(bindings, b)
		keys = append(keys, b.Keys()...)
	}
	if len(keys) < 20 {
		t.Fatalf("only %d keys found in the key map", len(keys))
	}
	return keys, bindings
}

var namedKeys = map[string]rune{
	"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
	"home": tea.KeyHome, "end": tea.KeyEnd, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
	"tab": tea.KeyTab, "enter": tea.KeyEnter, "esc": tea.KeyEscape, "backspace": tea.KeyBackspace,
	"space": tea.KeySpace, "delete": tea.KeyDelete, "insert": tea.KeyInsert,
	"f1": tea.KeyF1, "f2": tea.KeyF2, "f5": tea.KeyF5, "f12": tea.KeyF12,
}

// keyPress turns a key name as bindings spell it ("ctrl+c", "shift+tab", "G", "?") into the message
// bubbletea sends for it.
func keyPress(t *testing.T, s string) tea.KeyPressMsg {
	var mod tea.KeyMod
	name := s
	for {
		switch {
		case strings.HasPrefix(name, "ctrl+") && len(name) > 5:
			mod |= tea.ModCtrl
			name = name[5:]
			continue
		case strings.HasPrefix(name, "alt+") && len(name) > 4:
			mod |= tea.ModAlt
			name = name[4:]
			continue
		case strings.HasPrefix(name, "shift+") && len(name) > 6:
			mod |= tea.ModShift
			name = name[6:]
			continue
		}
		break
	}
	if code, ok := namedKeys[name]; ok {
		k := tea.KeyPressMsg{Code: code, Mod: mod}
		if name == "space" && mod == 0 {
			k.Text = " "
		}
		return k
	}
	r, size := utf8.DecodeRuneInString(name)
	if size != len(name) {
		t.Fatalf("cannot make a key press for %q", s)
	}
	if mod != 0 {
		return tea.KeyPressMsg{Code: r, Mod: mod}
	}
	if r >= 'A' && r <= 'Z' {
		return tea.KeyPressMsg{Code: r + 'a' - 'A', ShiftedCode: r, Mod: tea.ModShift, Text: name}
	}
	return tea.KeyPressMsg{Code: r, Text: name}
}

// The generator must produce a press that each binding matches, or the key streams below would
// not test it.
func TestKeyPressCoversEveryBinding(t *testing.T) {
	_, bindings := bindingKeys(t)
	for _, b := range bindings {
		if !b.Enabled() {
			continue // e.g. f (follow), which only the SSH audience has
		}
		for _, k := range b.Keys() {
			if p := keyPress(t, k); !key.Matches(p, b) {
				t.Errorf("the press made for %q (%q) does not match its binding", k, p.String())
			}
		}
	}
}

var junkRunes = []rune("abcdefgijmorsuvwxz0123456789!@#$%^&*()_-=[]{};:'\",.<>/|\\`~ 网号证é\u00a0\u200b\u0301🙂\x00\x07\x1b\x7f")

// randomMsg picks one message a user or terminal could send: a bound key most of the time, then junk
// keys, mouse wheels and clicks, resizes, background replies and messages from outside.
func randomMsg(t *testing.T, r *rand.Rand, keys []string) tea.Msg {
	switch n := r.IntN(100); {
	case n < 60:
		return keyPress(t, keys[r.IntN(len(keys))])
	case n < 72:
		c := junkRunes[r.IntN(len(junkRunes))]
		mods := []tea.KeyMod{0, tea.ModCtrl, tea.ModAlt, tea.ModShift, tea.ModCtrl | tea.ModAlt}
		return tea.KeyPressMsg{Code: c, Text: string(c), Mod: mods[r.IntN(len(mods))]}
	case n < 74:
		return tea.KeyReleaseMsg{Code: tea.KeyRight}
	case n < 82:
		b := []tea.MouseButton{tea.MouseWheelUp, tea.MouseWheelDown, tea.MouseWheelLeft, tea.MouseWheelRight}[r.IntN(4)]
		return tea.MouseWheelMsg{X: r.IntN(400) - 50, Y: r.IntN(200) - 50, Button: b}
	case n < 84:
		return tea.MouseClickMsg{X: r.IntN(300), Y: r.IntN(100), Button: tea.MouseLeft}
	case n < 93:
		// Mostly usable sizes, sometimes tiny or huge ones.
		if r.IntN(4) == 0 {
			return tea.WindowSizeMsg{Width: r.IntN(400), Height: r.IntN(150)}
		}
		return tea.WindowSizeMsg{Width: 60 + r.IntN(200), Height: 20 + r.IntN(60)}
	case n < 95:
		return tea.BackgroundColorMsg{Color: color.Gray{Y: uint8(r.IntN(256))}}
	case n < 97:
		return GotoMsg{Step: r.IntN(40) - 10}
	case n < 98:
		return StatusMsg(strings.Repeat("状态 status ", r.IntN(20)))
	default:
		return tea.PasteMsg{Content: "junk 网号 \x1b[31m pasted"}
	}
}

// runCmd runs a command the model returned, the way bubbletea would, and gives back the messages it
// produced; commands that wait (ticks) are left behind after a short while.
func runCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(100 * time.Millisecond):
		return nil
	}
	switch msg := msg.(type) {
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, runCmd(c)...)
		}
		return out
	case tea.QuitMsg, nil:
		return nil
	}
	return []tea.Msg{msg}
}

// TestRandomKeyStreams sends thousands of seeded random messages and, after each, checks that the
// step is valid and the frame intact. Every 20th message's command is run and its result fed back,
// as the program would (a save's result, say).
func TestRandomKeyStreams(t *testing.T) {
	keys, _ := bindingKeys(t)
	streams, perStream := 3, 2000
	if raceEnabled || testing.Short() {
		streams, perStream = 1, 300
	}
	for seed := range uint64(streams) {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 7))
			m := New(walkthrough(t), Options{Start: r.IntN(14)})
			m.Update(tea.WindowSizeMsg{Width: 80 + r.IntN(150), Height: 24 + r.IntN(40)})
			var queue []tea.Msg
			for i := range perStream {
				msg := randomMsg(t, r, keys)
				if len(queue) > 0 && r.IntN(3) == 0 {
					msg, queue = queue[0], queue[1:]
				}
				what := fmt.Sprintf("seed %d, message %d (%T %v)", seed, i, msg, msg)
				_, cmd := m.Update(msg)
				if i%20 == 0 {
					queue = append(queue, runCmd(cmd)...)
				}
				if s := m.Step(); s < 0 || s >= len(m.pages) {
					t.Fatalf("%s: step %d out of range", what, s)
				}
				checkFrame(t, m, what)
				m.View()
			}
		})
	}
}

// Chinese text must wrap between characters, never through one, and never past the width. The
// glossary holds the Chinese terms; its screen is wrapped here at every width from 1 to 80.
func TestChineseWrapsCleanly(t *testing.T) {
	m := sized(t, 120, 40, Options{})
	l := m.glossaryList()
	var terms []string
	for _, g := range m.w.Glossary {
		if g.Chinese != "" {
			terms = append(terms, g.Chinese)
		}
	}
	if len(terms) == 0 {
		t.Fatal("the glossary has no Chinese terms")
	}
	for w := 1; w <= 80; w++ {
		for i, it := range l.items {
			lines := it.text(w)
			var plain strings.Builder
			for _, line := range lines {
				if !utf8.ValidString(line) || strings.ContainsRune(line, utf8.RuneError) {
					t.Fatalf("width %d, entry %d: a character was split: %q", w, i, line)
				}
				// A character two cells wide cannot fit in one cell: at width 1 it may stand alone.
				if lw := ansi.StringWidth(line); lw > max(w, 2) || (lw > w && utf8.RuneCountInString(strings.TrimSpace(ansi.Strip(line))) > 1) {
					t.Fatalf("width %d, entry %d: line %d cells wide: %q", w, i, lw, ansi.Strip(line))
				}
				plain.WriteString(strings.Join(strings.Fields(ansi.Strip(line)), ""))
			}
			// Every Chinese term is still there in order once the line breaks are taken out.
			if g := m.w.Glossary[i]; g.Chinese != "" && !strings.Contains(plain.String(), g.Chinese) {
				t.Fatalf("width %d: %q is not intact in %q", w, g.Chinese, plain.String())
			}
		}
	}
	// And on screen, at the widths the glossary is shown at.
	press(m, "i")
	step := 1
	if raceEnabled {
		step = 7
	}
	for w := MinWidth; w <= 130; w += step {
		m.Update(tea.WindowSizeMsg{Width: w, Height: 30})
		checkFrame(t, m, "glossary")
	}
}

// surelyFits never says a line fits that does not: checked against the exact measure on every kind
// of character the frames use, and on random mixtures.
func TestSurelyFits(t *testing.T) {
	pieces := []string{"a", " ", "│", "╭", "─", "▌", "▶", "…", "•", "›", "⇥", "网", "号", "é", "e\u0301", "👩‍👩‍👧", "☕",
		"\x1b[1;38;2;1;2;3m", "\x1b[m", "\x1b[4m", "\t", "\x1b]8;;x\x07", "\x1b", "〇", "\u00a0", "\u200b",
		// Broken sequences: a terminal prints what follows a cancelled one.
		"\x1b[", "\x1b[1", "\x18", "\x1a", "\x1b[\x18"}
	rng := rand.New(rand.NewPCG(3, 5))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(30) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		for _, w := range []int{0, 1, 5, 20, 40} {
			if surelyFits(s, w) && ansi.StringWidth(s) > w {
				t.Fatalf("surelyFits(%q, %d) but it is %d wide", s, w, ansi.StringWidth(s))
			}
		}
	}
}

// The walkthrough keeps to characters that measure the same by wcwidth as by grapheme clusters:
// the layout measures by graphemes (lipgloss), bubbletea's renderer by wcwidth on a terminal that
// does not announce grapheme widths (mode 2027), and where the two disagree the renderer would put
// cells where the layout did not mean them. Every step, every list screen and the quiz are checked.
func TestFramesMeasureAlike(t *testing.T) {
	w := walkthrough(t)
	check := func(m *Model, what string) {
		t.Helper()
		for _, l := range strings.Split(m.Frame(), "\n") {
			if ansi.StringWidth(l) != ansi.StringWidthWc(l) {
				t.Fatalf("%s: a character that wcwidth measures differently: %q", what, ansi.Strip(l))
			}
		}
	}
	for i := range w.Steps {
		for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
			m := sized(t, size[0], size[1], Options{Start: i})
			check(m, fmt.Sprintf("step %d at %dx%d", i+1, size[0], size[1]))
			press(m, "x")
			check(m, fmt.Sprintf("quiz after step %d", i+1))
		}
	}
	m := sized(t, 120, 40, Options{Start: 3})
	for _, s := range []screen{screenTOC, screenCite, screenHelp, screenSources, screenDisputes, screenGlossary, screenTimeline} {
		m.toggle(s)
		for range 40 {
			check(m, fmt.Sprintf("screen %d", s))
			press(m, "pgdown")
		}
		m.toggle(s)
	}
}

// The footer ends on a whole binding at every width, never in the middle of a word (bubbles' help
// overflows when the room left is narrower than its "…": fitHelp cuts it), and keeps "? help" and
// "q quit" from 60 columns up, with "c citations" from 80.
func TestHelpLineEndsOnABinding(t *testing.T) {
	m := sized(t, 120, 40, Options{})
	for w := MinWidth; w <= 200; w++ {
		m.Update(tea.WindowSizeMsg{Width: w, Height: 30})
		var descs []string
		for _, b := range m.footerKeys() {
			descs = append(descs, b.Help().Desc)
		}
		foot := ansi.Strip(m.footer())
		if fw := ansi.StringWidth(foot); fw > w {
			t.Fatalf("at %d the help line is %d wide: %q", w, fw, foot)
		}
		keys, ok := strings.CutSuffix(foot, " • ? help • q quit")
		if !ok {
			t.Fatalf("at %d the help line does not end with help and quit: %q", w, foot)
		}
		end := strings.TrimSuffix(keys, " …")
		if !slices.ContainsFunc(descs, func(d string) bool { return strings.HasSuffix(end, d) }) {
			t.Fatalf("at %d the help line ends mid-binding: %q", w, foot)
		}
		if w >= 80 && !strings.Contains(foot, "c citations") {
			t.Errorf("at %d no c citations: %q", w, foot)
		}
	}
}
