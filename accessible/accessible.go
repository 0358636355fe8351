// Package accessible is the walkthrough as a conversation for screen readers and braille displays:
// it reads commands a line at a time and answers in plain lines, each printed once and never
// redrawn, so that everything stays in the scrollback in the order it was said. No alternate screen,
// no cursor movement, no box drawing, no colour and no escape sequence at all; no line is wider than
// the terminal. Each step is said in labelled sections ("What the platform sees:"), with "new:",
// "illustrative:" and "assumed:" before what they qualify and citations read as words.
//
// It reads the same model as the full-screen screens and the handouts (lesson pages and scenarios,
// the content's glossary, sources and questions, the self-study progress), so nothing is only in
// the full-screen app. It imports no UI package; the same Run serves a local terminal and an SSH
// session, whose presenter's moves arrive on a channel.
package accessible

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/term"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/flow"
	"github.com/cyberid/cyberid/lesson"
	"github.com/cyberid/cyberid/progress"
)

// DefaultWidth is the width used when none is known.
const DefaultWidth = 80

// MinWidth is the narrowest width honoured: a braille display of 20 cells, or a terminal that
// reports 0 columns, is answered at this width rather than one character a line.
const MinWidth = 20

// Progress is the self-study state handed in by the caller and the way to keep it. Run never opens
// a file itself: the caller decides where progress lives, and over SSH it lives nowhere.
type Progress struct {
	State progress.State
	// Save keeps the state; nil keeps nothing (SSH sessions, --no-save).
	Save func(progress.State) error
	// Notice is said once at the start, e.g. that the saved progress could not be read.
	Notice string
}

// Options configure a conversation.
type Options struct {
	// Start is the index of the step said first (a classroom follower starts at the presenter's).
	Start int
	// Width gives the terminal's width in columns each time a line is wrapped, so that a resized
	// window is honoured from the next line on. nil: DefaultWidth.
	Width func() int
	// Progress is the self-study state; its zero value keeps nothing.
	Progress Progress
	// Moves carries the presenter's step (an index) each time the presenter moves; nil outside a
	// classroom. A follower is told "The presenter moved to step 5." and then hears that step.
	Moves <-chan int
	// OnStep is called with the step's index each time the learner's current step changes (a
	// presenter's session uses it to move the class). It must not block.
	OnStep func(step int)
	// LineEditing says the input is a terminal in raw mode (an SSH session's emulated pty): the
	// conversation echoes what is typed and lets it be corrected, as the kernel's line discipline
	// does for a local terminal.
	LineEditing bool
	// EchoInput says the input is not a terminal (a file or a pipe), so nothing shows what was
	// typed: each line read is written after its prompt, and the output reads as a transcript.
	EchoInput bool
}

// Run holds the conversation until the learner quits, the input ends or ctx is done. It returns
// nil then; an error only when the input or output fails otherwise.
func Run(ctx context.Context, w *content.Walkthrough, in io.Reader, out io.Writer, opts Options) error {
	src := newLineSource(in, out, opts)
	s := newSession(w, src.writer(), opts)
	s.welcome()

	want := make(chan string)
	got := make(chan lineResult, 1)
	defer close(want)
	go func() {
		for prompt := range want {
			line, err := src.readLine(prompt)
			got <- lineResult{line, err}
		}
	}()
	moves := opts.Moves
	asked := false
	for {
		if !asked {
			if src.echoesPrompt() {
				s.write(s.prompt())
			}
			want <- s.prompt()
			asked = true
		}
		select {
		case <-ctx.Done():
			return nil
		case r := <-got:
			asked = false
			if r.err != nil {
				// Straight to the terminal: a line editor would draw its prompt again after it.
				s.out = src.rawWriter()
				s.endOfInput(true)
				if errors.Is(r.err, io.EOF) {
					return nil
				}
				return r.err
			}
			if opts.EchoInput && src.echoesPrompt() {
				s.write(clean(shorten(r.line)) + "\n")
			}
			if s.handle(r.line) {
				return s.err
			}
		case step, ok := <-moves:
			if !ok {
				moves = nil
				continue
			}
			// What the move says is gathered first, so that a line editor given the new prompt
			// (the move may end a question) redraws the line being typed once, under it.
			out := s.out
			var said bytes.Buffer
			s.out = &said
			moved := s.presenterMoved(step, src.echoesPrompt())
			s.out = out
			if moved {
				src.setPrompt(s.prompt())
				s.write(said.String())
				if src.echoesPrompt() {
					s.write(s.prompt())
				}
			}
		}
		if s.err != nil {
			return s.err
		}
	}
}

