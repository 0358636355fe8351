//go:build unix

package main

import (
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
	"github.com/creack/pty"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/internal/syncbuf"
)

// accessibleOnPty runs `cyberid --accessible` on a pseudo-terminal of the given width, as a person
// would, typing each line only once the prompt before it is shown. It returns everything the
// terminal received, byte for byte, and checks the terminal is left as it was found.
func accessibleOnPty(t *testing.T, width int, env map[string]string, lines []string) string {
	t.Helper()
	for k, v := range env {
		t.Setenv(k, v)
	}
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	master, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	t.Cleanup(func() { _ = master.Close(); _ = tty.Close() })
	if err := pty.Setsize(master, &pty.Winsize{Cols: uint16(width), Rows: 30}); err != nil {
		t.Fatal(err)
	}
	before, err := term.GetState(tty.Fd())
	if err != nil {
		t.Fatal(err)
	}
	var out syncbuf.Buffer
	go func() { _, _ = io.Copy(&out, master) }()

	cmd := rootCmd(tty, tty)
	args := []string{"--accessible"}
	if env["ACCESSIBLE"] != "" {
		args = nil // the environment alone switches it on
	}
	cmd.SetArgs(args)
	done := make(chan error, 1)
	go func() { done <- cmd.Execute() }()

	prompts := func() int { return len(promptPattern.FindAllString(out.String(), -1)) }
	for i, l := range lines {
		deadline := time.Now().Add(15 * time.Second)
		for prompts() <= i {
			if time.Now().After(deadline) {
				t.Fatalf("no prompt before line %d (%q); the terminal shows\n%s", i+1, l, tail(out.String(), 15))
			}
			time.Sleep(2 * time.Millisecond)
		}
		if _, err := io.WriteString(master, l); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("cyberid --accessible = %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("cyberid --accessible did not end; the terminal shows\n%s", tail(out.String(), 15))
	}
	time.Sleep(50 * time.Millisecond) // the last bytes on their way through the pty
	if after, _ := term.GetState(tty.Fd()); !reflect.DeepEqual(before, after) {
		t.Error("the terminal's modes were changed")
	}
	return out.String()
}

// promptPattern is a prompt at the end of what was said: a command's, or a question's.
var promptPattern = regexp.MustCompile(`(?m)^(?:Command|Enter a number between 1 and \d|Enter 1 or 2): `)

func tail(s string, n int) string {
	ls := strings.Split(s, "\n")
	return strings.Join(ls[max(0, len(ls)-n):], "\n")
}

// plainLines checks what the terminal received: no escape sequence at all (no colour, no cursor
// movement, no alternate screen), no box drawing, and no line wider than the terminal.
func plainLines(t *testing.T, raw string, width int) {
	t.Helper()
	if i := strings.IndexByte(raw, 0x1b); i >= 0 {
		t.Errorf("an escape sequence reached the terminal: %q", raw[max(0, i-40):min(len(raw), i+40)])
	}
	box := regexp.MustCompile(`[\x{2500}-\x{259F}]`)
	for n, l := range strings.Split(raw, "\n") {
		l = strings.TrimSuffix(l, "\r") // the terminal's own carriage returns
		if strings.ContainsAny(l, "\r\a\b") {
			t.Errorf("line %d holds a control character: %q", n+1, l)
		}
		if m := box.FindString(l); m != "" {
			t.Errorf("line %d holds the box-drawing character %q: %q", n+1, m, l)
		}
		if w := ansi.StringWidth(l); w > width {
			t.Errorf("line %d is %d columns wide on a %d-column terminal: %q", n+1, w, width, l)
		}
	}
}

// A session on a real terminal, typed through every kind of screen, with bad input on the way,
// reads as plain lines that fit, with and without NO_COLOR; end of input (ctrl-D) ends it cleanly.
func TestAccessibleOnATerminal(t *testing.T) {
	w, err := content.Load()
	if err != nil {
		t.Fatal(err)
	}
	lines := []string{"n\n", "6\n", "bogus\n", "\n", "99\n", "c 5\n", "c\n", "t\n", "s\n", "s 2\n", "d\n", "i\n", "y\n",
		"w\n", "w 2\n", "apply 1\n", "x\n", "9\n"}
	for range w.ChapterQuestions(w.Steps[5].Chapter) {
		lines = append(lines, "1\n")
	}
	lines = append(lines, "/ network number\n", "e\n", "h\n", "\x04")
	for _, tc := range []struct {
		width int
		env   map[string]string
	}{
		{80, nil},
		{80, map[string]string{"NO_COLOR": "1"}},
		{40, map[string]string{"ACCESSIBLE": "1"}},
	} {
		t.Run(fmt.Sprint(tc.width, tc.env), func(t *testing.T) {
			raw := accessibleOnPty(t, tc.width, tc.env, lines)
			plainLines(t, raw, tc.width)
			flat := strings.Join(strings.Fields(raw), " ")
			for _, want := range []string{
				"Step 6 of 14, Logging in:", "What the platform sees:", "What the central database holds:",
				"Where the risks lie:", "new: ", "illustrative: ", "(citation",
				`Sorry: unknown command "bogus".`, "Nothing was typed.", "There is no step 99",
				"Citation 5:", "Contents: 14 steps", "Source 1:", "Quotes from source 2", "Point 1:", "Glossary:",
				"Timeline.", "What if 2:", "assumed: ", `"9" is not one of the choices.`, "Your score on the chapter",
				"is in", "Handouts are made", "Help.", "End of input. Goodbye.",
			} {
				if !strings.Contains(flat, want) {
					t.Errorf("the terminal never shows %q", want)
				}
			}
		})
	}
	t.Run("quit", func(t *testing.T) {
		raw := accessibleOnPty(t, 60, nil, []string{"q\n"})
		plainLines(t, raw, 60)
		if !strings.Contains(raw, "Goodbye.") {
			t.Error("quit says no goodbye")
		}
	})
}

// ACCESSIBLE is read as huh reads it: a true value switches the conversation on, anything else not.
func TestWantsAccessible(t *testing.T) {
	for v, want := range map[string]bool{"1": true, "true": true, "TRUE": true, "0": false, "false": false, "": false, "yes please": false} {
		got := wantsAccessible(false, func(string) string { return v })
		if got != want {
			t.Errorf("ACCESSIBLE=%q: %v, want %v", v, got, want)
		}
	}
	if !wantsAccessible(true, func(string) string { return "0" }) {
		t.Error("--accessible is overridden by ACCESSIBLE=0")
	}
}

// Piped, the conversation still runs (for a transcript), echoing each line read after its prompt.
func TestAccessiblePiped(t *testing.T) {
	var buf strings.Builder
	cmd := rootCmd(strings.NewReader("n\nq\n"), &buf)
	cmd.SetArgs([]string{"--accessible", "--no-save"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "Command: n\n") || !strings.Contains(out, "Step 2 of 14") || !strings.Contains(out, "Command: q\nGoodbye.") {
		t.Errorf("piped transcript:\n%s", tail(out, 10))
	}
	if strings.Contains(out, "\x1b") {
		t.Error("an escape sequence in the piped transcript")
	}
}
