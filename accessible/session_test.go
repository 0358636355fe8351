package accessible

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/internal/syncbuf"
	"github.com/cyberid/cyberid/progress"
)

func displayWidth(s string) int { return ansi.StringWidth(s) }

var (
	loadOnce sync.Once
	loaded   *content.Walkthrough
	loadErr  error
)

func walkthrough(t *testing.T) *content.Walkthrough {
	t.Helper()
	loadOnce.Do(func() { loaded, loadErr = content.Load() })
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return loaded
}

func fixture(t *testing.T) *content.Walkthrough {
	t.Helper()
	w, err := content.LoadFS(os.DirFS("../testdata/walkthrough"))
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// converse runs a whole conversation on typed lines and returns what was said.
func converse(t *testing.T, w *content.Walkthrough, width int, typed string, opts Options) string {
	t.Helper()
	var out bytes.Buffer
	opts.Width = func() int { return width }
	opts.EchoInput = true // as a terminal shows what is typed
	if err := Run(context.Background(), w, strings.NewReader(typed), &out, opts); err != nil {
		t.Fatalf("Run: %v", err)
	}
	return out.String()
}

// everyScreen visits every kind of screen: steps, the contents, citations, sources and a source's
// quotes, disagreements, glossary, timeline, every what if, an assumption applied and undone, a
// quiz with a wrong and a right answer, a search, help and the export hint.
func everyScreen(w *content.Walkthrough) string {
	var b strings.Builder
	for range w.Steps {
		b.WriteString("n\n")
	}
	b.WriteString("p\n1\nr\nt\nc\nc 1\ns\ns 1\nd\ni\ny\nw\n")
	for i := range w.Scenarios {
		fmt.Fprintf(&b, "w %d\n", i+1)
	}
	b.WriteString("apply 1\napply 3\n6\nx\n")
	for range w.ChapterQuestions(w.Steps[5].Chapter) {
		b.WriteString("1\n")
	}
	b.WriteString("x\nquiz again\n2\nback\n/ face\n/ 网号\n/ zzzzqqq\ne\nh\nf\nq\n")
	return b.String()
}

// boxDrawing finds the box-drawing and block characters a screen reader reads aloud as symbols.
var boxDrawing = regexp.MustCompile(`[\x{2500}-\x{259F}\x{25A0}-\x{25FF}\x{2190}-\x{21FF}✓✗⚠★✎▶◇]`)

// bareMark finds a citation mark in brackets, which a screen reader reads as "left bracket".
var bareMark = regexp.MustCompile(`\[\d+(?:[,–]\d+)*\]`)

// checkPlain checks what every line of the conversation must be: no escape sequence or control
// character, no box drawing or symbol mark, no bare citation bracket, and no line wider than width.
func checkPlain(t *testing.T, out string, width int) {
	t.Helper()
	for i, l := range strings.Split(out, "\n") {
		if strings.ContainsAny(l, "\x1b\r\t\a\b") {
			t.Errorf("line %d holds a control character: %q", i+1, l)
		}
		if m := boxDrawing.FindString(l); m != "" {
			t.Errorf("line %d holds %q, which a screen reader reads as a symbol: %q", i+1, m, l)
		}
		if m := bareMark.FindString(l); m != "" {
			t.Errorf("line %d holds a bare citation mark %q: %q", i+1, m, l)
		}
		if w := displayWidth(l); w > width {
			t.Errorf("line %d is %d columns wide, more than %d: %q", i+1, w, width, l)
		}
	}
}

// The conversation through every screen, at widths from a braille display's to a wide terminal's,
// says everything in plain lines that fit.
func TestEveryScreenIsPlainAndFits(t *testing.T) {
	w := walkthrough(t)
	typed := everyScreen(w)
	for _, width := range []int{MinWidth, 40, 80, 132} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			out := converse(t, w, width, typed, Options{})
			checkPlain(t, out, width)
			for _, want := range []string{
				"Step 1 of 14, ", "Step 14 of 14, ",
				LabelPlatform, LabelCentre, LabelRisks,
				TagNew, TagIllustrative, TagAssumed,
				"Contents: 14 steps", "Citation 1: ", "Sources: ", "Quotes from source 1",
				"Where the sources disagree:", "Glossary: ", "Timeline.", "What if 1: ",
				"Apply one to the walkthrough", "the walkthrough now assumes",
				"Check your understanding", "Question 1 of ", "Your score on the chapter",
				"What settles it:", "is in ", "Nothing mentions", "Handouts are made",
				"Help. ", "There is no presenter to follow", "Goodbye.",
			} {
				if !strings.Contains(strings.ReplaceAll(out, "\n", " "), want) {
					t.Errorf("the conversation never says %q", want)
				}
			}
		})
	}
}

