package screen

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"

	"github.com/cyberid/cyberid/internal/syncbuf"
)

// shown is what a terminal of w×h shows after reading everything in out.
func shown(t *testing.T, out string, w, h int) string {
	t.Helper()
	emu := vt.NewEmulator(w, h)
	if _, err := emu.Write([]byte(out)); err != nil {
		t.Fatal(err)
	}
	return trimLines(emu.String())
}

func trimLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

func view(content string) tea.View {
	v := tea.NewView(content)
	v.AltScreen = true
	return v
}

func TestDrawShowsTheFrameAndThenOnlyWhatChanged(t *testing.T) {
	out := &syncbuf.Buffer{}
	s := New(out, []string{"TERM=xterm-256color"}, 24, 4, colorprofile.TrueColor)
	s.interval = 0
	first := "\x1b[1mHeader\x1b[m\nline two\n网络身份认证 wide\nlast line"
	s.Draw(view(first))
	if got := shown(t, out.String(), 24, 4); got != ansi.Strip(first) {
		t.Fatalf("first frame shows\n%s\nwant\n%s", got, ansi.Strip(first))
	}
	if !strings.Contains(out.String(), ansi.SetModeAltScreenSaveCursor) ||
		!strings.Contains(out.String(), ansi.ResetModeTextCursorEnable) {
		t.Errorf("first frame does not take the alternate screen and hide the cursor: %q", out.String())
	}
	before := out.Len()
	second := strings.Replace(first, "line two", "line 2!!", 1)
	s.Draw(view(second))
	if got := shown(t, out.String(), 24, 4); got != ansi.Strip(second) {
		t.Fatalf("second frame shows\n%s\nwant\n%s", got, ansi.Strip(second))
	}
	if n := out.Len() - before; n == 0 || n > before/2 {
		t.Errorf("changing one line wrote %d bytes, against %d for the whole frame: want only what changed", n, before)
	}
	before = out.Len()
	s.Draw(view(second))
	if out.Len() != before {
		t.Errorf("the same frame again wrote %q", out.String()[before:])
	}
}

func TestNothingIsWrittenBeforeThereIsSomethingToShow(t *testing.T) {
	out := &syncbuf.Buffer{}
	s := New(out, nil, 10, 3, colorprofile.TrueColor)
	s.Draw(view(""))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if out.Len() != 0 {
		t.Errorf("an empty view and Close wrote %q; the terminal should be left alone", out.String())
	}
}

// clock is a time the test moves by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

// onClock makes a Screen whose time is c and whose held frames are written only when the test
// calls drawPending, as the interval's timer would: nothing depends on how fast the machine is.
func onClock(s *Screen, c *clock) {
	s.now = c.now
	s.interval = time.Hour // the real timer never fires during a test
}

// A frame that comes within the interval of the last is held, replaced by any later one, and written
// when the interval ends; the first one after a quiet spell goes out at once.
func TestFramesWithinTheIntervalAreMerged(t *testing.T) {
	out := &syncbuf.Buffer{}
	s := New(out, nil, 10, 2, colorprofile.TrueColor)
	c := &clock{t: time.Unix(1000, 0)}
	onClock(s, c)
	defer s.Close()
	s.Draw(view("one"))
	if got := shown(t, out.String(), 10, 2); got != "one" {
		t.Fatalf("the first frame was not written at once: %q", got)
	}
	before := out.Len()
	c.advance(time.Minute)
	s.Draw(view("two"))
	s.Draw(view("three"))
	if out.Len() != before {
		t.Fatalf("frames within the interval were written at once: %q", out.String()[before:])
	}
	s.drawPending() // the interval ends
	if got := shown(t, out.String(), 10, 2); got != "three" {
		t.Fatalf("when the interval ended the screen showed %q, want the last frame", got)
	}
	if strings.Contains(out.String(), "two") {
		t.Errorf("the replaced frame was written too: %q", out.String())
	}
	c.advance(time.Hour)
	s.Draw(view("four"))
	if got := shown(t, out.String(), 10, 2); got != "four" {
		t.Errorf("a frame after a quiet spell was not written at once: %q", got)
	}
	// A frame held and then undone (A, B, A within the interval) still ends on A.
	c.advance(time.Minute)
	s.Draw(view("five"))
	s.Draw(view("four"))
	s.drawPending()
	if got := shown(t, out.String(), 10, 2); got != "four" {
		t.Errorf("A, B, A within the interval ended on %q", got)
	}
}

