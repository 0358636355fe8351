package ui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cyberid/cyberid/flow"
	"github.com/cyberid/cyberid/words"
)

// A class over SSH (package serve) is many models kept together. The presenter's model reports its
// view as a plain value (ViewState) after every change; each follower's model applies that value at
// its own size and theme. Who follows, who explores, the lock and the class question are the
// server's business: the model only reports what its user did (Class callbacks) and shows what the
// server says (FollowMsg, QuizMsg).

// Role is a model's part in a class.
type Role int

const (
	// RoleAlone is a model on its own: a local run, or a server without presenter keys.
	RoleAlone Role = iota
	// RolePresenter leads: its view goes to the class; it has notes, the class question and the lock.
	RolePresenter
	// RoleAudience follows the presenter, or explores on its own.
	RoleAudience
)

// Class connects a model to a class. Every callback runs inside Update and must not block.
type Class struct {
	Role Role
	// OnView (presenter) is called with the view after each change the presenter makes.
	OnView func(ViewState)
	// OnFollow (audience) reports that the student wants to follow (f) or has started exploring (f,
	// or a key that changes what they see while following).
	OnFollow func(follow bool)
	// OnAnswer (audience) answers the class question of a round; false when the server turned it
	// down (the round closed, or an answer was given already).
	OnAnswer func(round, choice int) bool
	// OnQuiz (presenter) asks a question, reveals the answers or ends the round.
	OnQuiz func(QuizAction)
	// OnLock (presenter) locks follow (everyone follows, f is disabled) or unlocks it.
	OnLock func(locked bool)
}

// ViewState is what the presenter shows, as plain values: a follower applies it at its own size,
// theme and colours. Screens that are the presenter's own (notes, the class question's picker,
// self-study, search) are not part of it: the class sees the walkthrough under them.
type ViewState struct {
	Step       int
	Identifier flow.IdentifierMode // the what-if assumption applied
	Screen     string              // "" for the walkthrough, else a screen's name (screenNames)
	Detail     string              // what the screen opened within itself: "source:ID", "scenario:ID"
	Sel        int                 // the selected entry of a list screen
	Top        int                 // the entry at the top of a list screen
	Focus      int                 // the narrative or a pane
	Scroll     [focusCount]int     // how far each scroller is scrolled, in thousandths of its lines
}

// screenNames are the screens a class sees by name.
var screenNames = map[screen]string{
	screenTOC: "contents", screenCite: "citations", screenHelp: "help", screenSources: "sources",
	screenDisputes: "disagreements", screenGlossary: "glossary", screenTimeline: "timeline",
	screenScenarios: "what-if",
}

// FollowMsg is the class as an audience session (or a second presenter session) sees it.
type FollowMsg struct {
	Following bool // this session follows the presenter
	Locked    bool // the presenter has locked follow
	Present   bool // a presenter is connected
	View      ViewState
}

// PresentingMsg is the presenter's status line from the server: counts of who follows and who
// explores, never names.
type PresentingMsg string

// Words of the follow status.
const (
	StatusFollowing = "following the presenter"
	statusLocked    = "following the presenter (locked for a moment)"
	statusAway      = "the presenter has left: you follow again when one returns"
	statusExploring = "exploring · presenter on step %d · f to follow"
	statusAlone     = "exploring · no presenter connected"
)

// classState is the model's part in a class.
type classState struct {
	following, locked, present bool
	presenter                  ViewState // the presenter's view, last heard
	sent                       ViewState // the view last reported (presenter)
	applying                   bool      // a view from the server is being applied: not the user's doing
	toggled                    bool      // this key was f: what changed is following, not exploring
	welcome                    bool      // the welcome shows until the first key
	presenting                 string    // the presenter's counts (PresentingMsg)
	heard                      bool      // a FollowMsg has come: the next one that moves the class is news
	quiz                       classQuiz // ui/classquiz.go
}

func (m *Model) initClass() {
	c := m.opts.Class
	m.keys.Follow.SetEnabled(c.Role == RoleAudience)
	m.keys.Notes.SetEnabled(c.Role == RolePresenter)
	m.keys.Lock.SetEnabled(c.Role == RolePresenter)
	if c.Role == RoleAlone {
		return
	}
	m.class.welcome = true
	m.class.present = c.Role == RolePresenter
	m.class.following = c.Role == RoleAudience
	m.class.presenter.Step = m.step
	m.class.sent = m.viewState()
}

// classStatus is the footer's word on following, before any other status.
func (m *Model) classStatus() string {
	switch m.opts.Class.Role {
	case RoleAlone:
		return ""
	case RolePresenter:
		return m.class.presenting
	}
	c := &m.class
	switch {
	case c.following && !c.present:
		return statusAway
	case c.following && c.locked:
		return statusLocked
	case c.following:
		return StatusFollowing
	case !c.present:
		return statusAlone
	}
	return fmt.Sprintf(statusExploring, c.presenter.Step+1)
}

