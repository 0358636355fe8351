// Package screen draws a bubbletea program's frames on a terminal the moment they change.
//
// Why it exists: bubbletea v2.1.1 draws only when its frame ticker fires, so a key's frame waits up
// to one frame interval (8 ms at its fastest) and the ticker wakes the process 120 times a second
// while nothing changes. Issue 7 asks for a key's frame within 7 ms and no work while idle.
//
// A Screen draws on the leading edge instead: a frame that follows a quiet spell is written at
// once, from inside the View call that made it, and frames that come faster than the interval are
// merged into one, written when the interval ends. It does nothing between frames. The diff from
// one frame to the next is ultraviolet's, the same one bubbletea's own renderer uses, so a key
// still repaints only the cells that changed.
//
// It supports what cyberid's views ask for and no more: the alternate screen, a hidden cursor,
// mouse clicks and wheel, the window title, bracketed paste, synchronized output where the terminal
// has it, and the kitty keyboard protocol's first level, as bubbletea does.
//
// Screen.Program makes the tea.Program that a Screen draws for: serve gives it an SSH session. Run
// runs one on the local terminal, with what else bubbletea's renderer did there (raw mode, the
// size, resizes); away from Unix, Run is bubbletea's own program and renderer.
package screen

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// DefaultInterval is the shortest time between two frames: 120 a second, bubbletea's own limit.
const DefaultInterval = time.Second / 120

// Screen writes frames to a terminal. Its methods may be called from any goroutine.
type Screen struct {
	mu       sync.Mutex
	w        io.Writer
	queued   bytes.Buffer // what the cell renderer has queued; written out in one Write a frame
	cells    *uv.TerminalRenderer
	frame    uv.ScreenBuffer
	interval time.Duration
	now      func() time.Time // a clock the tests can move

	width, height int
	drawn         tea.View // the last frame written
	started       bool     // the terminal's modes are set and the alternate screen is on
	closed        bool     // the terminal is given back; nothing more is written
	profile       colorprofile.Profile
	stale         bool      // the terminal's picture may not be the last frame's: draw even an unchanged view
	syncd         bool      // the terminal applies a frame at once (mode 2026)
	last          time.Time // when the last frame was written
	pending       *tea.View // a frame held back until the interval ends
	timer         *time.Timer
	err           error      // the first failed write, reported by Close
	giveBack      func()     // gives the whole terminal back on a panic (set by Run: raw mode too)
	onPanic       func(any)  // handles a panic while a held frame is drawn (OnPanic)
	env           uv.Environ // the terminal's environment, for AskModes
}

// New makes a Screen that writes to w, a terminal of the given size and colour profile. env is
// the terminal's environment (TERM and friends), which the cell renderer reads for its
// capabilities.
func New(w io.Writer, env []string, width, height int, profile colorprofile.Profile) *Screen {
	s := &Screen{w: w, interval: DefaultInterval, now: time.Now, width: width, height: height, profile: profile,
		env: uv.Environ(env)}
	s.cells = uv.NewTerminalRenderer(&s.queued, env)
	s.cells.SetColorProfile(profile)
	// The alternate screen: cells are addressed absolutely.
	s.cells.SetFullscreen(true)
	s.cells.SetRelativeCursor(false)
	s.cells.SetScrollOptim(true)
	s.cells.Resize(width, height)
	s.frame = uv.NewScreenBuffer(width, height)
	s.measure(ansi.GraphemeWidth)
	return s
}

// Draw shows v. The first frame after a quiet interval is written before Draw returns; a frame that
// comes sooner is held and written when the interval ends, replaced by any that come after it.
func (s *Screen) Draw(v tea.View) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || (!s.started && v.Content == "") {
		return // nothing to show yet: the terminal stays as it is until there is
	}
	if s.started && !s.stale && s.pending == nil && sameView(&s.drawn, &v) {
		return
	}
	if wait := s.interval - s.now().Sub(s.last); s.started && wait > 0 {
		s.pending = &v
		if s.timer == nil {
			s.timer = time.AfterFunc(wait, s.drawPending)
		}
		return
	}
	s.write(v)
}

// drawPending writes the frame held back by Draw, when its interval has ended.
func (s *Screen) drawPending() {
	var handler func(any) // read under the lock, used after it
	defer func() {        // runs after the unlock below: release takes the lock to close the Screen
		if r := recover(); r != nil {
			s.release()
			if handler == nil {
				panic(r)
			}
			handler(r)
		}
	}()
	s.mu.Lock()
	defer s.mu.Unlock()
	handler = s.onPanic
	s.timer = nil
	if s.closed || s.pending == nil {
		return
	}
	v := *s.pending
	s.write(v)
}