// The real timer writes a held frame by itself.
func TestTheTimerWritesAHeldFrame(t *testing.T) {
	out := &syncbuf.Buffer{}
	s := New(out, nil, 10, 2, colorprofile.TrueColor)
	s.interval = 20 * time.Millisecond
	defer s.Close()
	s.Draw(view("one"))
	s.Draw(view("two")) // within 20 ms of the first, however slow the machine: held or written
	deadline := time.Now().Add(5 * time.Second)
	for shown(t, out.String(), 10, 2) != "two" {
		if time.Now().After(deadline) {
			t.Fatalf("the held frame never came: the screen shows %q", shown(t, out.String(), 10, 2))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestResizeRepaintsEverything(t *testing.T) {
	out := &syncbuf.Buffer{}
	s := New(out, nil, 20, 3, colorprofile.TrueColor)
	s.interval = 0
	s.Draw(view("alpha\nbeta\ngamma"))
	before := out.Len()
	s.Resize(20, 3)
	s.Draw(view("alpha\nbeta\ngamma"))
	if out.Len() != before {
		t.Errorf("a resize to the same size repainted: %q", out.String()[before:])
	}
	// A terminal may scroll or reflow the old picture as it resizes, so every cell is written again,
	// even those the Screen last wrote in the same place.
	s.Resize(20, 4)
	s.Draw(view("alpha\nbeta\ngamma"))
	after := out.String()[before:]
	if !strings.Contains(after, "alpha") || !strings.Contains(after, "gamma") {
		t.Errorf("after a resize the unchanged lines were not repainted: %q", after)
	}
	if got := shown(t, out.String(), 20, 4); got != "alpha\nbeta\ngamma" {
		t.Errorf("after a resize the screen shows\n%s", got)
	}
}

func TestColoursFollowTheProfile(t *testing.T) {
	red := "\x1b[38;2;255;0;0mred\x1b[m"
	for _, tc := range []struct {
		profile colorprofile.Profile
		want    string // in the output
		notWant string
	}{
		{colorprofile.TrueColor, "38;2;255;0;0", ""},
		{colorprofile.ANSI256, "38;5;196", "38;2;"},
		{colorprofile.Ascii, "red", "38;"},
	} {
		out := &syncbuf.Buffer{}
		s := New(out, nil, 10, 1, tc.profile)
		s.Draw(view(red))
		if !strings.Contains(out.String(), tc.want) || (tc.notWant != "" && strings.Contains(out.String(), tc.notWant)) {
			t.Errorf("profile %v wrote %q; want %q in it and not %q", tc.profile, out.String(), tc.want, tc.notWant)
		}
	}
	out := &syncbuf.Buffer{}
	s := New(out, nil, 10, 1, colorprofile.TrueColor)
	s.Draw(view(red))
	before := out.Len()
	s.SetProfile(colorprofile.Ascii)
	time.Sleep(2 * s.interval)
	s.Draw(view(red))
	if after := out.String()[before:]; strings.Contains(after, "38;") || !strings.Contains(after, "red") {
		t.Errorf("after SetProfile(Ascii) the frame was repainted as %q", after)
	}
}

func TestSynchronizedFramesAreWrapped(t *testing.T) {
	out := &syncbuf.Buffer{}
	s := New(out, nil, 10, 1, colorprofile.TrueColor)
	s.SetSynchronized(true)
	s.Draw(view("hello"))
	got := out.String()
	if !strings.HasPrefix(got, ansi.SetModeSynchronizedOutput) || !strings.HasSuffix(got, ansi.ResetModeSynchronizedOutput) {
		t.Errorf("a synchronized frame is not wrapped in mode 2026: %q", got)
	}
}

func TestModesAndTitleFollowTheView(t *testing.T) {
	out := &syncbuf.Buffer{}
	s := New(out, nil, 10, 1, colorprofile.TrueColor)
	s.interval = 0
	v := view("x")
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "cyberid · one"
	s.Draw(v)
	first := out.String()
	for _, want := range []string{ansi.SetModeMouseButtonEvent, ansi.SetModeMouseExtSgr, ansi.SetWindowTitle("cyberid · one"),
		ansi.SetModeBracketedPaste, ansi.PushKittyKeyboard(1)} {
		if !strings.Contains(first, want) {
			t.Errorf("first frame lacks %q: %q", want, first)
		}
	}
	v.WindowTitle = "cyberid · two"
	s.Draw(v)
	second := out.String()[len(first):]
	if !strings.Contains(second, ansi.SetWindowTitle("cyberid · two")) || strings.Contains(second, ansi.SetModeMouseButtonEvent) {
		t.Errorf("a new title wrote %q; want the title and no mode sequences again", second)
	}
	v.MouseMode = tea.MouseModeNone
	s.Draw(v)
	if third := out.String()[len(first)+len(second):]; !strings.Contains(third, ansi.ResetModeMouseButtonEvent) {
		t.Errorf("turning the mouse off wrote %q", third)
	}
}

func TestCloseGivesTheTerminalBack(t *testing.T) {
	out := &syncbuf.Buffer{}
	s := New(out, nil, 10, 1, colorprofile.TrueColor)
	v := view("x")
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "t"
	s.Draw(v)
	before := out.Len()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	closing := out.String()[before:]
	for _, want := range []string{ansi.PopKittyKeyboard(1), ansi.ResetModeMouseButtonEvent, ansi.ResetModeBracketedPaste,
		ansi.SetWindowTitle(""), ansi.ResetModeAltScreenSaveCursor, ansi.SetModeTextCursorEnable} {
		if !strings.Contains(closing, want) {
			t.Errorf("Close wrote %q, without %q", closing, want)
		}
	}
	if i, j := strings.Index(closing, ansi.ResetModeAltScreenSaveCursor), strings.Index(closing, ansi.SetModeTextCursorEnable); j < i {
		t.Errorf("the cursor is shown before leaving the alternate screen: %q", closing)
	}
	// The keyboard protocol was pushed on the alternate screen, whose own stack it is popped from.
	if i, j := strings.Index(closing, ansi.PopKittyKeyboard(1)), strings.Index(closing, ansi.ResetModeAltScreenSaveCursor); j < i {
		t.Errorf("the keyboard protocol is popped after leaving the alternate screen: %q", closing)
	}
	s.Draw(view("after"))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if out.String()[before:] != closing {
		t.Errorf("a Draw or Close after Close wrote %q", out.String()[before+len(closing):])
	}
}

// errWriter fails every write, as a terminal that has gone away does.
type errWriter struct{}

func (errWriter) Write([]byte) (int, error) { return 0, fmt.Errorf("the terminal has gone") }

func TestAFailedWriteIsReportedByClose(t *testing.T) {
	s := New(errWriter{}, nil, 10, 1, colorprofile.TrueColor)
	s.Draw(view("x"))
	if err := s.Close(); err == nil || !strings.Contains(err.Error(), "gone") {
		t.Errorf("Close = %v, want the write's error", err)
	}
}

// Whatever the frames and sizes, in whatever order, held or written at once, the terminal ends up
// showing the last frame.
func TestRandomFramesAndSizesEndOnTheLastFrame(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	words := []string{"a", "身份", "\x1b[31mred\x1b[m", "\x1b[1;4mbold\x1b[m", "─┼─", "   ", "z"}
	for run := 0; run < 300; run++ {
		out := &syncbuf.Buffer{}
		w, h := 1+rng.IntN(30), 1+rng.IntN(8)
		emu := vt.NewEmulator(w, h) // the terminal, kept in step with the Screen
		s := New(out, []string{"TERM=xterm-256color"}, w, h, colorprofile.TrueColor)
		c := &clock{t: time.Unix(1000, 0)}
		onClock(s, c)
		var last string
		for i := 0; i < 1+rng.IntN(6); i++ {
			if rng.IntN(3) == 0 {
				w, h = 1+rng.IntN(30), 1+rng.IntN(8)
				emu.Resize(w, h)
				s.Resize(w, h)
			}
			lines := make([]string, h)
			for y := range lines {
				var b strings.Builder
				for ansi.StringWidth(b.String()) < w && rng.IntN(5) != 0 {
					b.WriteString(words[rng.IntN(len(words))])
				}
				lines[y] = ansi.Truncate(b.String(), w, "")
			}
			last = strings.Join(lines, "\n")
			before := out.Len()
			s.Draw(view(last))
			switch rng.IntN(3) { // sometimes the interval ends, sometimes a quiet spell follows
			case 0:
				s.drawPending()
			case 1:
				c.advance(2 * s.interval)
			}
			if _, err := emu.Write([]byte(out.String()[before:])); err != nil {
				t.Fatal(err)
			}
		}
		before := out.Len()
		s.drawPending()
		if _, err := emu.Write([]byte(out.String()[before:])); err != nil {
			t.Fatal(err)
		}
		s.Close()
		if got, want := trimLines(emu.String()), trimLines(ansi.Strip(last)); got != want {
			t.Fatalf("run %d at %d×%d: the screen shows\n%q\nwant\n%q", run, w, h, got, want)
		}
	}
}

func TestWidthsAgree(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"plain ASCII, \x1b[1mstyled\x1b[m", true},
		{"国家网络身份认证（网号）。", true},
		{"╭─ box ─╮ → ← ↓ ⚠ ▶ ━ • › ⇥ ·", true},
		{"café", true},        // é as one character
		{"cafe\u0301", false}, // e and a combining acute
		{"❤\ufe0f", false},    // a variation selector asking for the emoji form
		{"👍🏽", false},         // a skin-tone modifier
		{"🇨🇳", false},         // two regional indicators, one flag
		{"👨\u200d👩\u200d👧", false},
		{"कि", false}, // a spacing vowel sign
		{"한", true},   // a precomposed syllable
		{"\u1112\u1161\u11ab", false},
	} {
		if got := WidthsAgree(tc.s); got != tc.want {
			t.Errorf("WidthsAgree(%q) = %v, want %v", tc.s, got, tc.want)
		}
		// The claim behind it: where WidthsAgree says yes, the two measures do agree.
		if tc.want && ansi.StringWidth(tc.s) != ansi.StringWidthWc(tc.s) {
			t.Errorf("%q: grapheme width %d, wcwidth %d", tc.s, ansi.StringWidth(tc.s), ansi.StringWidthWc(tc.s))
		}
	}
}

// A Screen measures by grapheme clusters until a frame holds a character that wcwidth measures
// differently; from then on it measures by wcwidth, as bubbletea does, and repaints everything.
func TestMeasureFollowsTheFrames(t *testing.T) {
	out := &syncbuf.Buffer{}
	s := New(out, nil, 20, 2, colorprofile.TrueColor)
	s.interval = 0
	s.Draw(view("身份 ok\n→ next"))
	if s.frame.Method != ansi.GraphemeWidth {
		t.Fatalf("a plain frame switched the measure to %v", s.frame.Method)
	}
	before := out.Len()
	s.Draw(view("身份 ok\n👍🏽 next"))
	if s.frame.Method != ansi.WcWidth {
		t.Fatal("a frame with a skin-tone modifier kept the grapheme measure")
	}
	if after := out.String()[before:]; !strings.Contains(after, "ok") {
		t.Errorf("switching the measure did not repaint the unchanged line: %q", after)
	}
	s.Draw(view("身份 ok\n→ next"))
	if s.frame.Method != ansi.WcWidth {
		t.Error("the measure went back to graphemes; it should stay with wcwidth once needed")
	}
}

// Over every code point: one that joins a cluster with the letter before or after it, or that the
// two measures count differently alone, is one WidthsAgree turns down. A new Unicode version in
// x/ansi that adds such characters fails here, naming them.
func TestWidthsAgreeOverEveryCodePoint(t *testing.T) {
	var missed []string
	for r := rune(0x300); r <= unicode.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF || !(unicode.IsPrint(r) || unicode.In(r, unicode.M, unicode.Cf)) {
			continue // surrogates and unassigned code points
		}
		c := string(r)
		after, _ := ansi.FirstGraphemeCluster("a"+c, ansi.GraphemeWidth)
		before, _ := ansi.FirstGraphemeCluster(c+"a", ansi.GraphemeWidth)
		joins := after != "a" || before == c+"a" || ansi.StringWidth(c) != ansi.StringWidthWc(c)
		if joins && WidthsAgree(c) {
			missed = append(missed, fmt.Sprintf("U+%04X", r))
		}
	}
	if len(missed) > 0 {
		t.Errorf("WidthsAgree passes %d characters that join or measure differently: %v", len(missed), missed)
	}
}

