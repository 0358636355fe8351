package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/export"
	"github.com/cyberid/cyberid/flow"
	"github.com/cyberid/cyberid/ui"
)

// initDir writes the built-in content into a new folder and returns it.
func initDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "class")
	if _, err := initContent(dir, false); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestContentInitThenCheck(t *testing.T) {
	dir := initDir(t)
	for _, name := range append(content.FileNames(), "README.md") {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("init did not write %s: %v", name, err)
		}
	}
	var out bytes.Buffer
	if err := checkContent(&out, dir, ""); err != nil {
		t.Fatalf("check of a fresh copy: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "no problems") {
		t.Errorf("check says %q", out.String())
	}
	// Through the command line, as a teacher types it.
	got, err := runFang(t, "content", "check", dir)
	if err != nil || !strings.Contains(got, "14 steps") {
		t.Errorf("content check: %v\n%s", err, got)
	}
}

// init never replaces a teacher's files unasked; --force writes the built-in files over them.
func TestContentInitKeepsExistingFiles(t *testing.T) {
	dir := initDir(t)
	step := filepath.Join(dir, "steps", "01-before.md")
	if err := os.WriteFile(step, []byte("my edit"), 0o644); err != nil {
		t.Fatal(err)
	}
	mine := filepath.Join(dir, "my-notes.txt")
	if err := os.WriteFile(mine, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := runFang(t, "content", "init", dir)
	if err == nil || !strings.Contains(err.Error(), "is not empty") {
		t.Fatalf("init over a copy: %v", err)
	}
	if data, _ := os.ReadFile(step); string(data) != "my edit" {
		t.Fatalf("init without --force replaced an edited step: %.40q", data)
	}
	if _, err := runFang(t, "content", "init", "--force", dir); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(step); string(data) == "my edit" {
		t.Error("--force did not restore the step")
	}
	if data, _ := os.ReadFile(mine); string(data) != "mine" {
		t.Error("--force touched a file init does not write")
	}
	// A file where the folder should be is refused, not written into.
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := initContent(file, true); err == nil {
		t.Error("init wrote into a file")
	}
}

// A copy made by init gives the same handouts as the built-in content, byte for byte, and the same
// screens apart from the header's note of where the content comes from.
func TestContentInitSameAsBuiltIn(t *testing.T) {
	builtin, err := loadContent("")
	if err != nil {
		t.Fatal(err)
	}
	dir := initDir(t)
	copied, err := loadContent(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range export.Formats() {
		for _, opts := range []export.Options{{}, {Assumptions: flow.Assumptions{Identifier: flow.PerPlatform}}} {
			var a, b bytes.Buffer
			if err := export.Write(&a, builtin, format, opts); err != nil {
				t.Fatal(err)
			}
			if err := export.Write(&b, copied, format, opts); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Errorf("%s handout (%v) differs between the built-in content and its copy", format, opts.Assumptions.Identifier)
			}
		}
	}
	// Through the command: export --content DIR writes what export writes.
	want, err := runFang(t, "export", "--format", "txt")
	if err != nil {
		t.Fatal(err)
	}
	got, err := runFang(t, "--content", dir, "export", "--format", "txt")
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Error("cyberid --content DIR export differs from cyberid export")
	}

	a, b := ui.New(builtin, ui.Options{}), ui.New(copied, ui.Options{})
	labelled := ui.New(copied, ui.Options{ContentLabel: dir})
	size := tea.WindowSizeMsg{Width: 160, Height: 50}
	for _, m := range []*ui.Model{a, b, labelled} {
		m.Update(size)
	}
	for i := range builtin.Steps {
		if fa, fb := a.Frame(), b.Frame(); fa != fb {
			t.Fatalf("step %d: the screens differ between the built-in content and its copy", i+1)
		}
		header, _, _ := strings.Cut(labelled.Frame(), "\n")
		if !strings.Contains(header, "content: "+dir) {
			t.Fatalf("step %d: the header does not say where the content comes from: %q", i+1, header)
		}
		for _, m := range []*ui.Model{a, b, labelled} {
			m.Update(ui.GotoMsg{Step: i + 1})
		}
	}
}

// breakFile replaces old by new in a file of dir, and returns the line the change is on.
func breakFile(t *testing.T, dir, file, old, new string) int {
	t.Helper()
	path := filepath.Join(dir, filepath.FromSlash(file))
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(data), old)
	if i < 0 {
		t.Fatalf("%s has no %q", file, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(data[:i]), "\n") + 1
}