// Every step is said with its sections labelled in order, and a citation as words.
func TestStepSections(t *testing.T) {
	w := walkthrough(t)
	out := converse(t, w, 80, "q\n", Options{Start: 5})
	order := []string{"Step 6 of 14, Logging in: ", LabelPlatform, LabelCentre, LabelRisks, "Citations on this step: "}
	at := 0
	for _, label := range order {
		i := strings.Index(out[at:], label)
		if i < 0 {
			t.Fatalf("%q missing or out of order in\n%s", label, out)
		}
		at += i
	}
	if !regexp.MustCompile(`\(citations? \d+`).MatchString(out) {
		t.Errorf("no citation read as words in\n%s", out)
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "Step ") && strings.Count(out, l+"\n") > 1 {
			t.Errorf("a heading is said twice: %q", l)
		}
	}
}

// A golden transcript of the fixture walkthrough: how the conversation reads, line by line.
func TestTranscriptGolden(t *testing.T) {
	w := fixture(t)
	out := converse(t, w, 60, "n\nc 2\nbogus\n\n42\nx\n9\n1\nback\nq\n", Options{EchoInput: true})
	checkPlain(t, out, 60)
	golden.RequireEqual(t, []byte(out))
}

// Bad input gets one clear line and the prompt again; nothing else is said.
func TestBadInput(t *testing.T) {
	w := walkthrough(t)
	tests := []struct{ typed, says string }{
		{"\n", "Nothing was typed. Type next for the next step, or help for every command.\nCommand: "},
		{"bogus\n", "Sorry: unknown command \"bogus\". Type help for every command.\nCommand: "},
		{"99\n", "There is no step 99: the steps are numbered 1 to 14."},
		{"0\n", "There is no step 0: the steps are numbered 1 to 14."},
		{"c 9999\n", "There is no citation 9999: citations are numbered 1 to "},
		{"s 99\n", "There is no source 99: sources are numbered 1 to "},
		{"w 99\n", "There is no what if 99: they are numbered 1 to "},
		{"apply 9\n", "There is no assumption 9"},
		{"p\n", "This is the first step."},
		{"14\nn\n", "This is the last step, 14 of 14."},
		{"99999999999999999999\n", "Sorry: 99999999999999999999 is far too large."},
	}
	for _, tt := range tests {
		out := converse(t, w, 80, tt.typed+"q\n", Options{})
		if !strings.Contains(out, tt.says) {
			t.Errorf("after %q the conversation does not say %q; it says\n%s", tt.typed, tt.says, lastLines(out, 12))
		}
		checkPlain(t, out, 80)
	}
}

// The end of input ends the conversation cleanly, at a command or in the middle of a question.
func TestEndOfInput(t *testing.T) {
	w := walkthrough(t)
	for _, typed := range []string{"", "n\n", "n", "x\n", "x\n7\n"} {
		out := converse(t, w, 80, typed, Options{})
		if !strings.HasSuffix(out, "End of input. Goodbye.\n") {
			t.Errorf("after %q the conversation ends with\n%s", typed, lastLines(out, 4))
		}
	}
}