// crlf is an SSH session's emulated pty: every line feed goes out as a carriage return and a line
// feed.
type crlf struct{ w io.Writer }

func (c crlf) Write(p []byte) (int, error) {
	if _, err := c.w.Write(bytes.ReplaceAll(p, []byte("\n"), []byte("\r\n"))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Behind an emulated pty, frames still land where the diff thinks they do.
func TestNewlineMapped(t *testing.T) {
	out := &syncbuf.Buffer{}
	s := New(crlf{out}, []string{"TERM=xterm-256color"}, 30, 6, colorprofile.TrueColor)
	s.SetNewlineMapped(true)
	s.interval = 0
	// Changes in the middle of lines one under the other: the diff moves down a line keeping its
	// column, which a bare line feed does only where nothing maps it.
	frames := []string{
		"│ abcdefgh │\n│ abcdefgh │\n│ abcdefgh │\n│ abcdefgh │\nfooter\nend",
		"│ abcXefgh │\n│ abcXefgh │\n│ abcXefgh │\n│ abcdefgh │\nfooter\nend",
		"│ abcXefgY │\n│ abcXefgY │\n│ abZXefgY │\n│ abZdefgh │\nfooter\nend",
	}
	for _, f := range frames {
		s.Draw(view(f))
		if got := shown(t, out.String(), 30, 6); got != f {
			t.Fatalf("behind a pty that maps newlines the screen shows\n%s\nwant\n%s", got, f)
		}
	}
}

func TestAskModes(t *testing.T) {
	for _, tc := range []struct {
		env  []string
		asks bool
	}{
		{[]string{"TERM=xterm-256color"}, true},
		{[]string{"TERM=xterm-256color", "TERM_PROGRAM=Apple_Terminal"}, false},
		{[]string{"TERM=xterm-256color", "SSH_TTY=/dev/pts/3"}, false},
		{[]string{"TERM=xterm-ghostty", "SSH_TTY=/dev/pts/3"}, true},
		{[]string{"TERM=xterm-256color", "SSH_TTY=/dev/pts/3", "WT_SESSION=1"}, true},
		{[]string{"TERM=xterm-kitty", "TERM_PROGRAM=Apple_Terminal"}, true},
	} {
		out := &syncbuf.Buffer{}
		New(out, tc.env, 10, 2, colorprofile.TrueColor).AskModes()
		if asked := out.String() == ansi.RequestModeSynchronizedOutput; asked != tc.asks {
			t.Errorf("%q: asked %v (wrote %q), want %v", tc.env, asked, out.String(), tc.asks)
		}
	}
}

// panicOnce is a terminal whose second write panics, as a bug in drawing a frame would.
type panicOnce struct {
	out    *syncbuf.Buffer
	writes int
}

func (p *panicOnce) Write(b []byte) (int, error) {
	p.writes++
	if p.writes == 2 {
		panic("a bug while drawing")
	}
	return p.out.Write(b)
}

// A panic while a held frame is drawn (on the timer's goroutine, in a real run) closes the Screen,
// giving the terminal back, and goes to the OnPanic handler; without one it goes on.
func TestPanicInAHeldFrame(t *testing.T) {
	for _, handled := range []bool{true, false} {
		out := &syncbuf.Buffer{}
		s := New(&panicOnce{out: out}, nil, 10, 2, colorprofile.TrueColor)
		onClock(s, &clock{t: time.Unix(1000, 0)})
		var got any
		if handled {
			s.OnPanic(func(r any) { got = r })
		}
		s.Draw(view("one"))
		s.Draw(view("two")) // held
		func() {
			defer func() { got = cmp.Or(got, recover()) }()
			s.drawPending()
		}()
		if got != "a bug while drawing" {
			t.Errorf("handler %v: the panic came out as %v", handled, got)
		}
		if !strings.HasSuffix(out.String(), ansi.ResetModeAltScreenSaveCursor+ansi.SetModeTextCursorEnable) {
			t.Errorf("handler %v: the terminal was not given back: %q", handled, out.String())
		}
		before := out.Len()
		s.Draw(view("three"))
		if out.Len() != before {
			t.Errorf("handler %v: a frame was drawn after the panic closed the Screen", handled)
		}
	}
}
