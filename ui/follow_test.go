package ui

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cyberid/cyberid/flow"
)

func TestFollowKeyDisabledByDefault(t *testing.T) {
	m := sized(t, 100, 30, Options{})
	if cmd := press(m, "f"); cmd != nil {
		t.Fatalf("f outside a class returned a command")
	}
	footer := ansi.Strip(m.footer())
	if strings.Contains(footer, "follow") {
		t.Fatalf("footer offers f outside a class: %q", footer)
	}
	press(m, "?")
	if s := ansi.Strip(m.Frame()); strings.Contains(s, "follow") || strings.Contains(s, "notes") {
		t.Fatalf("help screen lists class keys outside a class:\n%s", s)
	}
}

// audience is a student's model in a class whose presenter is connected, with the welcome put away.
func audience(t *testing.T, follows *[]bool, answers *[][2]int) *Model {
	t.Helper()
	m := sized(t, 140, 30, Options{Class: Class{Role: RoleAudience,
		OnFollow: func(f bool) { *follows = append(*follows, f) },
		OnAnswer: func(round, choice int) bool {
			if answers != nil {
				*answers = append(*answers, [2]int{round, choice})
			}
			return true
		}}})
	m.Update(FollowMsg{Following: true, Present: true})
	press(m, "esc")
	return m
}

func TestFollowKeyAndExploringStatus(t *testing.T) {
	var follows []bool
	m := audience(t, &follows, nil)
	if footer := ansi.Strip(m.footer()); !strings.HasPrefix(footer, StatusFollowing) || !strings.Contains(footer, "f follow") {
		t.Fatalf("footer: %q", footer)
	}
	m.Update(FollowMsg{Following: true, Present: true, View: ViewState{Step: 7}})
	if m.Step() != 7 {
		t.Fatalf("following: on step %d, want 7", m.Step()+1)
	}
	// A navigation key: exploring, and the server is told.
	press(m, "right")
	if m.Step() != 8 || len(follows) != 1 || follows[0] {
		t.Fatalf("→ while following: step %d, OnFollow %v", m.Step(), follows)
	}
	if footer := ansi.Strip(m.footer()); !strings.HasPrefix(footer, "exploring · presenter on step 8 · f to follow") {
		t.Fatalf("exploring footer: %q", footer)
	}
	// f follows again, back to the presenter's step, and that is not exploring.
	press(m, "f")
	if m.Step() != 7 || len(follows) != 2 || !follows[1] {
		t.Fatalf("f: step %d, OnFollow %v", m.Step(), follows)
	}
	// A key that changes nothing (help lists keys only: it is a screen, so it explores; a
	// resize is not a key).
	m.Update(FollowMsg{Following: true, Present: true, View: ViewState{Step: 7}})
	if len(follows) != 2 {
		t.Fatalf("a view from the server counted as exploring: %v", follows)
	}
	m.Update(FollowMsg{Following: true, Present: false, View: ViewState{Step: 7}})
	if footer := ansi.Strip(m.footer()); !strings.HasPrefix(footer, statusAway) {
		t.Fatalf("presenter gone: %q", footer)
	}
}

func TestLockedKeepsFollowing(t *testing.T) {
	var follows []bool
	m := audience(t, &follows, nil)
	m.Update(FollowMsg{Following: true, Locked: true, Present: true, View: ViewState{Step: 3}})
	press(m, "right", "f", "t")
	if m.Step() != 3 || m.screen != screenWalk || len(follows) != 0 {
		t.Fatalf("locked: step %d, screen %v, OnFollow %v", m.Step(), m.screen, follows)
	}
	if footer := ansi.Strip(m.footer()); !strings.Contains(footer, "locked") {
		t.Fatalf("locked footer: %q", footer)
	}
}