// A question is asked again until a valid number comes, then judged, explained and settled by a
// quote.
func TestQuizRepeatsUntilValid(t *testing.T) {
	w := walkthrough(t)
	qs := w.ChapterQuestions(w.Steps[0].Chapter)
	q := qs[0]
	wrong := 1
	if q.Answer == 1 {
		wrong = 2
	}
	out := converse(t, w, 80, fmt.Sprintf("x\n\n0\n%d\nplease\n%d\nback\nq\n", len(q.Choices)+1, wrong), Options{})
	prompt := choicePrompt(len(q.Choices)) + ": "
	if n := strings.Count(out, prompt); n != 5 {
		t.Errorf("the question's prompt is said %d times, want 5 (once, then after each of four bad answers)", n)
	}
	for _, want := range []string{
		"Question 1 of ", "1. " + q.Choices[0],
		"Nothing was typed. " + choicePrompt(len(q.Choices)),
		`"0" is not one of the choices.`, `"please" is not one of the choices.`,
		fmt.Sprintf("Not quite. The answer is %d: ", q.Answer), "What settles it:", "Citation ",
		"Question 2 of ", "The questions are set aside",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the quiz never says %q:\n%s", want, out)
		}
	}
}

// Progress: each step heard is visited, each answer kept; a saved state is picked up again.
func TestProgressSavedAndResumed(t *testing.T) {
	w := walkthrough(t)
	var saved []progress.State
	save := func(s progress.State) error { saved = append(saved, s); return nil }
	qs := w.ChapterQuestions(w.Steps[1].Chapter)
	converse(t, w, 80, "n\nx\n1\nq\n", Options{Progress: Progress{Save: save}})
	if len(saved) == 0 {
		t.Fatal("nothing saved")
	}
	last := saved[len(saved)-1]
	if len(last.Visited) != 2 || last.Answers[qs[0].ID] != 1 {
		t.Errorf("saved %+v, want two steps visited and question %s answered 1", last, qs[0].ID)
	}

	out := converse(t, w, 80, "t\nq\n", Options{Progress: Progress{State: last, Notice: "progress not loaded: a test"}})
	for _, want := range []string{"progress not loaded: a test", "Welcome back: you have visited 2 of 14 steps and answered 1 of",
		"Step 2: " + w.Steps[1].Title + " (visited)", "Step 1: " + w.Steps[0].Title + " (you are here, visited)", "answered, "} {
		if !strings.Contains(strings.ReplaceAll(out, "\n", " "), want) {
			t.Errorf("resumed conversation never says %q", want)
		}
	}
	fail := func(progress.State) error { return fmt.Errorf("progress not saved: disk full") }
	out = converse(t, w, 80, "n\nq\n", Options{Progress: Progress{Save: fail}})
	if !strings.Contains(out, "progress not saved: disk full") {
		t.Errorf("a failed save is not said")
	}
}

// A presenter's session reports each move of its own.
func TestOnStep(t *testing.T) {
	w := walkthrough(t)
	var steps []int
	converse(t, w, 80, "n\n5\np\nr\nt\nq\n", Options{OnStep: func(i int) { steps = append(steps, i) }})
	if fmt.Sprint(steps) != "[1 4 3]" {
		t.Errorf("OnStep saw %v, want [1 4 3]", steps)
	}
}