// follow handles the f key: follow again, or explore.
func (m *Model) follow() tea.Cmd {
	c := &m.class
	if m.opts.Class.Role != RoleAudience || c.locked {
		return nil
	}
	c.following = !c.following
	c.toggled = true
	if c.following && c.present {
		m.applyView(c.presenter)
	}
	if m.opts.Class.OnFollow != nil {
		m.opts.Class.OnFollow(c.following)
	}
	return nil
}

// followed takes the server's word on the class, and goes where the presenter is when following.
func (m *Model) followed(msg FollowMsg) {
	c := &m.class
	if c.welcome && c.heard && msg.Following && msg.Present && msg.View != c.presenter && m.opts.Class.Role == RoleAudience {
		// The class has moved on since this session joined: the follower sees where, not the welcome.
		c.welcome = false
	}
	c.heard = true
	c.following, c.locked, c.present, c.presenter = msg.Following, msg.Locked, msg.Present, msg.View
	if msg.Following && msg.Present {
		m.applyView(msg.View)
	}
	// What was applied is not news to send back (a second presenter session would echo it).
	m.class.sent = m.viewState()
}

// classKey runs before every other key in a class. handled is true when the key was the class's.
func (m *Model) classKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	c := &m.class
	role := m.opts.Class.Role
	if role == RoleAlone {
		return nil, false
	}
	if c.welcome {
		// The welcome goes at the first key; enter and esc only put it away.
		c.welcome = false
		if key.Matches(msg, m.keys.Enter, m.keys.Back) {
			return nil, true
		}
	}
	if cmd, ok := m.classQuizKey(msg); ok {
		return cmd, true
	}
	switch {
	case role == RolePresenter && key.Matches(msg, m.keys.Lock):
		c.locked = !c.locked
		if m.opts.Class.OnLock != nil {
			m.opts.Class.OnLock(c.locked)
		}
		return nil, true
	case m.screen == screenNotes && key.Matches(msg, m.keys.Next, m.keys.Prev):
		// The notes stay open as the presenter walks the class through the steps.
		if key.Matches(msg, m.keys.Next) {
			m.gotoStep(m.step + 1)
		} else {
			m.gotoStep(m.step - 1)
		}
		m.refreshList()
		return nil, true
	case role == RolePresenter && key.Matches(msg, m.keys.Notes):
		m.toggle(screenNotes)
		return nil, true
	case role == RolePresenter && key.Matches(msg, m.keys.Quiz) && m.screen != screenQuiz:
		m.toggle(screenClassPick)
		return nil, true
	case role == RoleAudience && c.locked && !key.Matches(msg, m.keys.Quit):
		return nil, true // locked: everyone follows
	}
	return nil, false
}

// explored turns a following student to exploring when a key of theirs changed what they see: from
// then on their screen is their own, and both footers say so.
func (m *Model) explored(before ViewState, screen screen) {
	c := &m.class
	toggled := c.toggled
	c.toggled = false
	if m.opts.Class.Role != RoleAudience || !c.following || toggled || (m.viewState() == before && m.screen == screen) {
		return
	}
	c.following = false
	if m.opts.Class.OnFollow != nil {
		m.opts.Class.OnFollow(false)
	}
}

// reportView tells the class where the presenter is now, when that changed.
func (m *Model) reportView() {
	if m.opts.Class.Role != RolePresenter || m.opts.Class.OnView == nil || m.class.applying {
		return
	}
	if v := m.viewState(); v != m.class.sent {
		m.class.sent = v
		m.opts.Class.OnView(v)
	}
}

// viewState is what this model shows, as the class would see it.
func (m *Model) viewState() ViewState {
	v := ViewState{Step: m.step, Identifier: m.assumptions.Identifier, Focus: m.focus}
	if name, ok := screenNames[m.screen]; ok {
		v.Screen, v.Detail, v.Sel, v.Top = name, m.detail, m.list.sel, m.list.top()
	}
	for i, s := range m.scrollers() {
		v.Scroll[i] = s.thousandths()
	}
	return v
}

func (m *Model) scrollers() [focusCount]*scroller {
	return [focusCount]*scroller{&m.narr, &m.panes[0], &m.panes[1], &m.panes[2]}
}

// applyView shows a presenter's view here. Every number in it is clamped: it sizes nothing.
func (m *Model) applyView(v ViewState) {
	m.class.applying = true
	defer func() { m.class.applying = false }()
	if v.Identifier != m.assumptions.Identifier && validIdentifier(v.Identifier) {
		m.setAssumptions(flow.Assumptions{Identifier: v.Identifier})
	}
	m.gotoStep(v.Step)
	m.focus = clamp(v.Focus, 0, focusCount-1)
	if m.focus > focusNarrative {
		m.lastTab = m.focus - 1
	}
	m.screen = screenWalk
	for s, name := range screenNames {
		if name == v.Screen {
			m.screen = s
		}
	}
	m.detail = ""
	if m.screen != screenWalk {
		m.list = m.buildList(m.screen)
		m.openDetail(v.Detail)
		m.list.sel = clamp(v.Sel, 0, max(0, len(m.list.items)-1))
		m.list.fit(m.bodyWidth(), m.bodyHeight())
		m.list.show(v.Top)
	}
	for i, s := range m.scrollers() {
		s.scrollTo(v.Scroll[i])
	}
}

