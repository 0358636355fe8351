//go:build unix

package screen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
)

// Run runs app full-screen on the terminal out until the app quits or ctx ends, and returns the
// app's last model. Keys come from in, which is put in raw mode for the run when it is a terminal.
// When in is a file but not a terminal (cyberid's input piped), keys come from the terminal itself;
// any other reader (a test's) is read as it is.
//
// bubbletea runs the app as usual with its own renderer off, so its input reader, key parsing,
// signal handling and commands all stay. Run takes on the rest of what that renderer did: raw mode,
// the first size and later resizes, and the colour profile.
func Run(ctx context.Context, app tea.Model, in io.Reader, out *os.File) (tea.Model, error) {
	env := os.Environ()
	// Listen before the size is read, so that a resize in between is not missed.
	resized := make(chan os.Signal, 1)
	signal.Notify(resized, syscall.SIGWINCH)
	defer signal.Stop(resized)
	width, height, err := terminalSize(out, env)
	if err != nil {
		return app, err
	}
	restoreKeys := func() error { return nil }
	if f, ok := in.(*os.File); ok {
		if !term.IsTerminal(f.Fd()) {
			tty, _, err := tea.OpenTTY()
			if err != nil {
				return app, fmt.Errorf("opening the terminal for keys: %w", err)
			}
			defer tty.Close()
			f, in = tty, tty
		}
		saved, err := term.MakeRaw(f.Fd())
		if err != nil {
			return app, fmt.Errorf("setting the terminal to raw mode: %w", err)
		}
		restoreKeys = func() error { return term.Restore(f.Fd(), saved) }
	}

	profile := colorprofile.Detect(out, env)
	s := New(out, env, width, height, profile)
	// giveBack puts the terminal back as it was. It runs once: when the app ends, or first, on a
	// panic, so that bubbletea's report of it lands on the user's own screen rather than on the
	// alternate one, which is about to vanish.
	var once sync.Once
	var giveBackErr error
	giveBack := func() {
		once.Do(func() { giveBackErr = errors.Join(s.Close(), restoreKeys()) })
	}
	defer giveBack()
	s.abort = giveBack
	if asksModes(env) {
		s.Query(ansi.RequestModeSynchronizedOutput)
	}
	p := tea.NewProgram(model{app: app, s: s, giveBack: giveBack},
		tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(out), tea.WithEnvironment(env),
		tea.WithoutRenderer(), tea.WithWindowSize(width, height), tea.WithColorProfile(profile),
		tea.WithFilter(filter(s, out, env)),
		// With its renderer off, bubbletea's ticker only writes out its own queued requests, and
		// the filter sends ours straight away, so once a second is enough: waking 120 times a
		// second for nothing is what issue 7's "no CPU while idle" rules out.
		tea.WithFPS(1))
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-resized:
				p.Send(tea.WindowSizeMsg{}) // the filter fills in the size
			}
		}
	}()
	final, err := p.Run()
	close(done)
	giveBack()
	err = errors.Join(err, giveBackErr)
	if m, ok := final.(model); ok {
		return m.app, err
	}
	return app, err
}

// asksModes says whether to ask the terminal which modes it has (here, synchronized output). A
// terminal that does not know the question may print it, so it is asked only where an answer is
// likely: not of Terminal.app, and not over SSH, where the terminal is unknown, unless TERM or
// Windows Terminal's variable names a terminal that answers.
func asksModes(env []string) bool {
	e := uv.Environ(env)
	if _, ok := e.LookupEnv("WT_SESSION"); ok {
		return true
	}
	name := e.Getenv("TERM")
	for _, answers := range []string{"ghostty", "wezterm", "alacritty", "kitty", "rio"} {
		if strings.Contains(name, answers) {
			return true
		}
	}
	if _, ok := e.LookupEnv("SSH_TTY"); ok {
		return false
	}
	return !strings.Contains(e.Getenv("TERM_PROGRAM"), "Apple")
}

// model passes every message to the app and draws each of its views on the Screen.
type model struct {
	app      tea.Model
	s        *Screen
	giveBack func() // the terminal as it was, before a panic is reported
}

func (m model) Init() tea.Cmd {
	defer m.onPanic()
	return m.guard(m.app.Init())
}

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	defer m.onPanic()
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.s.Resize(msg.Width, msg.Height)
	case tea.ColorProfileMsg:
		m.s.SetProfile(msg.Profile)
	case tea.ModeReportMsg:
		// "Reset" is the answer of a terminal that has mode 2026 and has it off for now.
		if msg.Mode == ansi.ModeSynchronizedOutput && msg.Value == ansi.ModeReset {
			m.s.SetSynchronized(true)
		}
	}
	app, cmd := m.app.Update(msg)
	m.app = app
	return m, m.guard(cmd)
}

// View draws the app's view: this is where a frame goes out, as soon as Update has made it.
func (m model) View() tea.View {
	defer m.onPanic()
	v := m.app.View()
	m.s.Draw(v)
	return v
}

// onPanic, deferred, gives the terminal back before a panic goes on to bubbletea, which reports it.
func (m model) onPanic() {
	if r := recover(); r != nil {
		m.giveBack()
		panic(r)
	}
}

// guard makes a command give the terminal back if it panics; the commands of a tea.Batch too.
func (m model) guard(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		defer m.onPanic()
		msg := cmd()
		if batch, ok := msg.(tea.BatchMsg); ok {
			for i, c := range batch {
				batch[i] = m.guard(c)
			}
		}
		return msg
	}
}

// backgroundRequest is the message tea.RequestBackgroundColor sends.
var backgroundRequest = tea.RequestBackgroundColor()

// filter sees every message before bubbletea does.
//   - bubbletea would queue the background-colour question until its next tick, up to a second
//     away with the ticker slowed; the filter asks at once, so that a light terminal gets its
//     palette with the first frames.
//   - Every size message carries the size the terminal has now. The first one, bubbletea's, and
//     those a resize sends may arrive in any order; read when they arrive, the last is right.
func filter(s *Screen, out *os.File, env []string) func(tea.Model, tea.Msg) tea.Msg {
	return func(_ tea.Model, msg tea.Msg) tea.Msg {
		if size, ok := msg.(tea.WindowSizeMsg); ok {
			w, h, err := terminalSize(out, env)
			switch {
			case err == nil:
				return tea.WindowSizeMsg{Width: w, Height: h}
			case size.Width == 0 && size.Height == 0:
				return nil // a resize's nudge, and the terminal cannot say its size: keep the last
			}
		}
		if msg == backgroundRequest {
			s.Query(ansi.RequestBackgroundColor)
			return nil
		}
		return msg
	}
}

// terminalSize is out's size. A terminal that says 0 (a pseudo-terminal nobody sized, as `script`
// makes when its own input is not a terminal) is taken to be $COLUMNS×$LINES, or else 80×24.
func terminalSize(out *os.File, env []string) (width, height int, err error) {
	width, height, err = term.GetSize(out.Fd())
	if err != nil {
		return 0, 0, fmt.Errorf("reading the terminal's size: %w", err)
	}
	if width <= 0 {
		width = envInt(env, "COLUMNS", 80)
	}
	if height <= 0 {
		height = envInt(env, "LINES", 24)
	}
	return width, height, nil
}

// envInt is the positive number in env's variable name, or else fallback.
func envInt(env []string, name string, fallback int) int {
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, name+"="); ok {
			if n, err := strconv.Atoi(v); err == nil && n > 0 {
				return n
			}
		}
	}
	return fallback
}