type lineResult struct {
	line string
	err  error
}

// lineSource reads typed lines.
type lineSource interface {
	// readLine reads one line; prompt is shown by the source itself unless echoesPrompt.
	readLine(prompt string) (string, error)
	// echoesPrompt says the caller writes the prompt (a cooked terminal or a pipe).
	echoesPrompt() bool
	// writer is where everything else is written.
	writer() io.Writer
	// rawWriter is the output itself, past any line editor.
	rawWriter() io.Writer
	// setPrompt changes the prompt of a line being read, for a source that shows it.
	setPrompt(prompt string)
}

func newLineSource(in io.Reader, out io.Writer, opts Options) lineSource {
	if opts.LineEditing {
		t := term.NewTerminal(readWriter{in, out}, "")
		return &editingSource{t: t, w: out, width: opts.Width}
	}
	return &plainSource{r: bufio.NewReader(in), w: out}
}

// plainSource reads lines that the terminal (its line discipline) has already edited and echoed.
type plainSource struct {
	r *bufio.Reader
	w io.Writer
}

// maxLine bounds one typed line: nothing longer is a command, and a pasted book must not be held.
const maxLine = 4096

func (p *plainSource) readLine(string) (string, error) {
	var b strings.Builder
	for {
		chunk, isPrefix, err := p.r.ReadLine()
		if b.Len() < maxLine {
			b.Write(chunk[:min(len(chunk), maxLine-b.Len())])
		}
		if err != nil {
			if b.Len() > 0 && errors.Is(err, io.EOF) {
				return b.String(), nil
			}
			return "", err
		}
		if !isPrefix {
			return b.String(), nil
		}
	}
}

func (p *plainSource) echoesPrompt() bool   { return true }
func (p *plainSource) setPrompt(string)     {}
func (p *plainSource) rawWriter() io.Writer { return p.w }
func (p *plainSource) writer() io.Writer    { return p.w }

// editingSource reads keystrokes from a raw terminal and does the line discipline's work with
// golang.org/x/term: echo, backspace, ctrl-D at the start of a line for the end of input. Output
// written while a line is being typed goes through it too, so the typed line is kept.
type editingSource struct {
	t     *term.Terminal
	w     io.Writer
	width func() int
}

func (e *editingSource) readLine(string) (string, error) {
	_ = e.t.SetSize(widthOf(e.width), 24)
	// The prompt is written as plain text before the line is read (echoesPrompt), not kept by the
	// editor: an editor that holds a prompt moves the cursor back over it and draws it again whenever
	// something is said while a line is read (a presenter's move), which a screen reader reads as
	// noise. With no prompt of its own, what is said goes out as plain lines.
	e.t.SetPrompt("")
	line, err := e.t.ReadLine()
	if len(line) > maxLine {
		line = line[:maxLine]
	}
	return line, err
}

func (e *editingSource) echoesPrompt() bool   { return true }
func (e *editingSource) setPrompt(string)     {}
func (e *editingSource) rawWriter() io.Writer { return e.w }
func (e *editingSource) writer() io.Writer    { return e.t }

type readWriter struct {
	io.Reader
	io.Writer
}

func widthOf(f func() int) int {
	if f == nil {
		return DefaultWidth
	}
	return max(MinWidth, f())
}

