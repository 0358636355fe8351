package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cyberid/cyberid/content"
)

// The class question: the presenter puts one of a chapter's questions to the class; every student's
// screen shows it and takes one answer; the presenter sees how many have answered, then everyone sees
// the spread, the right answer, its explanation and the quote that settles it. The server counts the
// answers; a student's model keeps its own answer only while the round is open, to show it back,
// and drops it at the reveal.

// QuizMsg is the class question as the server says it stands.
type QuizMsg struct {
	Round    int    // 0: no question is out
	Question string // its id
	Open     bool   // answers are taken
	Answered int    // answers so far
	Audience int    // students connected
	Counts   []int  // answers per choice, once the round is closed
	Deadline time.Time
}

// QuizKind is a presenter's move in the class question.
type QuizKind int

const (
	QuizAsk    QuizKind = iota // put Question to the class
	QuizReveal                 // close the round and show the answers
	QuizEnd                    // put the question away
)

// QuizAction is what a presenter asks of the class question.
type QuizAction struct {
	Kind     QuizKind
	Round    int
	Question string
	Timer    time.Duration // 0: no timer
}

// Timer steps for the presenter's picker.
const (
	timerStep = 30 * time.Second
	timerMax  = 10 * time.Minute
)

// classQuiz is the model's side of the class question.
type classQuiz struct {
	msg       QuizMsg
	q         content.Question
	choice    int // this session's answer while its round is open; 0 otherwise
	answered  int // the round this session answered
	dismissed int // the round whose reveal the student put away
	revealed  int // the round whose reveal has been drawn
	ticking   int // the round a timer tick runs for
	timer     time.Duration
	list      listScreen
	builtFor  layoutKey
}

type classTickMsg struct{ round int }

// QuizHeld is the answer this session's model holds for the class question: only while the round
// is open. Tests check that it is gone after the round.
func (m *Model) QuizHeld() int { return m.class.quiz.choice }

func (m *Model) classQuizShown() bool {
	q := &m.class.quiz
	return q.msg.Round != 0 && q.dismissed != q.msg.Round
}

// quizUpdate takes the server's word on the class question.
func (m *Model) quizUpdate(msg QuizMsg) tea.Cmd {
	q := &m.class.quiz
	if msg.Round != q.msg.Round {
		q.choice, q.list.sel = 0, 0
	}
	if !msg.Open {
		q.choice = 0 // the round is over: this session no longer knows what it answered
	}
	q.msg = msg
	if msg.Round == 0 {
		*q = classQuiz{timer: q.timer}
		return nil
	}
	qq, ok := m.question(msg.Question)
	if !ok {
		q.msg = QuizMsg{}
		return nil
	}
	q.q = qq
	m.buildClassQuiz()
	if msg.Open && !msg.Deadline.IsZero() && q.ticking != msg.Round {
		q.ticking = msg.Round
		return classTick(msg.Round)
	}
	return nil
}

func classTick(round int) tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return classTickMsg{round} })
}

func (m *Model) quizTick(msg classTickMsg) tea.Cmd {
	q := &m.class.quiz
	if msg.round != q.msg.Round || !q.msg.Open {
		q.ticking = 0
		return nil
	}
	m.buildClassQuiz()
	return classTick(msg.round)
}

// classQuizKey handles the keys of the class question: shown, it takes every key but quit.
func (m *Model) classQuizKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	q := &m.class.quiz
	presenter := m.opts.Class.Role == RolePresenter
	if m.screen == screenClassPick && presenter {
		switch msg.String() {
		case "+", "=":
			q.timer = min(q.timer+timerStep, timerMax)
			m.refreshList()
			return nil, true
		case "-":
			q.timer = max(q.timer-timerStep, 0)
			m.refreshList()
			return nil, true
		}
		return nil, false
	}
	if !m.classQuizShown() || key.Matches(msg, m.keys.Quit) {
		return nil, false
	}
	k := m.keys
	switch {
	case key.Matches(msg, k.Up, k.Prev):
		q.list.move(-1)
	case key.Matches(msg, k.Down, k.Next):
		q.list.move(1)
	case presenter && key.Matches(msg, k.Enter) && q.msg.Open:
		m.quizAction(QuizAction{Kind: QuizReveal, Round: q.msg.Round})
	case presenter && key.Matches(msg, k.Enter, k.Back):
		m.quizAction(QuizAction{Kind: QuizEnd, Round: q.msg.Round})
	case presenter:
	case !q.msg.Open && key.Matches(msg, k.Back, k.Enter):
		q.dismissed = q.msg.Round
	case key.Matches(msg, k.Enter):
		if it, ok := q.list.current(); ok && it.open != nil {
			it.open(m)
		}
	default:
		if n, err := strconv.Atoi(msg.Text); err == nil && len(msg.Text) == 1 {
			m.classAnswer(n)
		}
	}
	return nil, true
}

func (m *Model) quizAction(a QuizAction) {
	if m.opts.Class.OnQuiz != nil {
		m.opts.Class.OnQuiz(a)
	}
}

// classAnswer answers the open question once, if the choice is one of its choices.
func (m *Model) classAnswer(n int) {
	q := &m.class.quiz
	if !q.msg.Open || q.answered == q.msg.Round || n < 1 || n > len(q.q.Choices) || m.opts.Class.OnAnswer == nil {
		return
	}
	if !m.opts.Class.OnAnswer(q.msg.Round, n) {
		return
	}
	q.answered, q.choice = q.msg.Round, n
	m.buildClassQuiz()
}