// write puts v on the terminal: mode changes first, then the cells that differ from the last
// frame, in one Write so that a terminal never shows half a frame.
func (s *Screen) write(v tea.View) {
	s.pending = nil
	if s.width <= 0 || s.height <= 0 {
		return
	}
	if !s.started {
		// The kitty keyboard protocol's first level tells Esc apart from the start of a sequence,
		// so that Esc (back, here) is not held for the 50 ms a lone escape byte waits otherwise.
		s.queue(ansi.SetModeAltScreenSaveCursor + ansi.ResetModeTextCursorEnable + ansi.PushKittyKeyboard(1))
		s.cells.Erase()
	}
	if !s.started || v.DisableBracketedPasteMode != s.drawn.DisableBracketedPasteMode {
		if !v.DisableBracketedPasteMode {
			s.queue(ansi.SetModeBracketedPaste)
		} else if s.started {
			s.queue(ansi.ResetModeBracketedPaste)
		}
	}
	if !s.started || v.MouseMode != s.drawn.MouseMode {
		s.queue(mouseMode(s.drawn.MouseMode, v.MouseMode, !s.started))
	}
	if (!s.started && v.WindowTitle != "") || (s.started && v.WindowTitle != s.drawn.WindowTitle) {
		s.queue(ansi.SetWindowTitle(v.WindowTitle))
	}
	if !utf8.ValidString(v.Content) {
		// The cell parser and a terminal read broken UTF-8 differently, and the cells they
		// disagree on would never be cleared (FuzzDraw found it); one replacement character each
		// keeps them in step.
		v.Content = strings.ToValidUTF8(v.Content, "\uFFFD")
	}
	if s.frame.Method == ansi.GraphemeWidth && !WidthsAgree(v.Content) {
		s.measure(ansi.WcWidth)
		s.cells.Erase() // every cell again, placed by the new measure
	}
	s.frame.Clear()
	uv.NewStyledString(v.Content).Draw(s.frame, s.frame.Bounds())
	s.cells.Render(s.frame.RenderBuffer)
	if err := s.cells.Flush(); err != nil && s.err == nil {
		s.err = err
	}
	s.started, s.stale = true, false
	s.drawn = v
	s.last = s.now()
	if s.queued.Len() == 0 {
		return
	}
	out := s.queued.Bytes()
	if s.syncd {
		out = append(append([]byte(ansi.SetModeSynchronizedOutput), out...), ansi.ResetModeSynchronizedOutput...)
	}
	if _, err := s.w.Write(out); err != nil && s.err == nil {
		s.err = err
	}
	s.queued.Reset()
}

// measure sets how the width of a character is measured, in the frame and in the diff alike.
func (s *Screen) measure(m ansi.Method) {
	s.frame.Method = m
	s.cells.SetWidthMethod(m)
}

// queue adds escape sequences ahead of the next frame's cells.
func (s *Screen) queue(seq string) {
	if seq != "" {
		_, _ = s.cells.WriteString(seq)
	}
}

// Resize takes the terminal's new size. The next frame is drawn even if the view is unchanged, and
// ultraviolet writes every cell of it, so that nothing a terminal did to the old picture as it
// resized (scrolling it, reflowing it) survives.
func (s *Screen) Resize(width, height int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if width == s.width && height == s.height {
		return
	}
	s.width, s.height = width, height
	s.cells.Resize(width, height)
	s.frame.Resize(width, height)
	s.stale = true
}

// SetProfile sets the colour profile the cells are written in; colours the terminal cannot show
// are brought down to ones it can.
func (s *Screen) SetProfile(p colorprofile.Profile) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p == s.profile {
		return
	}
	s.profile = p
	s.cells.SetColorProfile(p)
	s.cells.Erase() // every cell again, in the new colours
	s.stale = true
}

// SetNewlineMapped says that the way to the terminal turns each line feed into a carriage return
// and a line feed, as an SSH session's emulated pty does, so that the diff can count on it.
func (s *Screen) SetNewlineMapped(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cells.SetMapNewline(on)
}

// OnPanic sets what handles a panic while a held frame is drawn, on the interval timer's own
// goroutine, where nothing else could recover it. The terminal is given back first. Without a
// handler the panic goes on and ends the process: right for one program, wrong for a server whose
// other sessions would end with it.
func (s *Screen) OnPanic(f func(any)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onPanic = f
}

// AskModes asks the terminal whether it has synchronized output (mode 2026); Program's model turns
// it on if the answer says so. A terminal that does not know the question may print it, so it is
// asked only where an answer is likely: not of Terminal.app, and not from a shell over SSH, where
// the terminal is unknown, unless TERM or Windows Terminal's variable names one that answers.
func (s *Screen) AskModes() {
	if _, ok := s.env.LookupEnv("WT_SESSION"); !ok {
		known := false
		for _, answers := range []string{"ghostty", "wezterm", "alacritty", "kitty", "rio"} {
			known = known || strings.Contains(s.env.Getenv("TERM"), answers)
		}
		if _, ssh := s.env.LookupEnv("SSH_TTY"); !known && (ssh || strings.Contains(s.env.Getenv("TERM_PROGRAM"), "Apple")) {
			return
		}
	}
	s.Query(ansi.RequestModeSynchronizedOutput)
}

