// Package ui is the bubbletea program: one root model whose screens are plain structs. It reads the
// lesson pages and never touches os.Stdin, os.Stdout or the environment: terminal facts arrive as
// messages, so the same model runs in tests, in a local terminal and in each SSH session.
package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/flow"
	"github.com/cyberid/cyberid/lesson"
	"github.com/cyberid/cyberid/words"
)

// MinWidth and MinHeight are the smallest terminal the layout fits; below it a notice says so.
const (
	MinWidth  = 60
	MinHeight = 20
	// WideWidth is where the three panes sit side by side instead of in tabs.
	WideWidth = 120
)

// screen is what fills the body: the walkthrough or one of the lists over it.
type screen int

const (
	screenWalk screen = iota
	screenTOC
	screenCite
	screenHelp
	screenSources
	screenDisputes
	screenGlossary
	screenTimeline
	screenScenarios
	screenQuiz   // ui/quiz.go
	screenSearch // ui/search.go
	screenEnd    // ui/ending.go: after the last step
	// A presenter's own screens in a class (ui/follow.go): the class does not see them.
	screenNotes     // ui/notes.go
	screenClassPick // ui/classquiz.go
)

// Focus targets: the narrative, then the three panes.
const (
	focusNarrative = iota
	focusPlatform
	focusCentre
	focusRisks
	focusCount
)

// PaneTitles are the three panes' titles, as every handout names them too.
var PaneTitles = words.PaneTitles

// Options configure a model.
type Options struct {
	Start int   // step index to open on
	Theme Theme // ThemeAuto follows the terminal background
	// OnStep is called after the step changes, with the new index. The SSH presenter uses it.
	OnStep func(step int)
	// Class, when its Role is set, makes the model part of a class over SSH (ui/follow.go).
	Class Class
	// Shared, when set, shares narrative renderings with other models (ui/shared.go): the SSH
	// server gives every session the same one.
	Shared *Shared
	// Progress is the self-study state and how to keep it (ui/selfstudy.go); the zero value keeps nothing.
	Progress Progress
	// Resume opens on the step the saved progress was on, instead of Start, and says so (main sets it
	// unless --step is given).
	Resume bool
	// Present opens in the presentation layout (ui/present.go).
	Present bool
	// Suspendable enables ctrl+z: a local terminal with job control. SSH sessions leave it off.
	Suspendable bool
	// ContentLabel names the content shown when it is not the built-in walkthrough (a teacher's
	// folder, --content DIR): the header says so.
	ContentLabel string
}

// GotoMsg moves to a step from outside the keyboard (a presenter moving, a test).
type GotoMsg struct{ Step int }

// StatusMsg sets a short status shown in the footer (e.g. "following the presenter").
type StatusMsg string

// Model is the root model.
type Model struct {
	w      *content.Walkthrough
	num    *lesson.Numbering // every quote's citation number, the same on every screen
	pages  []lesson.Page
	opts   Options
	keys   KeyMap
	help   help.Model
	st     Styles
	shared *Shared // renderings kept: the server's, or the model's own (New)

	theme    Theme
	dark     bool
	noStyles bool // the terminal shows no styles (tea.ColorProfileMsg)
	width    int
	height   int
	step     int
	screen   screen
	focus    int
	status   string
	visited  map[int]bool
	lastTab  int // the pane tab shown while the narrative has focus

	assumptions   flow.Assumptions      // the scenario the panes are computed under
	scenarioPages []lesson.ScenarioPage // built on first use

	narr  scroller
	panes [3]scroller
	list  listScreen
	// detail is what a list screen opened within itself ("source:ID", "scenario:ID"), so that a
	// class can be shown the same.
	detail string
	class  classState
	// laidOut records what the scrollers were filled for, so that work is redone only on change.
	laidOut layoutKey

	study selfStudy // answers, saving, quiz and search (ui/selfstudy.go)

	// present is the presentation layout (ui/present.go); presentPanes, its second stage: the panes
	// on the whole body, after the narrative.
	present, presentPanes bool
	side                  bool // the panes sit side by side (layout)
	// notice is a line over the walkthrough until the first key (e.g. "Resumed at step 6"), wrapped
	// to the width in noticeLines.
	notice      string
	noticeLines []string

	// contentProblem is why the teacher's edited files did not reload (ui/reload.go); the footer shows
	// it, over the last good walkthrough, until they load again.
	contentProblem string
}

type layoutKey struct {
	step, width, height int
	dark, plain         bool
	theme               Theme
	present, panes      bool
	notice              string
}