// session is one learner's conversation: where they are and what they have done.
type session struct {
	w         *content.Walkthrough
	out       io.Writer
	opts      Options
	err       error // the first write error: the conversation ends with it
	num       *lesson.Numbering
	pages     []lesson.Page
	scenarios []lesson.ScenarioPage // built on first use
	assumed   flow.Assumptions
	step      int
	visited   map[int]bool
	answers   map[string]int
	saved     progress.State
	quiz      *quizState // the questions being asked, or nil
	following bool       // a classroom follower: the presenter's moves are said
	presenter int        // the presenter's last step; -1 before the first move
	search    []searchDoc
}

func newSession(w *content.Walkthrough, out io.Writer, opts Options) *session {
	s := &session{w: w, out: out, opts: opts, num: lesson.Number(w), pages: lesson.Build(w, flow.Assumptions{}),
		visited: map[int]bool{}, answers: map[string]int{}, presenter: -1, following: opts.Moves != nil}
	s.step = max(0, min(opts.Start, len(s.pages)-1))
	st := opts.Progress.State
	for _, id := range st.Visited {
		if i, ok := w.StepIndex(id); ok {
			s.visited[i] = true
		}
	}
	for id, c := range st.Answers {
		if q, ok := s.question(id); ok && c >= 1 && c <= len(q.Choices) {
			s.answers[id] = c
		}
	}
	// Opening the conversation is not progress: the first save waits for a change.
	s.saved = s.progressState()
	return s
}

func (s *session) width() int { return widthOf(s.opts.Width) }

// write writes text as it is; the first failure ends the conversation.
func (s *session) write(text string) {
	if s.err != nil {
		return
	}
	if _, err := io.WriteString(s.out, text); err != nil {
		s.err = err
	}
}

// say writes text wrapped to the width, each line once.
func (s *session) say(text string) {
	var b strings.Builder
	for _, l := range wrap(text, s.width()) {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	s.write(b.String())
}

// sayf is say with fmt.Sprintf.
func (s *session) sayf(format string, a ...any) { s.say(fmt.Sprintf(format, a...)) }

// blank writes an empty line, which a screen reader passes over and a reader's eye uses as a break.
func (s *session) blank() { s.write("\n") }

// lines writes lines already wrapped.
func (s *session) lines(ls []string) {
	s.write(strings.Join(ls, "\n") + "\n")
}

// prompt is what the learner is asked for next.
func (s *session) prompt() string {
	if s.quiz != nil {
		if q, ok := s.quiz.current(); ok {
			p := choicePrompt(len(q.Choices)) + ": "
			if len(p)+8 > s.width() {
				p = narrowPrompt(len(q.Choices))
			}
			return p
		}
	}
	return "Command: "
}

func (s *session) welcome() {
	s.say("cyberid, accessible mode: how China's Cyberspace ID works, step by step, every fact cited. " +
		"Everything is said once, line by line, in labelled sections. Type help at any time for the commands.")
	if n := s.opts.Progress.Notice; n != "" {
		s.say(n)
	}
	if visited := len(s.visited); visited > 0 || len(s.answers) > 0 {
		total, answered, right := progress.Score(s.w.Questions, s.answers)
		s.sayf("Welcome back: you have visited %d of %d steps and answered %d of %d questions, %d right. "+
			"Type contents to see which.", visited, len(s.pages), answered, total, right)
	}
	if s.following {
		s.say("You are following the presenter: when the presenter moves, you will be told, and the new step " +
			"will follow. Type follow to explore on your own.")
	}
	s.blank()
	s.showStep()
	s.commands()
}

// endOfInput says goodbye when the input ends (ctrl-D, a closed pipe, a dropped connection).
func (s *session) endOfInput(afterPrompt bool) {
	if afterPrompt {
		s.blank()
	}
	s.say("End of input. Goodbye.")
}

// commands is the line after every answer that says what can be typed.
func (s *session) commands() {
	s.blank()
	follow := ""
	if s.opts.Moves != nil {
		follow = ", follow (f)"
	}
	s.sayf("Commands: next (n), previous (p), a step number (1 to %d), contents (t), citation N (c N), "+
		"sources (s), disagreements (d), glossary (i), timeline (y), what if (w), quiz (x), "+
		"search WORD (/ WORD)%s, help (h), quit (q).", len(s.pages), follow)
}
