//go:build unix

package screen

import (
	"context"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
	"github.com/cyberid/cyberid/internal/syncbuf"
)

// counter is a small app: it shows its size and a count that "+" raises, and "q" quits.
type counter struct {
	n, w, h int
	bg      bool // a background colour came back from the terminal
}

func (c counter) Init() tea.Cmd { return tea.RequestBackgroundColor }

func (c counter) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		c.w, c.h = msg.Width, msg.Height
	case tea.BackgroundColorMsg:
		c.bg = true
	case tea.KeyPressMsg:
		switch msg.String() {
		case "+":
			c.n++
		case "q":
			return c, tea.Quit
		}
	}
	return c, nil
}

func (c counter) View() tea.View {
	v := tea.NewView(fmt.Sprintf("count %d\nsize %dx%d\nbackground %v", c.n, c.w, c.h, c.bg))
	v.AltScreen = true
	v.WindowTitle = "counter"
	return v
}

// ptyTerm is the far end of a pseudo-terminal: an emulator that shows what the program wrote and
// answers its questions, as a terminal would.
type ptyTerm struct {
	master *os.File
	mu     sync.Mutex
	emu    *vt.Emulator
	raw    strings.Builder
}

func openPty(t *testing.T, w, h int) (*ptyTerm, *os.File) {
	t.Helper()
	master, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	if err := pty.Setsize(master, &pty.Winsize{Cols: uint16(w), Rows: uint16(h)}); err != nil {
		t.Fatal(err)
	}
	p := &ptyTerm{master: master, emu: vt.NewEmulator(w, h)}
	go func() { // the terminal's answers go back as input
		buf := make([]byte, 256)
		for {
			n, err := p.emu.Read(buf)
			if n > 0 {
				_, _ = master.Write(buf[:n])
			}
			if err != nil {
				return
			}
		}
	}()
	go func() {
		buf := make([]byte, 32*1024)
		for {
			n, err := master.Read(buf)
			if n > 0 {
				p.mu.Lock()
				p.raw.Write(buf[:n])
				_, _ = p.emu.Write(buf[:n])
				p.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() { _ = master.Close(); _ = tty.Close() })
	return p, tty
}

func (p *ptyTerm) screen() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return ansi.Strip(p.emu.String())
}

func (p *ptyTerm) waitFor(t *testing.T, want string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(p.screen(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("the screen never showed %q; it shows\n%s", want, p.screen())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestRunOnATerminal runs an app on a pseudo-terminal from start to quit: the first frame, a key,
// a resize, the background colour asked for without waiting for bubbletea's tick, and the terminal
// given back as it was.
func TestRunOnATerminal(t *testing.T) {
	p, tty := openPty(t, 40, 6)
	before, err := term.GetState(tty.Fd())
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		m   tea.Model
		err error
	}
	done := make(chan result, 1)
	go func() {
		m, err := Run(context.Background(), counter{}, tty, tty)
		done <- result{m, err}
	}()
	p.waitFor(t, "count 0")
	p.waitFor(t, "size 40x6")
	// bubbletea's ticker runs once a second here; an answer well within that means we asked at once.
	start := time.Now()
	p.waitFor(t, "background true")
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Errorf("the background colour took %v to come back", d)
	}

	if _, err := io.WriteString(p.master, "++"); err != nil {
		t.Fatal(err)
	}
	p.waitFor(t, "count 2")

	if err := pty.Setsize(p.master, &pty.Winsize{Cols: 50, Rows: 8}); err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	p.emu.Resize(50, 8)
	p.mu.Unlock()
	// The pty is not this process's controlling terminal, so the kernel sends no SIGWINCH: send it.
	if err := syscall.Kill(os.Getpid(), syscall.SIGWINCH); err != nil {
		t.Fatal(err)
	}
	p.waitFor(t, "size 50x8")

	if _, err := io.WriteString(p.master, "q"); err != nil {
		t.Fatal(err)
	}
	var r result
	select {
	case r = <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after q")
	}
	if r.err != nil {
		t.Fatalf("Run: %v", r.err)
	}
	if c, ok := r.m.(counter); !ok || c.n != 2 {
		t.Errorf("Run returned %#v, want the app's last model with count 2", r.m)
	}
	after, err := term.GetState(tty.Fd())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Error("the terminal was left in raw mode")
	}
	deadline := time.Now().Add(2 * time.Second)
	for {
		p.mu.Lock()
		raw, alt := p.raw.String(), p.emu.IsAltScreen()
		p.mu.Unlock()
		if !alt && strings.HasSuffix(raw, ansi.ResetModeAltScreenSaveCursor+ansi.SetModeTextCursorEnable) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the terminal was not given back: alternate screen %v, output ends %q", alt, raw[max(0, len(raw)-80):])
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestRunNeedsATerminal(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = Run(context.Background(), counter{}, strings.NewReader(""), f)
	if err == nil || !strings.Contains(err.Error(), "terminal's size") {
		t.Errorf("Run on a plain file = %v, want an error about the terminal's size", err)
	}
}

// A pseudo-terminal that nobody sized says 0×0; $COLUMNS and $LINES, or 80×24, stand in.
func TestUnsizedTerminal(t *testing.T) {
	master, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	defer master.Close()
	defer tty.Close()
	for _, tc := range []struct {
		env  []string
		w, h int
	}{
		{[]string{"COLUMNS=100", "LINES=30"}, 100, 30},
		{[]string{"COLUMNS=wide", "LINES=-3"}, 80, 24},
		{nil, 80, 24},
	} {
		w, h, err := terminalSize(tty, tc.env)
		if err != nil || w != tc.w || h != tc.h {
			t.Errorf("terminalSize with %q = %d×%d, %v; want %d×%d", tc.env, w, h, err, tc.w, tc.h)
		}
	}
	if err := pty.Setsize(master, &pty.Winsize{Cols: 33, Rows: 11}); err != nil {
		t.Fatal(err)
	}
	if w, h, _ := terminalSize(tty, []string{"COLUMNS=100", "LINES=30"}); w != 33 || h != 11 {
		t.Errorf("a sized terminal: %d×%d, want its own 33×11 over $COLUMNS and $LINES", w, h)
	}
}

// The filter sends bubbletea's background-colour request straight out and lets everything else
// through, including messages that cannot be compared.
func TestFilterAsksForTheBackgroundAtOnce(t *testing.T) {
	var out syncbuf.Buffer
	s := New(&out, nil, 10, 2, colorprofile.TrueColor)
	if msg := s.filter(nil, tea.RequestBackgroundColor()); msg != nil {
		t.Errorf("the request went on to bubbletea as %#v", msg)
	}
	if out.String() != ansi.RequestBackgroundColor {
		t.Errorf("wrote %q, want the background-colour query", out.String())
	}
	for _, msg := range []tea.Msg{tea.BatchMsg{nil}, tea.KeyPressMsg{Code: 'q', Text: "q"}, tea.RequestForegroundColor()} {
		if got := s.filter(nil, msg); !reflect.DeepEqual(got, msg) {
			t.Errorf("filter(%#v) = %#v, want it unchanged", msg, got)
		}
	}
}