// Every kind of mistake a teacher can make is reported with the file, under the folder given, and its
// line, both by content check and by --content; nothing runs from a broken folder.
func TestContentCheckReportsFileAndLine(t *testing.T) {
	cases := []struct {
		name, file, old, new string
		line                 int // 0: the line the change is on
		want                 string
	}{
		{name: "bad YAML", file: "glossary.yaml", old: "glossary:\n  - term:", new: "glossary:\n  - term: [unclosed", want: "did not find expected"},
		{name: "unknown quote", file: "steps/05-issued.md", old: "[@fp-issued]", new: "[@no-such-quote]", want: "[@no-such-quote]: unknown quote"},
		{name: "unknown party", file: "steps/05-issued.md", old: "to: person, item: network-number", new: "to: nobody, item: network-number", want: `unknown party "nobody"`},
		{name: "duplicate id", file: "quotes.yaml", old: "  - id: ib-number\n", new: "  - id: fp-issued\n", want: `duplicate quote id "fp-issued"`},
		{name: "one-sided risk", file: "steps/05-issued.md",
			old:  "    safeguard: \"Neither the number nor the credential contains readable identity data; officials say the system authenticates people anonymously.\"\n    safeguard_cite: [xinhua24-no-plaintext, explain-anonymous]\n",
			new:  "",
			line: 13, want: "a risk needs the other side too"},
		{name: "unknown field", file: "steps/05-issued.md", old: "title: Your network", new: "titel: Your network", want: "field titel not found"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := initDir(t)
			line := breakFile(t, dir, c.file, c.old, c.new)
			if c.line != 0 {
				line = c.line
			}
			where := fmt.Sprintf("%s:%d: ", filepath.Join(dir, filepath.FromSlash(c.file)), line)
			var out bytes.Buffer
			err := checkContent(&out, dir, "")
			if err == nil {
				t.Fatal("check passed a broken folder")
			}
			if !strings.Contains(out.String(), where) || !strings.Contains(out.String(), c.want) {
				t.Errorf("check printed:\n%s\nwant a line starting %q saying %q", out.String(), where, c.want)
			}
			for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
				if !regexp.MustCompile(`^\S+:\d+: \S`).MatchString(l) && !strings.Contains(l, ": cannot read") {
					t.Errorf("not file:line: what is wrong: %q", l)
				}
			}
			// --content refuses the same folder with the same lines, for every command.
			for _, args := range [][]string{{"--content", dir}, {"--content", dir, "export"}, {"--content", dir, "serve"}} {
				got, err := runFang(t, args...)
				if err == nil || !strings.Contains(err.Error(), where) || strings.Contains(got, "Step 1") {
					t.Errorf("%v: err %v, wrote %.80q", args, err, got)
				}
			}
		})
	}
}

func TestContentFolderMissing(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope")
	_, err := runFang(t, "--content", missing, "export")
	if err == nil || !strings.Contains(err.Error(), "does not exist") || !strings.Contains(err.Error(), "content init") {
		t.Errorf("err = %v", err)
	}
	if _, err := runFang(t, "--watch"); err == nil || !strings.Contains(err.Error(), "--content") {
		t.Errorf("--watch without --content: %v", err)
	}
}