// buildClassQuiz draws the class question for this session's role and the round's state.
func (m *Model) buildClassQuiz() {
	q := &m.class.quiz
	msg, qq := q.msg, q.q
	presenter := m.opts.Class.Role == RolePresenter
	l := listScreen{title: "Class question · " + qq.Chapter, sel: q.list.sel}
	var hint string
	switch {
	case msg.Open && presenter:
		hint = fmt.Sprintf("%d of %d answered%s. Enter shows the answers to everyone; esc takes the question back.",
			msg.Answered, msg.Audience, m.timeLeft())
	case msg.Open && q.choice > 0:
		hint = fmt.Sprintf("Your answer: %d. The presenter shows the answers soon%s.", q.choice, m.timeLeft())
	case msg.Open:
		hint = fmt.Sprintf("Press 1–%d, or ↑↓ and enter. One answer; it is counted, never tied to you%s.",
			len(qq.Choices), m.timeLeft())
	case presenter:
		hint = fmt.Sprintf("%d answered. Enter or esc puts the question away.", msg.Answered)
	default:
		hint = fmt.Sprintf("%d answered. Your answer is not kept: compare it with the right one. Esc goes back.", msg.Answered)
	}
	l.intro = join(m.para(qq.Prompt, render(m.st.Title), ""), m.para(hint, render(m.st.Dim), ""))
	total := 0
	for _, c := range msg.Counts {
		total += c
	}
	for i, c := range qq.Choices {
		n := i + 1
		text, style := fmt.Sprintf("  %d. %s", n, c), m.st.Item
		switch {
		case !msg.Open:
			count := 0
			if i < len(msg.Counts) {
				count = msg.Counts[i]
			}
			mark := "  "
			style = m.st.Dim
			if qq.Correct(n) {
				mark, style = "✓ ", m.st.Safeguard
			}
			text = fmt.Sprintf("%s%d. %s\n%s %d", mark, n, c, bar(count, total, 20), count)
		case n == q.choice:
			text, style = fmt.Sprintf("▸ %d. %s", n, c), m.st.Selected
		case q.choice > 0 || presenter:
			style = m.st.Dim
		}
		it := listItem{step: -1, text: m.lines(text, render(style), "     ")}
		if msg.Open && !presenter && q.choice == 0 {
			it.open = func(m *Model) { m.classAnswer(n) }
		}
		l.items = append(l.items, it)
	}
	if !msg.Open {
		verdict := m.para(fmt.Sprintf("The answer is %d: %s", qq.Answer, qq.Choices[qq.Answer-1]),
			render(m.st.Safeguard.Bold(true)), "  ")
		l.items = append(l.items, listItem{step: -1, text: join(verdict, m.para(qq.Explanation, render(m.st.Item), ""))})
		for _, lines := range m.settlingLines(qq) {
			l.items = append(l.items, listItem{step: -1, text: lines})
		}
	}
	if !msg.Open && q.msg.Round != q.revealed {
		q.revealed, l.sel = msg.Round, len(qq.Choices) // the reveal opens on the right answer
	}
	l.fit(m.bodyWidth(), m.bodyHeight())
	q.list, q.builtFor = l, m.drawKey()
}

// lines wraps each line of text on its own.
func (m *Model) lines(text string, style func(string) string, indent string) func(int) []string {
	var parts []func(int) []string
	for _, line := range strings.Split(text, "\n") {
		parts = append(parts, m.para(line, style, indent))
	}
	return join(parts...)
}

// bar is a share drawn in cells.
func bar(n, total, cells int) string {
	full := 0
	if total > 0 {
		full = n * cells / total
	}
	return "     " + strings.Repeat("█", full) + strings.Repeat("·", cells-full)
}

func (m *Model) timeLeft() string {
	d := m.class.quiz.msg.Deadline
	if d.IsZero() {
		return ""
	}
	left := max(0, time.Until(d).Round(time.Second))
	return fmt.Sprintf(" · %d:%02d left", int(left.Minutes()), int(left.Seconds())%60)
}

// classPickList is the presenter's choice of a question to put to the class: this chapter's first.
func (m *Model) classPickList() listScreen {
	timer := "no timer"
	if t := m.class.quiz.timer; t > 0 {
		timer = fmt.Sprintf("a timer of %d:%02d", int(t.Minutes()), int(t.Seconds())%60)
	}
	l := listScreen{title: "Put a question to the class"}
	l.intro = m.para(fmt.Sprintf("Enter asks the selected question, with %s (+ and − change it by 30 s). "+
		"Every student's screen shows it and takes one answer; answers are counted, never tied to a person. "+
		"Only you see this list.", timer), render(m.st.Dim), "")
	here := m.pages[m.step].Step.Chapter
	chapters := append([]string{here}, m.w.Chapters()...)
	seen := map[string]bool{}
	for _, ch := range chapters {
		qs := m.w.ChapterQuestions(ch)
		if seen[ch] || len(qs) == 0 {
			continue
		}
		seen[ch] = true
		l.items = append(l.items, listItem{head: true, step: -1, text: m.para(ch, render(m.st.Chapter), "")})
		for _, q := range qs {
			id := q.ID
			l.items = append(l.items, listItem{step: -1, text: m.para("? "+q.Prompt, render(m.st.Item), "  "),
				open: func(m *Model) {
					m.screen = screenWalk
					m.quizAction(QuizAction{Kind: QuizAsk, Question: id, Timer: m.class.quiz.timer})
				}})
		}
	}
	return l
}

// refreshList rebuilds the open list screen, keeping its selection.
func (m *Model) refreshList() {
	sel := m.list.sel
	m.list = m.buildList(m.screen)
	m.list.sel = sel
	m.list.fit(m.bodyWidth(), m.bodyHeight())
}