// New builds the root model for a walkthrough.
func New(w *content.Walkthrough, opts Options) *Model {
	m := &Model{
		w:       w,
		num:     lesson.Number(w),
		pages:   lesson.Build(w, flow.Assumptions{}),
		opts:    opts,
		keys:    DefaultKeyMap(),
		help:    help.New(),
		theme:   opts.Theme,
		dark:    true, // until the terminal says otherwise: its reply may never come
		visited: map[int]bool{},
	}
	m.step = clamp(opts.Start, 0, len(m.pages)-1)
	m.visited[m.step] = true
	m.showNewTab()
	m.restyle()
	m.keys.Suspend.SetEnabled(opts.Suspendable)
	m.present = opts.Present
	// The panes and narratives drawn so far are kept in a Shared: the server's, which all sessions
	// share, or else one of the model's own.
	m.shared = opts.Shared
	if m.shared == nil {
		m.shared = newShared(maxOwn)
	}
	m.initStudy()
	m.initClass()
	return m
}

// Step is the current step index.
func (m *Model) Step() int { return m.step }

// Pages are the lesson pages the model shows.
func (m *Model) Pages() []lesson.Page { return m.pages }

func (m *Model) restyle() {
	m.st = NewStyles(m.theme, m.dark)
	// A terminal that shows no styles (bubbletea strips them all for TERM=dumb) would lose the
	// narrative's emphasis, and with it the doubt in "a hacker *claimed*": the narrative is rendered
	// plain, with asterisks (ui/markdown.go).
	m.st.plain = m.noStyles
	m.help.Styles = m.st.Help
}

// Init asks the terminal for its background colour so the palette can follow it.
func (m *Model) Init() tea.Cmd {
	if m.theme == ThemeAuto || m.theme == ThemeHighContrast {
		return tea.RequestBackgroundColor
	}
	return nil
}

func clamp(v, lo, hi int) int {
	if v > hi {
		v = hi
	}
	if v < lo {
		v = lo
	}
	return v
}

// Update handles one message. When it changes what the walkthrough shows (step, size, theme), the
// neighbouring steps' narratives are rendered in the background (renderNeighbours). In a class, a
// presenter's change of view is reported once it is made (ui/follow.go).
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	laidOut := m.laidOut
	cmd := m.update(msg)
	if m.laidOut != laidOut {
		cmd = tea.Batch(cmd, m.renderNeighbours())
	}
	m.reportView()
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg.(type) {
	case tea.KeyPressMsg, tea.MouseWheelMsg:
		// A student's own key or wheel that changes what they see ends following (ui/follow.go).
		before, screen := m.viewState(), m.screen
		defer m.explored(before, screen)
	}
	switch msg := msg.(type) {
	case FollowMsg:
		m.followed(msg)
	case PresentingMsg:
		m.class.presenting = string(msg)
	case QuizMsg:
		return m.quizUpdate(msg)
	case classTickMsg:
		return m.quizTick(msg)
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
	case tea.ColorProfileMsg:
		if noStyles := msg.Profile == colorprofile.NoTTY; noStyles != m.noStyles {
			m.noStyles = noStyles
			m.restyle()
			m.layout()
		}
	case tea.BackgroundColorMsg:
		if m.theme == ThemeAuto || m.theme == ThemeHighContrast {
			m.dark = msg.IsDark()
			m.restyle()
			m.layout()
		}
	case GotoMsg:
		m.gotoStep(msg.Step)
		return m.withSave(nil)
	case savedMsg:
		return m.saved(msg)
	case StatusMsg:
		m.status = string(msg)
	case ContentMsg:
		m.reload(msg)
	case tea.MouseWheelMsg:
		if m.screen == screenWalk {
			switch msg.Mouse().Button {
			case tea.MouseWheelUp:
				m.scroll(-3)
			case tea.MouseWheelDown:
				m.scroll(3)
			}
		} else if msg.Mouse().Button == tea.MouseWheelUp {
			m.list.move(-1)
		} else {
			m.list.move(1)
		}
	case tea.KeyPressMsg:
		return m.withSave(m.key(msg))
	}
	return nil
}

