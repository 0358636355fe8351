package ui

import "charm.land/bubbles/v2/key"

// KeyMap is every binding in the app. It drives both key matching and the help, so the two cannot
// disagree.
type KeyMap struct {
	Next, Prev, First, Last    key.Binding
	TOC, Focus, FocusBack      key.Binding
	Up, Down, PageUp, PageDown key.Binding
	Cite, Enter, Back          key.Binding
	Sources, Disputes          key.Binding
	Glossary, Timeline         key.Binding
	Scenarios                  key.Binding
	Help, Quit                 key.Binding
	Pane1, Pane2, Pane3        key.Binding
	// Follow toggles following the presenter in an SSH audience session (ui/follow.go). It is
	// disabled elsewhere, and the help leaves disabled bindings out.
	Follow key.Binding
	// Quiz opens the chapter's questions; Search finds a word (ui/quiz.go, ui/search.go).
	Quiz, Search key.Binding
	// Suspend hands the terminal back to the shell (ctrl+z; fg resumes). Only a local run enables it:
	// over SSH there is no job control to return to, and the signal would stop the whole server.
	Suspend key.Binding
	// Present switches the presentation layout (ui/present.go): the narrative on the whole screen,
	// then the panes on the next key, for a projector.
	Present key.Binding
	// Notes and Lock are the presenter's in a class (ui/follow.go): the step's notes, and follow
	// locked for everyone.
	Notes, Lock key.Binding
}

// DefaultKeyMap is the key map described in the README.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Next:      key.NewBinding(key.WithKeys("right", "l", "n", "space"), key.WithHelp("→/l/n/space", "next")),
		Prev:      key.NewBinding(key.WithKeys("left", "h", "p"), key.WithHelp("←/h/p", "previous")),
		First:     key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g/home", "first step")),
		Last:      key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G/end", "last step")),
		TOC:       key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "contents")),
		Focus:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next pane")),
		FocusBack: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous pane")),
		Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
		Down:      key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll down")),
		PageUp:    key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown:  key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		Cite:      key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "citations")),
		Enter:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Back:      key.NewBinding(key.WithKeys("esc", "backspace"), key.WithHelp("esc", "back")),
		Sources:   key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sources")),
		Disputes:  key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "disagreements")),
		Glossary:  key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "glossary")),
		Timeline:  key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "timeline")),
		Scenarios: key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "what if")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:      key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		Follow:    key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "follow"), key.WithDisabled()),
		Pane1:     key.NewBinding(key.WithKeys("1"), key.WithHelp("1", "platform pane")),
		Pane2:     key.NewBinding(key.WithKeys("2"), key.WithHelp("2", "database pane")),
		Pane3:     key.NewBinding(key.WithKeys("3"), key.WithHelp("3", "risks pane")),
		Quiz:      key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "quiz")),
		Search:    key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		Suspend:   key.NewBinding(key.WithKeys("ctrl+z"), key.WithHelp("ctrl+z", "suspend"), key.WithDisabled()),
		Present:   key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "presentation layout")),
		Notes:     key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "notes"), key.WithDisabled()),
		Lock:      key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "lock follow"), key.WithDisabled()),
	}
}

// ShortHelp is every key of the walkthrough, most used first. The footer shows a few of them, the
// ones that matter where the reader is (footerKeys, ui/footer.go).
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Next, k.Prev, k.Follow, k.Notes, k.Lock, k.Cite, k.TOC, k.Quiz, k.Focus, k.Present, k.Help, k.Quit}
}

// FullHelp is the help screen, in columns.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Next, k.Prev, k.First, k.Last, k.TOC, k.Quiz, k.Search, k.Present},
		{k.Focus, k.FocusBack, k.Pane1, k.Pane2, k.Pane3, k.Up, k.Down, k.PageUp, k.PageDown},
		{k.Cite, k.Enter, k.Back, k.Sources, k.Disputes, k.Glossary, k.Timeline, k.Scenarios},
		{k.Help, k.Quit, k.Suspend, k.Follow, k.Notes, k.Lock},
	}
}
