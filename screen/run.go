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
	"github.com/charmbracelet/x/term"
)

// Run runs app full-screen on the terminal out until the app quits or ctx ends, and returns the
// app's last model. Keys come from in, which is put in raw mode for the run when it is a terminal.
// When in is a file but not a terminal (cyberid's input piped), keys come from the terminal itself;
// any other reader (a test's) is read as it is.
//
// Run takes on what bubbletea's renderer did besides drawing: raw mode, the first size and later
// resizes, the colour profile, and giving all of it back at the end or on a panic.
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
	s.giveBack = giveBack
	s.AskModes()
	p := s.Program(app, sizeNow(out, env),
		tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(out), tea.WithEnvironment(env),
		tea.WithWindowSize(width, height), tea.WithColorProfile(profile))
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-resized:
				p.Send(tea.WindowSizeMsg{}) // sizeNow fills in the size
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

// sizeNow gives every size message the size the terminal out has when it arrives. bubbletea's
// first one and those a resize sends may arrive in any order; read when they arrive, the last is
// right.
func sizeNow(out *os.File, env []string) func(tea.Model, tea.Msg) tea.Msg {
	return func(_ tea.Model, msg tea.Msg) tea.Msg {
		size, ok := msg.(tea.WindowSizeMsg)
		if !ok {
			return msg
		}
		w, h, err := terminalSize(out, env)
		switch {
		case err == nil:
			return tea.WindowSizeMsg{Width: w, Height: h}
		case size.Width == 0 && size.Height == 0:
			return nil // a resize's nudge, and the terminal cannot say its size: keep the last
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
