package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/cyberid/cyberid/content"
)

// Loader reads the walkthrough and works out the options it opens with (the start step is checked
// against it). It runs in a bubbletea command, off the program's own goroutine.
type Loader func() (*content.Walkthrough, Options, error)

// Loading is the model a program starts with while the walkthrough is still being read: parsing
// and checking the content files takes a few milliseconds, and in a command it overlaps with
// bubbletea setting the terminal up and waiting for its first frame. When the walkthrough arrives,
// Loading hands over to the walkthrough's Model, and gives it every message that came meanwhile
// (the window's size, the background colour, keys typed ahead), in order.
type Loading struct {
	load    Loader
	pending []tea.Msg
	err     error
}

// NewLoading returns a model that loads with load and then becomes the walkthrough's Model.
func NewLoading(load Loader) *Loading { return &Loading{load: load} }

// loadedMsg carries what the Loader returned.
type loadedMsg struct {
	w    *content.Walkthrough
	opts Options
	err  error
}

// Init starts loading.
func (l *Loading) Init() tea.Cmd {
	return func() tea.Msg {
		w, opts, err := l.load()
		return loadedMsg{w: w, opts: opts, err: err}
	}
}

// Update keeps every message until the walkthrough has loaded, then returns the walkthrough's Model
// in its place. A walkthrough that cannot load ends the program; Err says why.
func (l *Loading) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	loaded, ok := msg.(loadedMsg)
	if !ok {
		l.pending = append(l.pending, msg)
		return l, nil
	}
	if loaded.err != nil {
		l.err = loaded.err
		return l, tea.Quit
	}
	m := New(loaded.w, loaded.opts)
	cmds := []tea.Cmd{m.Init()}
	for _, msg := range l.pending {
		_, cmd := m.Update(msg)
		cmds = append(cmds, cmd)
	}
	l.pending = nil
	return m, tea.Batch(cmds...)
}

// View is an empty screen: loading takes less than a frame or two.
func (l *Loading) View() tea.View {
	v := tea.NewView("")
	v.AltScreen = true
	return v
}

// Err is why the walkthrough could not load, or nil.
func (l *Loading) Err() error { return l.err }
