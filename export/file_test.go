package export

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

// entries lists a directory's file names, so tests can see that no temporary file is left behind.
func entries(t *testing.T, dir string) string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range des {
		names = append(names, d.Name())
	}
	return strings.Join(names, ",")
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "handout.md")

	if err := WriteFile(path, false, writeString("one")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "one" {
		t.Fatalf("wrote %q", b)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("new file has mode %v, want 0644", fi.Mode().Perm())
	}

	// Without force, an existing file is left as it was.
	err := WriteFile(path, false, writeString("two"))
	if !errors.Is(err, ErrExists) || !strings.Contains(err.Error(), "--force") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("existing file without force: error %v, want a one-line ErrExists naming --force", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "one" {
		t.Fatalf("existing file changed to %q", b)
	}

	// A failed write leaves the old file alone, even with force.
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err = WriteFile(path, true, func(w io.Writer) error { io.WriteString(w, "half"); return boom })
	if !errors.Is(err, boom) {
		t.Fatalf("failed write: error %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "one" {
		t.Fatalf("failed write changed the file to %q", b)
	}

	// With force it is replaced, keeping its permissions.
	if err := WriteFile(path, true, writeString("three")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "three" {
		t.Fatalf("forced write gave %q", b)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("replaced file has mode %v, want the old 0600", fi.Mode().Perm())
	}
	if got := entries(t, dir); got != "handout.md" {
		t.Errorf("directory holds %s: a temporary file was left behind", got)
	}
}

// TestWriteFileRace: a file that appears while the handout is being written is not replaced.
func TestWriteFileRace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "handout.html")
	err := WriteFile(path, false, func(w io.Writer) error {
		if err := os.WriteFile(path, []byte("theirs"), 0o644); err != nil {
			return err
		}
		_, err := io.WriteString(w, "ours")
		return err
	})
	if !errors.Is(err, ErrExists) {
		t.Fatalf("error %v, want ErrExists", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "theirs" {
		t.Fatalf("the other file was replaced: %q", b)
	}
	if got := entries(t, dir); got != "handout.html" {
		t.Errorf("directory holds %s: a temporary file was left behind", got)
	}
}

func TestWriteFileBadPaths(t *testing.T) {
	dir := t.TempDir()
	if err := WriteFile(dir, true, writeString("x")); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Errorf("writing over a directory: error %v", err)
	}
	if err := WriteFile(filepath.Join(dir, "missing", "h.md"), false, writeString("x")); err == nil {
		t.Error("writing into a missing directory: no error")
	}
	if got := entries(t, dir); got != "" {
		t.Errorf("directory holds %s after failed writes", got)
	}
}