func TestPresenterViewAppliedAtFollowersSize(t *testing.T) {
	var views []ViewState
	p := sized(t, 160, 45, Options{Class: Class{Role: RolePresenter, OnView: func(v ViewState) { views = append(views, v) }}})
	press(p, "esc") // the welcome
	p.setAssumptions(flow.Assumptions{Identifier: flow.PerPlatform})
	press(p, "n", "n", "i", "down", "down")
	if len(views) == 0 {
		t.Fatal("the presenter reported no view")
	}
	v := views[len(views)-1]
	if v.Step != 2 || v.Screen != "glossary" || v.Sel != 2 || v.Identifier != flow.PerPlatform {
		t.Fatalf("presenter's view: %+v", v)
	}
	var follows []bool
	f := audience(t, &follows, nil)
	f.Update(FollowMsg{Following: true, Present: true, View: v})
	fv := f.viewState()
	if fv.Step != 2 || fv.Screen != "glossary" || fv.Sel != 2 || f.assumptions.Identifier != flow.PerPlatform {
		t.Fatalf("follower's view: %+v", fv)
	}
	if s := ansi.Strip(f.Frame()); !strings.Contains(s, "Glossary") || !strings.Contains(s, "what if: platforms see") {
		t.Fatalf("follower's screen:\n%s", s)
	}
	if len(follows) != 0 {
		t.Fatalf("applying the presenter's view made the follower explore: %v", follows)
	}
	// Hostile numbers are clamped.
	f.Update(FollowMsg{Following: true, Present: true, View: ViewState{Step: 1 << 30, Screen: "sources", Sel: -5, Top: 1 << 30,
		Focus: 99, Identifier: 42, Scroll: [focusCount]int{-1, 1 << 30, 5, 5}}})
	if f.Step() != len(f.pages)-1 || f.screen != screenSources {
		t.Fatalf("hostile view: step %d screen %v", f.Step(), f.screen)
	}
	_ = f.Frame()
}

func TestNotesOnlyForThePresenter(t *testing.T) {
	p := sized(t, 140, 40, Options{Class: Class{Role: RolePresenter}})
	press(p, "esc", "N")
	if s := ansi.Strip(p.Frame()); !strings.Contains(s, "Presenter notes · step 1") || !strings.Contains(s, "Ask the class") {
		t.Fatalf("presenter's notes:\n%s", s)
	}
	for _, opts := range []Options{{}, {Class: Class{Role: RoleAudience}}} {
		m := sized(t, 140, 40, opts)
		press(m, "esc", "N")
		if s := ansi.Strip(m.Frame()); strings.Contains(s, "Presenter notes") {
			t.Fatalf("notes shown to role %v:\n%s", opts.Class.Role, s)
		}
	}
}

func TestClassQuizAnswerOnceDropAtReveal(t *testing.T) {
	var follows []bool
	var answers [][2]int
	m := audience(t, &follows, &answers)
	q := m.w.Questions[0]
	m.Update(QuizMsg{Round: 3, Question: q.ID, Open: true})
	if s := ansi.Strip(m.Frame()); !strings.Contains(s, "Class question") || !strings.Contains(s, q.Choices[0]) {
		t.Fatalf("question not shown:\n%s", s)
	}
	press(m, "9", "0", "right") // not choices; → moves the selection only
	press(m, "2", "1")          // one answer only
	if len(answers) != 1 || answers[0] != [2]int{3, 2} || m.QuizHeld() != 2 {
		t.Fatalf("answers %v, held %d", answers, m.QuizHeld())
	}
	if len(follows) != 0 || m.Step() != 0 {
		t.Fatalf("keys during the question moved the walkthrough: step %d, follows %v", m.Step(), follows)
	}
	m.Update(QuizMsg{Round: 3, Question: q.ID, Answered: 3, Audience: 3, Counts: []int{1, 2, 0, 0}[:len(q.Choices)]})
	if m.QuizHeld() != 0 {
		t.Fatalf("the answer is still held after the round: %d", m.QuizHeld())
	}
	s := ansi.Strip(m.Frame())
	if !strings.Contains(s, "The answer is") || strings.Contains(s, "Your answer:") {
		t.Fatalf("reveal:\n%s", s)
	}
	m.Update(QuizMsg{})
	if s := ansi.Strip(m.Frame()); strings.Contains(s, "Class question") {
		t.Fatalf("question still shown after the round:\n%s", s)
	}
}

