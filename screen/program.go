package screen

import (
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// Program makes the tea.Program that runs app with s drawing its frames, after opts (a program's
// input, output, size and colour profile). bubbletea runs the app as usual with its own renderer
// off: its input reader, key parsing, signal handling and commands all stay. filter, if not nil,
// sees each message first: a program has one filter, so pass yours here rather than as an option.
// Requests the app queues through bubbletea itself (tea.Raw, the clipboard) still go out on its
// once-a-second tick, in writes of their own between frames.
func (s *Screen) Program(app tea.Model, filter func(tea.Model, tea.Msg) tea.Msg, opts ...tea.ProgramOption) *tea.Program {
	return tea.NewProgram(model{app: app, s: s}, append(opts,
		tea.WithoutRenderer(),
		tea.WithFilter(s.filter(filter)),
		// With its renderer off, bubbletea's ticker only writes out requests queued by the app,
		// and the filter sends the one this app makes straight away, so once a second is enough:
		// waking 120 times a second for nothing is what issue 7's "no CPU while idle" rules out.
		tea.WithFPS(1))...)
}

// filter is the program's filter: first the app's own (then, if not nil), then the Screen's.
// bubbletea would queue the background-colour question until its next tick, up to a second away
// with the ticker slowed; the Screen asks at once, so that a light terminal gets its palette with
// the first frames.
func (s *Screen) filter(then func(tea.Model, tea.Msg) tea.Msg) func(tea.Model, tea.Msg) tea.Msg {
	return func(m tea.Model, msg tea.Msg) tea.Msg {
		if then != nil {
			if msg = then(m, msg); msg == nil {
				return nil
			}
		}
		if msg == backgroundRequest {
			s.Query(ansi.RequestBackgroundColor)
			return nil
		}
		return msg
	}
}

// backgroundRequest is the message tea.RequestBackgroundColor sends.
var backgroundRequest = tea.RequestBackgroundColor()

// model passes every message to the app and draws each of its views on the Screen.
type model struct {
	app tea.Model
	s   *Screen
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
		m.s.release()
		panic(r)
	}
}

// guard makes a command give the terminal back if it panics; the commands of a tea.Batch too.
// Those of a tea.Sequence travel in a message bubbletea keeps to itself and are not reached; the
// walkthrough uses none, and a panic in one still ends the program, only with its report drawn
// on the alternate screen.
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
