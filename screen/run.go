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
	"syscall"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
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
	width, height, err := terminalSize(out, env)
	if err != nil {
		return app, err
	}
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
		defer func() { _ = term.Restore(f.Fd(), saved) }()
	}

	profile := colorprofile.Detect(out, env)
	s := New(out, env, width, height, profile)
	if asksModes(env) {
		s.Query(ansi.RequestModeSynchronizedOutput)
	}
	p := tea.NewProgram(model{app: app, s: s},
		tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(out), tea.WithEnvironment(env),
		tea.WithoutRenderer(), tea.WithWindowSize(width, height), tea.WithColorProfile(profile),
		tea.WithFilter(s.filter),
		// With its renderer off, bubbletea's ticker only writes out its own queued requests, and
		// the filter sends ours straight away, so once a second is enough: waking 120 times a
		// second for nothing is what issue 7's "no CPU while idle" rules out.
		tea.WithFPS(1))
	stop := watchResize(out, env, p)
	final, err := p.Run()
	stop()
	err = errors.Join(err, s.Close())
	if m, ok := final.(model); ok {
		return m.app, err
	}
	return app, err
}

// asksModes says whether to ask the terminal which modes it has. Terminal.app over SSH or
// locally prints the question instead of answering it, so it is not asked.
func asksModes(env []string) bool {
	for _, kv := range env {
		if kv == "TERM_PROGRAM=Apple_Terminal" {
			return false
		}
	}
	return true
}

// model passes every message to the app and draws each of its views on the Screen.
type model struct {
	app tea.Model
	s   *Screen
}

func (m model) Init() tea.Cmd { return m.app.Init() }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.s.Resize(msg.Width, msg.Height)
	case tea.ColorProfileMsg:
		m.s.SetProfile(msg.Profile)
	case tea.ModeReportMsg:
		// "Reset" is the answer of a terminal that knows mode 2026 and has it off for now.
		if msg.Mode == ansi.ModeSynchronizedOutput && msg.Value.IsReset() {
			m.s.SetSynchronized(true)
		}
	}
	app, cmd := m.app.Update(msg)
	return model{app: app, s: m.s}, cmd
}

// View draws the app's view: this is where a frame goes out, as soon as Update has made it.
func (m model) View() tea.View {
	v := m.app.View()
	m.s.Draw(v)
	return v
}

// backgroundRequest is the message tea.RequestBackgroundColor sends. bubbletea would queue its
// question until its next tick, up to a second away with the ticker slowed; the filter asks at
// once instead, so a light terminal gets its palette with the first frames.
var backgroundRequest = tea.RequestBackgroundColor()

func (s *Screen) filter(_ tea.Model, msg tea.Msg) tea.Msg {
	if msg == backgroundRequest {
		s.Query(ansi.RequestBackgroundColor)
		return nil
	}
	return msg
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

// watchResize sends the program a tea.WindowSizeMsg each time the terminal out changes size, until
// stop is called.
func watchResize(out *os.File, env []string, p *tea.Program) (stop func()) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGWINCH)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-sig:
				if w, h, err := terminalSize(out, env); err == nil {
					p.Send(tea.WindowSizeMsg{Width: w, Height: h})
				}
			}
		}
	}()
	return func() {
		signal.Stop(sig)
		close(done)
	}
}
