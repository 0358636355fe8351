package ui

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/internal/contenttest"
	"github.com/cyberid/cyberid/words"
)

// A teacher edits the files under --watch: the screen follows on the same step; a broken edit shows its
// problem in the footer over the last good walkthrough; the fix clears it.
func TestContentMsgReloads(t *testing.T) {
	fsys := contenttest.Files(t, "../testdata/walkthrough")
	w, err := content.LoadFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	login, _ := w.StepIndex("login-a")
	m := sizedOn(w, 120, 40, Options{Start: login, ContentLabel: "my-class"})
	if header := headerLine(m.Frame()); !strings.Contains(header, words.ContentShown("my-class")) {
		t.Errorf("the header does not name the content: %q", header)
	}

	// An edit that adds a step before this one: the model stays on login-a.
	var file string
	for name := range fsys {
		if strings.HasPrefix(name, "steps/") && strings.Contains(string(fsys[name].Data), "\nid: login-a\n") {
			file = name
		}
	}
	edited := strings.Replace(string(fsys[file].Data), "\ntitle: ", "\ntitle: Edited ", 1)
	fsys[file] = &fstest.MapFile{Data: []byte(edited)}
	first := "steps/00-first.md"
	fsys[first] = &fstest.MapFile{Data: []byte(strings.Replace(strings.Replace(edited, "\nid: login-a\n", "\nid: zero\n", 1),
		"\ntitle: Edited ", "\ntitle: Zero ", 1))}
	w2, err := content.LoadFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	m.Update(ContentMsg{Walkthrough: w2})
	if got := m.Pages()[m.Step()].Step.ID; got != "login-a" || m.Step() != login+1 {
		t.Fatalf("after the reload the model is on %s (%d), want login-a (%d)", got, m.Step(), login+1)
	}
	frame := m.Frame()
	if !strings.Contains(headerLine(frame), "Edited ") || !strings.Contains(frame, words.ContentReloaded) {
		t.Errorf("the edit is not shown:\n%s", frame)
	}
	checkFrame(t, m, "after a reload")

	// A broken edit: the footer names the file and line, the walkthrough stays.
	fsys[file] = &fstest.MapFile{Data: []byte(strings.Replace(edited, "\ntitle: ", "\ncolour: red\ntitle: ", 1))}
	_, err = content.LoadFS(fsys)
	var cerr *content.Error
	if !errors.As(err, &cerr) {
		t.Fatalf("the broken edit loaded: %v", err)
	}
	m.Update(ContentMsg{Err: err})
	frame = m.Frame()
	footer := footerLine(frame)
	if !strings.HasPrefix(footer, file+":") || !strings.Contains(footer, "colour") {
		t.Errorf("the footer does not show the problem: %q", footer)
	}
	if !strings.Contains(headerLine(frame), "Edited ") {
		t.Error("the last good walkthrough is not shown")
	}
	checkFrame(t, m, "with a content problem")
	// Keys still work over the last good version.
	m.Update(keyMsg("right"))
	if m.Step() != login+2 {
		t.Errorf("a key after a broken reload: step %d", m.Step())
	}
	// Narrow: the problem is cut, never wider than the terminal.
	m.Update(tea.WindowSizeMsg{Width: 60, Height: 20})
	for _, l := range strings.Split(m.Frame(), "\n") {
		if ansi.StringWidth(l) > 60 {
			t.Errorf("line wider than 60: %q", l)
		}
	}
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})

	// The fix clears the problem.
	m.Update(ContentMsg{Walkthrough: w})
	if footer := footerLine(m.Frame()); strings.Contains(footer, "colour") {
		t.Errorf("the problem stays after the fix: %q", footer)
	}
	if m.Step() >= len(m.Pages()) {
		t.Fatalf("step %d of %d", m.Step(), len(m.Pages()))
	}
}

// Any error, not only a list of problems, is shown as one line.
func TestProblemLine(t *testing.T) {
	got := problemLine(errors.New("watch: too many open files\nsecond line"))
	if strings.Contains(got, "\n") || !strings.HasPrefix(got, "watch: too many open files") {
		t.Errorf("problemLine = %q", got)
	}
	got = problemLine(&content.Error{Problems: []content.Problem{{File: "a.yaml", Line: 3, Msg: "x"}, {File: "b.yaml", Msg: "y"}}})
	if !strings.HasPrefix(got, "a.yaml:3: x (and 1 more)") {
		t.Errorf("problemLine = %q", got)
	}
}

func headerLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return ansi.Strip(l)
}

func footerLine(s string) string {
	s = strings.TrimRight(s, "\n ")
	return ansi.Strip(s[strings.LastIndex(s, "\n")+1:])
}