func validIdentifier(id flow.IdentifierMode) bool {
	for _, mode := range flow.IdentifierModes {
		if mode == id {
			return true
		}
	}
	return false
}

// openDetail opens what a list screen opens within itself: a source's quotes, a scenario.
func (m *Model) openDetail(detail string) {
	switch m.screen {
	case screenSources:
		for _, s := range m.w.Sources {
			if detail == "source:"+s.ID {
				m.list, m.detail = m.quotesOf(s), detail
			}
		}
	case screenScenarios:
		for _, sp := range m.scenarios() {
			if detail == "scenario:"+sp.Scenario.ID {
				m.list, m.detail = m.scenarioDetail(sp), detail
			}
		}
	}
}

// top is the entry at the top of the list as it is scrolled.
func (l *listScreen) top() int {
	t := 0
	for i, s := range l.starts {
		if s <= l.off {
			t = i
		}
	}
	return t
}

// show scrolls so that entry i is at the top where it can be, keeping the selection in view.
func (l *listScreen) show(i int) {
	if i < 0 || i >= len(l.starts) {
		return
	}
	l.off = clamp(l.starts[i], 0, max(0, len(l.lines)-l.h))
	l.reveal()
}

func (s *scroller) thousandths() int {
	if len(s.lines) == 0 {
		return 0
	}
	return s.off * 1000 / len(s.lines)
}

func (s *scroller) scrollTo(thousandths int) {
	s.off = clamp(thousandths, 0, 1000) * len(s.lines) / 1000
	s.scroll(0)
}

// joinStatus joins the parts of a status that are not empty.
func joinStatus(parts ...string) string {
	out := ""
	for _, p := range parts {
		switch {
		case p == "":
		case out == "":
			out = p
		default:
			out += " · " + p
		}
	}
	return out
}

// windowTitle names the step; during a class question, the presenter's names the tally, so that
// it can be read at a glance (and measured).
func (m *Model) windowTitle() string {
	q := &m.class.quiz
	if m.opts.Class.Role == RolePresenter && q.msg.Round != 0 {
		if q.msg.Open {
			return fmt.Sprintf("cyberid · class question · %d of %d answered", q.msg.Answered, q.msg.Audience)
		}
		return fmt.Sprintf("cyberid · class question · %d answered · answer shown", q.msg.Answered)
	}
	if m.classQuizShown() {
		return "cyberid · class question"
	}
	title := "cyberid · " + m.pages[m.step].Step.Title
	if m.opts.ContentLabel != "" {
		title += " · " + words.ContentShown(m.opts.ContentLabel)
	}
	return title
}

// classBody is what covers the body in a class: the class question, else the welcome; nil when
// neither shows.
func (m *Model) classBody() []string {
	switch {
	case m.classQuizShown():
		q := &m.class.quiz
		if q.builtFor != m.drawKey() {
			m.buildClassQuiz() // the size or the colours changed since it was built
		}
		return q.list.view(m, m.bodyWidth(), m.bodyHeight())
	case m.class.welcome:
		l := m.welcomeList()
		l.fit(m.bodyWidth(), m.bodyHeight())
		return l.view(m, m.bodyWidth(), m.bodyHeight())
	}
	return nil
}

// welcomeList greets a session that joins a class; it goes at the first key.
func (m *Model) welcomeList() listScreen {
	l := listScreen{title: "Welcome to the class"}
	var lines []string
	if m.opts.Class.Role == RolePresenter {
		lines = []string{
			"You are the presenter: everyone who follows sees what you show (the step, a what-if you apply, " +
				"the screen you open, its selection), each at their own size and colours.",
			"N shows this step's notes, only to you. x puts a question to the class. L locks follow for a " +
				"moment (everyone follows, f is off) and unlocks it.",
			"The footer counts who follows and who explores; it never names anyone.",
		}
	} else {
		lines = []string{
			"You are following the presenter: your screen shows what theirs shows, at your size and in your colours.",
			"Any key that moves (→, t, c, s, w…) lets you explore on your own; f follows the presenter again.",
			"When the presenter asks the class a question, press the number of your answer. Answers are counted, never tied to you.",
		}
	}
	lines = append(lines, "? lists every key · q leaves. Any key puts this away.")
	for _, t := range lines {
		para := m.para(t, render(m.st.Item), "  ")
		l.items = append(l.items, listItem{head: true, step: -1, text: func(w int) []string { return append(para(w), "") }})
	}
	return l
}

// drawKey is what a drawing depends on besides its content.
func (m *Model) drawKey() layoutKey {
	return layoutKey{width: m.width, height: m.height, dark: m.dark, plain: m.noStyles, theme: m.theme}
}

// covered says whether the class question or the welcome covers the body.
func (m *Model) covered() bool { return m.classQuizShown() || m.class.welcome }
