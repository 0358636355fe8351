package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/export"
)

// runExport runs `cyberid export args...` and returns what it printed and its error.
func runExport(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	cmd := rootCmd(strings.NewReader(""), &out)
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(append([]string{"export"}, args...))
	err := cmd.Execute()
	return out.String(), err
}

func want(t *testing.T, format string) string {
	t.Helper()
	w, err := content.Load()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := export.Write(&b, w, format, export.Options{}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestExportStdout(t *testing.T) {
	out, err := runExport(t, "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Sources []json.RawMessage `json:"sources"`
		Steps   []json.RawMessage `json:"steps"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil || len(v.Steps) == 0 || len(v.Sources) == 0 {
		t.Fatalf("stdout is not the JSON handout (%v): %.200s", err, out)
	}
	if out != want(t, "json") {
		t.Error("stdout differs from export.Write")
	}
	if out, err := runExport(t, "-f", "txt", "-o", "-"); err != nil || out != want(t, "txt") {
		t.Errorf("-o - did not write the text handout to stdout: %v", err)
	}
}

func TestExportFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "handout.html")
	if out, err := runExport(t, "--format", "html", "-o", path); err != nil || out != "" {
		t.Fatalf("export -o: %v, printed %q", err, out)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want(t, "html") {
		t.Fatal("the file differs from export.Write")
	}

	// An existing file is never replaced without --force.
	if err := os.WriteFile(path, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = runExport(t, "--format", "md", "-o", path)
	if err == nil || !strings.Contains(err.Error(), "--force") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("existing file: error %v, want one line naming --force", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "mine" {
		t.Fatalf("existing file changed to %.40q", b)
	}

	if _, err := runExport(t, "--format", "md", "-o", path, "--force"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != want(t, "md") {
		t.Fatal("--force did not replace the file with the Markdown handout")
	}
	if des, _ := os.ReadDir(dir); len(des) != 1 {
		t.Errorf("%d files in the directory, want 1: a temporary file was left behind", len(des))
	}
}

func TestExportUnknownFormat(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "handout.pdf")
	_, err := runExport(t, "--format", "pdf", "-o", path)
	if err == nil {
		t.Fatal("unknown format: no error")
	}
	for _, f := range []string{"html", "json", "md", "txt"} {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error %q does not list %s", err, f)
		}
	}
	if _, statErr := os.Stat(path); statErr == nil {
		t.Error("a file was written for an unknown format")
	}
}

func TestExportFormatFromExtension(t *testing.T) {
	dir := t.TempDir()
	for name, format := range map[string]string{"a.html": "html", "b.JSON": "json", "c.txt": "txt", "d.md": "md"} {
		path := filepath.Join(dir, name)
		if _, err := runExport(t, "-o", path); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(path); string(b) != want(t, format) {
			t.Errorf("-o %s did not write %s", name, format)
		}
	}
	// An extension that is no format is an error that lists the formats and says how to get a PDF, and
	// writes nothing; with --format it is just a name.
	for _, name := range []string{"handout.pdf", "handout.PDF", "handout", "e.out"} {
		path := filepath.Join(dir, name)
		_, err := runExport(t, "-o", path)
		if err == nil {
			t.Fatalf("-o %s: no error", name)
		}
		for _, want := range []string{"--format", "html", "json", "md", "txt", "PDF"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("-o %s: error %q does not say %q", name, err, want)
			}
		}
		if _, statErr := os.Stat(path); statErr == nil {
			t.Errorf("-o %s wrote a file", name)
		}
	}
	if _, err := runExport(t, "--format", "md", "-o", filepath.Join(dir, "e.out")); err != nil {
		t.Errorf("--format md -o e.out: %v", err)
	}
	// An explicit --format wins over the extension.
	path := filepath.Join(dir, "f.html")
	if _, err := runExport(t, "--format", "TXT", "-o", path); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != want(t, "txt") {
		t.Error("--format TXT -o f.html did not write text")
	}
}

func TestExportWithAnswers(t *testing.T) {
	for _, f := range []struct{ format, key, sources string }{
		{"md", "## Answer key", "## Sources"},
		{"txt", "ANSWER KEY", "\nSOURCES\n"},
		{"html", "Answer key</h3>", `id="sources"`},
	} {
		out, err := runExport(t, "--format", f.format, "--with-answers")
		if err != nil {
			t.Fatal(err)
		}
		// The questions and the key come before the sources, which end the handout.
		key, sources := strings.Index(out, f.key), strings.LastIndex(out, f.sources)
		if key < 0 || sources < key {
			t.Errorf("%s --with-answers: answer key at %d, sources at %d", f.format, key, sources)
		}
	}
	if _, err := runExport(t, "--format", "json", "--with-answers"); err == nil ||
		!strings.Contains(err.Error(), "--with-answers works with html, md, txt") {
		t.Errorf("json --with-answers: err = %v", err)
	}
}

func TestExportIdentifierAssumption(t *testing.T) {
	def, err := runExport(t, "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	per, err := runExport(t, "--format", "json", "--identifier", "per-platform")
	if err != nil {
		t.Fatal(err)
	}
	if def == per || !strings.Contains(per, `"assumption": "a different identifier per platform"`) ||
		!strings.Contains(per, `"assumption_sourced": false`) {
		t.Error("--identifier per-platform should change the handout and say it is a what-if")
	}
	// Without the flag the handout shows the case a source states.
	if !strings.Contains(def, `"assumption": "only a verification result"`) || !strings.Contains(def, `"assumption_sourced": true`) {
		t.Error("the default handout should be the sourced case, only a verification result")
	}
	if _, err := runExport(t, "--identifier", "nope"); err == nil || !strings.Contains(err.Error(), "unknown --identifier") {
		t.Errorf("bad --identifier: err = %v", err)
	}
}
