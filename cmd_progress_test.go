package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cyberid/cyberid/progress"
)

func stateEnv(dir string) func(string) string {
	return func(k string) string {
		if k == "XDG_STATE_HOME" {
			return dir
		}
		return ""
	}
}

func TestLoadProgress(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cyberid", progress.FileName)
	env := stateEnv(dir)

	// Nothing saved yet: a fresh start that can be saved.
	p := loadProgress(false, false, env)
	if p.Save == nil || p.Notice != "" || len(p.State.Visited) != 0 {
		t.Fatalf("first run: %+v", p)
	}
	if err := p.Save(progress.State{Visited: []string{"before", "app"}}); err != nil {
		t.Fatal(err)
	}
	if p := loadProgress(false, false, env); strings.Join(p.State.Visited, ",") != "app,before" {
		t.Errorf("second run: %+v", p.State)
	}
	// --fresh: an empty state, but the file is still there and progress can be saved.
	if p := loadProgress(true, false, env); len(p.State.Visited) != 0 || p.Save == nil {
		t.Errorf("--fresh: %+v", p)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("--fresh touched the file: %v", err)
	}
	// --no-save: nothing read, nothing kept.
	if p := loadProgress(false, true, env); p.Save != nil || len(p.State.Visited) != 0 {
		t.Errorf("--no-save: %+v", p)
	}
	// A corrupt file: one line, a fresh state, the file untouched.
	os.WriteFile(path, []byte("{oops"), 0o600)
	p = loadProgress(false, false, env)
	if p.Notice == "" || strings.Contains(p.Notice, "\n") || len(p.State.Visited) != 0 || p.Save == nil {
		t.Errorf("corrupt: %+v", p)
	}
	if data, _ := os.ReadFile(path); string(data) != "{oops" {
		t.Error("loading changed the corrupt file")
	}
	// No state directory at all.
	if p := loadProgress(false, false, func(string) string { return "" }); p.Save != nil || p.Notice == "" {
		t.Errorf("no HOME: %+v", p)
	}
}

func TestReset(t *testing.T) {
	setup := func(t *testing.T) string {
		path := filepath.Join(t.TempDir(), progress.FileName)
		if err := progress.Save(path, progress.State{Visited: []string{"before"}}); err != nil {
			t.Fatal(err)
		}
		return path
	}
	exists := func(p string) bool { _, err := os.Stat(p); return err == nil }

	t.Run("no terminal, no --yes: refuses", func(t *testing.T) {
		path := setup(t)
		err := runReset(strings.NewReader("y\n"), &bytes.Buffer{}, path, false, false)
		if err == nil || !strings.Contains(err.Error(), "--yes") || !exists(path) {
			t.Errorf("err %v, file kept %v", err, exists(path))
		}
	})
	for _, answer := range []string{"", "n\n", "no\n", "x\n"} {
		t.Run("answer "+strings.TrimSpace(answer)+" keeps it", func(t *testing.T) {
			path := setup(t)
			var out bytes.Buffer
			if err := runReset(strings.NewReader(answer), &out, path, false, true); err != nil || !exists(path) {
				t.Errorf("err %v, kept %v", err, exists(path))
			}
			if !strings.Contains(out.String(), "[y/N]") {
				t.Errorf("no question asked: %q", out.String())
			}
		})
	}
	for _, answer := range []string{"y\n", "Yes\n"} {
		t.Run("answer "+strings.TrimSpace(answer)+" deletes", func(t *testing.T) {
			path := setup(t)
			if err := runReset(strings.NewReader(answer), &bytes.Buffer{}, path, false, true); err != nil || exists(path) {
				t.Errorf("err %v, still there %v", err, exists(path))
			}
		})
	}
	t.Run("--yes deletes without asking", func(t *testing.T) {
		path := setup(t)
		var out bytes.Buffer
		if err := runReset(strings.NewReader(""), &out, path, true, false); err != nil || exists(path) {
			t.Errorf("err %v, still there %v", err, exists(path))
		}
		if strings.Contains(out.String(), "[y/N]") {
			t.Error("asked despite --yes")
		}
	})
	t.Run("nothing to delete", func(t *testing.T) {
		var out bytes.Buffer
		err := runReset(strings.NewReader(""), &out, filepath.Join(t.TempDir(), "none.json"), false, false)
		if err != nil || !strings.Contains(out.String(), "No saved progress") {
			t.Errorf("err %v, out %q", err, out.String())
		}
	})
	// Through the command line, as a user runs it.
	t.Run("cyberid reset via cobra", func(t *testing.T) {
		dir := t.TempDir()
		t.Setenv("XDG_STATE_HOME", dir)
		path := filepath.Join(dir, "cyberid", progress.FileName)
		progress.Save(path, progress.State{Visited: []string{"before"}})
		var out bytes.Buffer
		cmd := rootCmd(strings.NewReader(""), &out)
		cmd.SetArgs([]string{"reset"})
		cmd.SetOut(&out)
		cmd.SetErr(&out)
		if err := cmd.Execute(); err == nil || !exists(path) {
			t.Errorf("reset without a terminal: err %v, kept %v", err, exists(path))
		}
		cmd = rootCmd(strings.NewReader(""), &out)
		cmd.SetArgs([]string{"reset", "--yes"})
		if err := cmd.Execute(); err != nil || exists(path) {
			t.Errorf("reset --yes: err %v, still there %v", err, exists(path))
		}
	})
}