func TestWelcomeGoesAtFirstKeyOrWhenTheClassMoves(t *testing.T) {
	m := sized(t, 100, 30, Options{Class: Class{Role: RoleAudience}})
	m.Update(FollowMsg{Following: true, Present: true, View: ViewState{Step: 2, Screen: "glossary"}})
	if s := ansi.Strip(m.Frame()); !strings.Contains(s, "Welcome to the class") {
		t.Fatalf("no welcome on joining:\n%s", s)
	}
	m.Update(FollowMsg{Following: true, Present: true, View: ViewState{Step: 3}})
	if s := ansi.Strip(m.Frame()); strings.Contains(s, "Welcome to the class") || m.Step() != 3 {
		t.Fatalf("the welcome hides where the class went:\n%s", s)
	}
	m = sized(t, 100, 30, Options{Class: Class{Role: RoleAudience}})
	press(m, "enter")
	if s := ansi.Strip(m.Frame()); strings.Contains(s, "Welcome to the class") || m.Step() != 0 {
		t.Fatalf("enter: welcome still shown or moved:\n%s", s)
	}
}

// TestRandomClassStreams: a presenter's and a student's models take random keys and random (hostile)
// news from the server, and every frame stays whole and within the terminal.
func TestRandomClassStreams(t *testing.T) {
	keys, _ := bindingKeys(t)
	perStream := 1500
	if raceEnabled || testing.Short() {
		perStream = 300
	}
	w := walkthrough(t)
	for _, role := range []Role{RolePresenter, RoleAudience} {
		r := rand.New(rand.NewPCG(uint64(role), 17))
		m := New(w, Options{Class: Class{Role: role, OnView: func(ViewState) {}, OnFollow: func(bool) {},
			OnAnswer: func(int, int) bool { return r.IntN(2) == 0 }, OnQuiz: func(QuizAction) {}, OnLock: func(bool) {}}})
		m.Update(tea.WindowSizeMsg{Width: 80 + r.IntN(150), Height: 24 + r.IntN(40)})
		for i := range perStream {
			var msg tea.Msg
			switch n := r.IntN(10); {
			case n == 0:
				v := ViewState{Step: r.IntN(40) - 10, Identifier: flow.IdentifierMode(r.IntN(6) - 1), Sel: r.IntN(60) - 5,
					Top: r.IntN(60) - 5, Focus: r.IntN(8) - 2, Detail: []string{"", "source:x", "scenario:identifier"}[r.IntN(3)]}
				v.Screen = []string{"", "contents", "glossary", "what-if", "sources", "bogus"}[r.IntN(6)]
				for k := range v.Scroll {
					v.Scroll[k] = r.IntN(3000) - 1000
				}
				msg = FollowMsg{Following: r.IntN(3) > 0, Locked: r.IntN(4) == 0, Present: r.IntN(5) > 0, View: v}
			case n == 1:
				counts := make([]int, r.IntN(7))
				for k := range counts {
					counts[k] = r.IntN(1000)
				}
				id := []string{"", "nope", w.Questions[r.IntN(len(w.Questions))].ID}[r.IntN(3)]
				msg = QuizMsg{Round: r.IntN(4), Question: id, Open: r.IntN(2) == 0, Answered: r.IntN(200),
					Audience: r.IntN(200), Counts: counts}
			case n == 2:
				msg = PresentingMsg(strings.Repeat("presenting: 3 connected ", r.IntN(5)))
			default:
				msg = randomMsg(t, r, keys)
			}
			m.Update(msg)
			if s := m.Step(); s < 0 || s >= len(m.pages) {
				t.Fatalf("role %v, message %d (%T %v): step %d", role, i, msg, msg, s)
			}
			checkFrame(t, m, fmt.Sprintf("role %v, message %d (%T %v)", role, i, msg, msg))
		}
	}
}