// SetSynchronized says whether the terminal applies each frame at once (mode 2026).
func (s *Screen) SetSynchronized(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.syncd = on
}

// Query writes a request to the terminal now, between frames; its reply comes back as input.
func (s *Screen) Query(seq string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	if _, err := io.WriteString(s.w, seq); err != nil && s.err == nil {
		s.err = err
	}
}

// release gives the terminal back before a panic is reported: Run's whole restore, or Close.
func (s *Screen) release() {
	if s.giveBack != nil {
		s.giveBack()
		return
	}
	_ = s.Close()
}

// Close gives the terminal back as it was: mouse reporting and bracketed paste off, the title
// cleared, the cursor shown, and the main screen with its old contents. It writes nothing if no
// frame was ever written. It reports the first write that failed.
func (s *Screen) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return s.err
	}
	s.closed = true
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	if !s.started {
		return s.err
	}
	s.queue(ansi.PopKittyKeyboard(1) + mouseMode(s.drawn.MouseMode, tea.MouseModeNone, false))
	if !s.drawn.DisableBracketedPasteMode {
		s.queue(ansi.ResetModeBracketedPaste)
	}
	if s.drawn.WindowTitle != "" {
		s.queue(ansi.SetWindowTitle(""))
	}
	// The bottom row, for a terminal without an alternate screen: the shell's prompt then comes
	// after the last frame instead of over it.
	s.cells.MoveTo(0, s.height-1)
	s.queue(ansi.ResetModeAltScreenSaveCursor + ansi.SetModeTextCursorEnable)
	if err := s.cells.Flush(); err != nil && s.err == nil {
		s.err = err
	}
	if _, err := s.w.Write(s.queued.Bytes()); err != nil && s.err == nil {
		s.err = err
	}
	s.queued.Reset()
	return s.err
}

// mouseMode is what turns mouse reporting from one mode to another; first says nothing is set yet.
func mouseMode(from, to tea.MouseMode, first bool) string {
	if from == to && !first {
		return ""
	}
	off := ""
	if !first && from != tea.MouseModeNone {
		off = ansi.ResetModeMouseButtonEvent + ansi.ResetModeMouseAnyEvent + ansi.ResetModeMouseExtSgr
	}
	switch to {
	case tea.MouseModeCellMotion:
		return off + ansi.SetModeMouseButtonEvent + ansi.SetModeMouseExtSgr
	case tea.MouseModeAllMotion:
		return off + ansi.SetModeMouseAnyEvent + ansi.SetModeMouseExtSgr
	}
	return off
}

// sameView says whether b would put the same thing on the terminal as a.
func sameView(a, b *tea.View) bool {
	return a.Content == b.Content && a.WindowTitle == b.WindowTitle && a.MouseMode == b.MouseMode &&
		a.DisableBracketedPasteMode == b.DisableBracketedPasteMode
}

// WidthsAgree says whether every character in s takes the same number of columns measured as most
// terminals measure it (wcwidth, a character at a time) as measured by grapheme clusters, the way
// lipgloss and so the layout measure it. The two part only where characters join: a combining or
// spacing mark, a joiner, a variation selector, an emoji modifier or flag, a Hangul jamo after the
// first, a sign written before a consonant. (Of the printable code points taken one at a time,
// they differ on 35, all among these.)
//
// Why it matters: wcwidth's table costs 2.2 MiB the first time it is consulted, a tenth of the
// walkthrough's memory. A Screen measures by grapheme clusters while its frames keep to characters
// on which both agree, which the walkthrough's do (a test in ui holds it to that), and by wcwidth,
// as bubbletea does, from the first frame that does not: user input may hold an emoji.
func WidthsAgree(s string) bool {
	for _, r := range s {
		if r >= 0x300 && joins(r) {
			return false
		}
	}
	return true
}

// joiningLetters are the letters that join a cluster all the same, before or after the letter next
// to them (Thai and Lao AM, the halfwidth kana sound marks, some Brahmic reph and prepended signs),
// found by the test that tries every code point.
var joiningLetters = []rune{0x0D4E, 0x0E33, 0x0EB3, 0xFF9E, 0xFF9F, 0x111C2, 0x111C3, 0x1193F, 0x11941,
	0x11A84, 0x11A85, 0x11A86, 0x11A87, 0x11A88, 0x11A89, 0x11D46, 0x11F02}

// joins says whether r can join the character before or after it.
func joins(r rune) bool {
	switch {
	case r >= 0x1160 && r <= 0x11FF, r >= 0xD7B0 && r <= 0xD7FF: // Hangul vowel and final jamo
		return true
	case r >= 0x1F1E6 && r <= 0x1F1FF: // regional indicators, which pair into flags
		return true
	case r >= 0x1F3FB && r <= 0x1F3FF: // emoji skin-tone modifiers
		return true
	case slices.Contains(joiningLetters, r):
		return true
	}
	// Marks (combining, spacing, enclosing; the variation selectors are among them) and format
	// characters (the zero-width joiner, tags, prepended signs).
	return unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me, unicode.Cf)
}