// key handles a key press. Keys that mean the same on every screen come first.
func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	if m.notice != "" {
		m.notice = ""
		m.layout()
	}
	if cmd, ok := m.classKey(msg); ok {
		return cmd
	}
	if cmd, ok := m.selfStudyKey(msg); ok {
		return cmd
	}
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Suspend):
		return tea.Suspend
	case key.Matches(msg, k.Follow):
		return m.follow()
	}
	// Keys that open a screen over the walkthrough, or close it again.
	for _, open := range []struct {
		binding key.Binding
		screen  screen
	}{
		{k.Help, screenHelp}, {k.TOC, screenTOC}, {k.Sources, screenSources}, {k.Disputes, screenDisputes},
		{k.Glossary, screenGlossary}, {k.Timeline, screenTimeline}, {k.Scenarios, screenScenarios},
		{k.Cite, screenCite},
	} {
		if key.Matches(msg, open.binding) {
			m.toggle(open.screen)
			return nil
		}
	}
	if m.screen == screenEnd {
		switch {
		case key.Matches(msg, k.Prev):
			m.screen = screenWalk
			return nil
		case key.Matches(msg, k.Next):
			return nil // the end: there is no next
		}
	}
	if m.screen != screenWalk {
		return m.listKey(msg)
	}
	switch {
	case key.Matches(msg, k.Next):
		m.next()
	case key.Matches(msg, k.Prev):
		m.prev()
	case key.Matches(msg, k.Present):
		m.togglePresent()
	case key.Matches(msg, k.First):
		m.gotoStep(0)
	case key.Matches(msg, k.Last):
		m.gotoStep(len(m.pages) - 1)
	case key.Matches(msg, k.Focus):
		m.setFocus((m.focus + 1) % focusCount)
	case key.Matches(msg, k.FocusBack):
		m.setFocus((m.focus + focusCount - 1) % focusCount)
	case key.Matches(msg, k.Pane1):
		m.setFocus(focusPlatform)
	case key.Matches(msg, k.Pane2):
		m.setFocus(focusCentre)
	case key.Matches(msg, k.Pane3):
		m.setFocus(focusRisks)
	case key.Matches(msg, k.Up):
		m.scroll(-1)
	case key.Matches(msg, k.Down):
		m.scroll(1)
	case key.Matches(msg, k.PageUp):
		m.scroll(-m.focused().h)
	case key.Matches(msg, k.PageDown):
		m.scroll(m.focused().h)
	case key.Matches(msg, k.Enter):
		m.toggle(screenCite)
	}
	return nil
}

func (m *Model) listKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Back) && m.list.back != nil:
		m.list.back(m)
	case key.Matches(msg, k.Back):
		m.screen = screenWalk
	case key.Matches(msg, k.Up, k.Prev):
		m.list.move(-1)
	case key.Matches(msg, k.Down, k.Next):
		m.list.move(1)
	case key.Matches(msg, k.PageUp):
		m.list.move(-5)
	case key.Matches(msg, k.PageDown):
		m.list.move(5)
	case key.Matches(msg, k.First):
		m.list.move(-len(m.list.items))
	case key.Matches(msg, k.Last):
		m.list.move(len(m.list.items))
	case key.Matches(msg, k.Enter):
		if it, ok := m.list.current(); ok && it.open != nil {
			it.open(m)
		} else if ok && it.step >= 0 {
			m.screen = screenWalk
			m.gotoStep(it.step)
		}
	}
	return nil
}

// toggle opens a screen over the walkthrough, or closes it if it is open.
func (m *Model) toggle(s screen) {
	if m.screen == s {
		m.screen = screenWalk
		return
	}
	from := m.screen
	m.screen = s
	m.detail = ""
	m.list = m.buildList(s)
	if s == screenCite && from == screenWalk {
		m.selectVisibleCitation()
	}
	if s == screenDisputes && from == screenWalk {
		m.selectStepDispute()
	}
	m.list.fit(m.bodyWidth(), m.bodyHeight())
	if s == screenDisputes && from == screenWalk {
		m.list.selectionOnTop() // the step's disagreement reads from its title
	}
}

// selectVisibleCitation starts the citations screen at the first marker the reader can see in what
// has focus, so that c (or enter) on a pane item opens that item's quote.
func (m *Model) selectVisibleCitation() {
	for _, line := range m.focused().view() {
		if marks := lesson.ParseMark(lesson.MarkPattern.FindString(ansi.Strip(line))); len(marks) > 0 {
			for i, c := range m.pages[m.step].Citations {
				if c.N == marks[0] && i < len(m.list.items) {
					m.list.sel = i
				}
			}
			return
		}
	}
}

func (m *Model) gotoStep(i int) {
	i = clamp(i, 0, len(m.pages)-1)
	if i == m.step {
		return
	}
	m.step = i
	m.visited[i] = true
	m.showNewTab()
	m.layout()
	if m.opts.OnStep != nil {
		m.opts.OnStep(i)
	}
}

// showNewTab picks, for the tabbed layout, the pane where this step adds something, so that a learner
// reading the narrative sees the change without pressing tab.
func (m *Model) showNewTab() {
	p := m.pages[m.step]
	for i, groups := range [][]lesson.Group{p.Platform, p.Centre} {
		for _, g := range groups {
			for _, e := range g.Entries {
				if e.New {
					m.lastTab = i
					return
				}
			}
		}
	}
	if len(p.Risks) > 0 {
		m.lastTab = 2
	}
}

func (m *Model) setFocus(f int) {
	m.focus = f
	if f > focusNarrative {
		m.lastTab = f - 1
	}
	// In the presentation layout the narrative and the panes take turns: focus says which is shown.
	if m.present && m.presentPanes != (f > focusNarrative) {
		m.presentPanes = f > focusNarrative
		m.layout()
	}
}

func (m *Model) focused() *scroller {
	if m.focus == focusNarrative {
		return &m.narr
	}
	return &m.panes[m.focus-1]
}

func (m *Model) scroll(n int) { m.focused().scroll(n) }