// waitFor waits until out holds want count times.
func waitFor(t *testing.T, out *syncbuf.Buffer, want string, count int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for strings.Count(out.String(), want) < count {
		if time.Now().After(deadline) {
			t.Fatalf("waited for %q (%d times); the output ends\n%s", want, count, lastLines(out.String(), 20))
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// A classroom follower's transcript: each move of the presenter adds one line and the step, after
// what was already said, which is never said again; a follower who explores alone hears no moves
// until following again.
func TestFollowerTranscript(t *testing.T) {
	w := walkthrough(t)
	moves := make(chan int)
	inR, inW := io.Pipe()
	var out syncbuf.Buffer
	done := make(chan error, 1)
	go func() {
		done <- Run(context.Background(), w, inR, &out, Options{Width: func() int { return 60 }, Moves: moves})
	}()
	waitFor(t, &out, "Command: ", 1)
	if !strings.Contains(out.String(), "You are following the presenter") {
		t.Error("a follower is not told that they follow")
	}
	before := out.String()
	moves <- 4
	waitFor(t, &out, "Command: ", 2)
	after := out.String()
	if !strings.HasPrefix(after, before) {
		t.Fatal("what was said before the move changed")
	}
	added := after[len(before):]
	if !strings.HasPrefix(added, "\n\nThe presenter moved to step 5.\nStep 5 of 14, ") {
		t.Errorf("after a move the follower reads\n%s", firstLines(added, 4))
	}
	if strings.Count(added, "The presenter moved") != 1 || strings.Count(added, "Step 5 of 14") != 1 {
		t.Errorf("one move said more than once:\n%s", added)
	}

	io.WriteString(inW, "f\n") // explore alone
	waitFor(t, &out, "exploring on your own", 1)
	waitFor(t, &out, "Command: ", 3)
	moves <- 7
	io.WriteString(inW, "r\n") // the conversation goes on; the move is not said
	waitFor(t, &out, "Command: ", 4)
	if strings.Contains(out.String(), "moved to step 8") {
		t.Error("an exploring learner was told of a move")
	}
	io.WriteString(inW, "f\n")
	waitFor(t, &out, "following the presenter again, who is at step 8", 1)
	waitFor(t, &out, "Command: ", 5)
	inW.Close()
	if err := <-done; err != nil {
		t.Errorf("Run = %v", err)
	}
	checkPlain(t, out.String(), 60)
}

// Over SSH the input is raw keystrokes: the conversation echoes them, honours backspace, ends a line
// at carriage return and ends on ctrl-D, with golang.org/x/term doing the line discipline's work.
func TestLineEditing(t *testing.T) {
	w := walkthrough(t)
	var out bytes.Buffer
	typed := "nx\x7f\r" + "c 1\r" + "\x04"
	err := Run(context.Background(), w, strings.NewReader(typed), &out, Options{LineEditing: true, Width: func() int { return 80 }})
	if err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{"Step 2 of 14", "Citation 1: ", "End of input. Goodbye."} {
		if !strings.Contains(s, want) {
			t.Errorf("raw input: never says %q", want)
		}
	}
}

// A context that ends (the SSH session closes) ends the conversation.
func TestContextEnds(t *testing.T) {
	w := walkthrough(t)
	ctx, cancel := context.WithCancel(context.Background())
	inR, inW := io.Pipe()
	defer inW.Close()
	var out syncbuf.Buffer
	done := make(chan error, 1)
	go func() { done <- Run(ctx, w, inR, &out, Options{}) }()
	waitFor(t, &out, "Command: ", 1)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return when its context ended")
	}
}

// A write that fails (the connection is gone) ends the conversation with that error.
func TestWriteFails(t *testing.T) {
	w := walkthrough(t)
	err := Run(context.Background(), w, strings.NewReader("n\nn\n"), failingWriter{}, Options{})
	if err == nil {
		t.Error("a failing output is not reported")
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }

func lastLines(s string, n int) string {
	ls := strings.Split(s, "\n")
	return strings.Join(ls[max(0, len(ls)-n):], "\n")
}

func firstLines(s string, n int) string {
	ls := strings.Split(s, "\n")
	return strings.Join(ls[:min(n, len(ls))], "\n")
}

// Over SSH, a move that ends a question gives the line being typed the command prompt again: the
// line editor redraws it under the new prompt, not the question's.
func TestMoveEndsQuestionUnderLineEditing(t *testing.T) {
	w := walkthrough(t)
	moves := make(chan int)
	inR, inW := io.Pipe()
	var out syncbuf.Buffer
	done := make(chan error, 1)
	go func() {
		done <- Run(context.Background(), w, inR, &out, Options{Width: func() int { return 80 }, Moves: moves, LineEditing: true})
	}()
	io.WriteString(inW, "x\r")
	waitFor(t, &out, "Enter a number between 1 and ", 1)
	moves <- 2
	waitFor(t, &out, "The presenter moved to step 3.", 1)
	deadline := time.Now().Add(5 * time.Second)
	for !strings.HasSuffix(ansi.Strip(out.String()), "Command: ") {
		if time.Now().After(deadline) {
			t.Fatalf("after the move the prompt is not the command prompt:\n%q", lastLines(ansi.Strip(out.String()), 3))
		}
		time.Sleep(2 * time.Millisecond)
	}
	io.WriteString(inW, "\x04")
	if err := <-done; err != nil {
		t.Errorf("Run = %v", err)
	}
}