// --sources checks every quote against the text of its source, character for character.
func TestContentCheckSources(t *testing.T) {
	dir := initDir(t)
	w, err := loadContent(dir)
	if err != nil {
		t.Fatal(err)
	}
	// A folder of texts made of the quotes themselves: every quote is in its text.
	texts := t.TempDir()
	byFile := map[string]string{}
	for _, q := range w.Quotes {
		if s, _ := w.Source(q.Source); s.File != "" {
			byFile[s.File] += q.Text + "\n\n"
		}
	}
	for name, text := range byFile {
		if err := os.WriteFile(filepath.Join(texts, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if err := checkContent(&out, dir, texts); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "word for word") {
		t.Errorf("check says %q", out.String())
	}

	// One quote changed by a character is found, at its line, with where it stops matching.
	q, _ := w.Quote("fp-issued")
	breakFile(t, dir, "quotes.yaml", "a unique web number", "a unique web-number")
	out.Reset()
	err = checkContent(&out, dir, texts)
	// The problem is at the quote's entry (its "- id:" line), as every quote problem is.
	want := fmt.Sprintf("%s:%d: quote \"fp-issued\" is not word for word in ", filepath.Join(dir, "quotes.yaml"), q.Line)
	if err == nil || !strings.Contains(out.String(), want) || !strings.Contains(out.String(), `then has "-number`) {
		t.Errorf("check printed:\n%s\nwant %q", out.String(), want)
	}

	// A source whose text is missing is one problem, at the source.
	src, _ := w.Source(q.Source)
	if err := os.Remove(filepath.Join(texts, src.File)); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := checkContent(&out, dir, texts); err == nil || !strings.Contains(out.String(), "cannot read its text "+src.File) {
		t.Errorf("missing text: %v\n%s", err, out.String())
	}
	if _, err := runFang(t, "content", "check", dir, "--sources", filepath.Join(texts, "nope")); err == nil {
		t.Error("--sources with no such folder passed")
	}
}

// --watch sends each edit to the walkthrough, and a broken edit's problems without a walkthrough.
func TestWatchContent(t *testing.T) {
	dir := initDir(t)
	msgs := make(chan ui.ContentMsg, 16)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- watchContent(ctx, dir, func(m tea.Msg) { msgs <- m.(ui.ContentMsg) })
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	// until waits for a reload that satisfies ok: a save can be seen half done (truncated, then
	// written) on a loaded machine, and such a reload is passed over.
	until := func(what string, ok func(ui.ContentMsg) bool) ui.ContentMsg {
		t.Helper()
		deadline := time.After(10 * time.Second)
		for {
			select {
			case m := <-msgs:
				if ok(m) {
					return m
				}
			case <-deadline:
				t.Fatalf("no reload after %s", what)
			}
		}
	}
	loaded := func(ok func(*content.Walkthrough) bool) func(ui.ContentMsg) bool {
		return func(m ui.ContentMsg) bool { return m.Err == nil && m.Walkthrough != nil && ok(m.Walkthrough) }
	}
	title := func(w *content.Walkthrough) string {
		i, _ := w.StepIndex("issued")
		return w.Steps[i].Title
	}
	time.Sleep(100 * time.Millisecond) // the watcher starts
	breakFile(t, dir, "steps/05-issued.md", "title: Your network number and network credential", "title: Your number, edited")
	until("an edit", loaded(func(w *content.Walkthrough) bool { return title(w) == "Your number, edited" }))

	breakFile(t, dir, "steps/05-issued.md", "[@fp-issued]", "[@nope]")
	m := until("a broken edit", func(m ui.ContentMsg) bool { return m.Err != nil && strings.Contains(m.Err.Error(), "[@nope]") })
	var list problemList
	if m.Walkthrough != nil || !errors.As(m.Err, &list) || !strings.Contains(m.Err.Error(), "steps/05-issued.md:") {
		t.Fatalf("a broken edit: %v", m.Err)
	}
	var cerr *content.Error
	if !errors.As(m.Err, &cerr) {
		t.Error("the problems do not unwrap to content.Error, which the footer lists")
	}
	breakFile(t, dir, "steps/05-issued.md", "[@nope]", "[@fp-issued]")
	until("the fix", loaded(func(w *content.Walkthrough) bool { return title(w) == "Your number, edited" }))

	// A question file in a folder made after the watch began is picked up too.
	if err := os.RemoveAll(filepath.Join(dir, "questions")); err != nil {
		t.Fatal(err)
	}
	until("removing questions/", loaded(func(w *content.Walkthrough) bool { return len(w.Questions) == 0 }))
	qdir := filepath.Join(dir, "questions")
	if err := os.Mkdir(qdir, 0o755); err != nil {
		t.Fatal(err)
	}
	question := "chapter: What is issued\nquestions:\n  - id: mine\n    prompt: \"Who keeps the link?\"\n" +
		"    choices: [\"The centre\", \"Nobody\"]\n    answer: 1\n    explanation: \"The centre keeps it.\"\n    cite: [explain-assist]\n"
	time.Sleep(2 * watchSettle) // the new folder is watched once its creation is seen
	if err := os.WriteFile(filepath.Join(qdir, "01-mine.yaml"), []byte(question), 0o644); err != nil {
		t.Fatal(err)
	}
	until("a question in a new folder", loaded(func(w *content.Walkthrough) bool { return len(w.Questions) == 1 }))
}

// The files init writes are the built-in files, unchanged.
func TestContentInitWritesTheFilesAsTheyAre(t *testing.T) {
	dir := initDir(t)
	for _, name := range content.FileNames() {
		want, err := fs.ReadFile(content.Files(), name)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s differs from the built-in file (%v)", name, err)
		}
	}
}
