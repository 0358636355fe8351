package progress

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func sample() State {
	return State{Visited: []string{"login-a", "before", "app", "before"}, Answers: map[string]int{"q-one": 2, "q-two": 1}}
}

func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "deep", "cyberid", FileName)
	if err := Save(path, sample()); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Equal(sample()) {
		t.Errorf("loaded %+v, want %+v", got, sample())
	}
	if strings.Join(got.Visited, ",") != "app,before,login-a" {
		t.Errorf("visited not sorted and de-duplicated: %v", got.Visited)
	}
	if got.Version != Version {
		t.Errorf("version %d", got.Version)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v, want 0600", info.Mode().Perm())
	}
	// Only ids and answers: nothing else about the user goes into the file.
	data, _ := os.ReadFile(path)
	for _, key := range []string{`"version"`, `"visited"`, `"answers"`} {
		if !strings.Contains(string(data), key) {
			t.Errorf("file lacks %s:\n%s", key, data)
		}
	}
	if n := strings.Count(string(data), `":`); n != 3+2 { // three keys and two answers
		t.Errorf("unexpected fields in the file:\n%s", data)
	}
	// No temporary file is left behind.
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only the state file", len(entries))
	}
}

func TestMissingFileIsAFreshStart(t *testing.T) {
	s, err := Load(filepath.Join(t.TempDir(), FileName))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Visited) != 0 || len(s.Answers) != 0 {
		t.Errorf("fresh state = %+v", s)
	}
}

func TestCorruptFile(t *testing.T) {
	for name, data := range map[string]string{
		"garbage":    "this is not json",
		"truncated":  `{"version":1,"visited":["bef`,
		"wrong type": `{"version":1,"visited":"before"}`,
		"newer":      `{"version":99}`,
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			os.WriteFile(path, []byte(data), 0o600)
			s, err := Load(path)
			if err == nil {
				t.Fatal("no error for a corrupt file")
			}
			if strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), path) {
				t.Errorf("error is not one line naming the file: %q", err)
			}
			if len(s.Visited) != 0 || len(s.Answers) != 0 {
				t.Errorf("state from a corrupt file: %+v", s)
			}
			// Loading never touches the file.
			if after, _ := os.ReadFile(path); string(after) != data {
				t.Errorf("the corrupt file was changed to %q", after)
			}
		})
	}
}

func skipIfRoot(t *testing.T) {
	if runtime.GOOS == "windows" || os.Geteuid() == 0 {
		t.Skip("skipping: file permissions do not bind root (or on Windows)")
	}
}

func TestUnreadableFile(t *testing.T) {
	skipIfRoot(t)
	path := filepath.Join(t.TempDir(), FileName)
	if err := Save(path, sample()); err != nil {
		t.Fatal(err)
	}
	os.Chmod(path, 0)
	defer os.Chmod(path, 0o600)
	s, err := Load(path)
	if err == nil || !strings.Contains(err.Error(), "cannot read") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("err = %v", err)
	}
	if len(s.Visited) != 0 {
		t.Errorf("state = %+v", s)
	}
}

func TestUnwritableDirectory(t *testing.T) {
	skipIfRoot(t)
	dir := filepath.Join(t.TempDir(), "cyberid")
	path := filepath.Join(dir, FileName)
	if err := Save(path, State{Visited: []string{"before"}}); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o500)
	defer os.Chmod(dir, 0o700)
	err := Save(path, sample())
	if err == nil || !strings.HasPrefix(err.Error(), "progress not saved:") {
		t.Fatalf("err = %v", err)
	}
	// The old file is intact.
	s, err := Load(path)
	if err != nil || strings.Join(s.Visited, ",") != "before" {
		t.Errorf("after a failed save: %+v, %v", s, err)
	}
	// A directory that cannot be created.
	os.Chmod(dir, 0o500)
	if err := Save(filepath.Join(dir, "sub", FileName), sample()); err == nil || !strings.Contains(err.Error(), "cannot create") {
		t.Errorf("err = %v", err)
	}
}

func TestRemove(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	if removed, err := Remove(path); removed || err != nil {
		t.Errorf("missing file: %v %v", removed, err)
	}
	Save(path, sample())
	if removed, err := Remove(path); !removed || err != nil {
		t.Errorf("existing file: %v %v", removed, err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Error("file still there")
	}
}

func TestDefaultPath(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"XDG_STATE_HOME": "/x/state", "HOME": "/home/a"}, "/x/state/cyberid/progress.json"},
		{map[string]string{"HOME": "/home/a"}, "/home/a/.local/state/cyberid/progress.json"},
		{map[string]string{"XDG_STATE_HOME": "relative", "HOME": "/home/a"}, "/home/a/.local/state/cyberid/progress.json"},
	}
	for _, c := range cases {
		got, err := DefaultPath(env(c.env))
		if err != nil || got != filepath.FromSlash(c.want) {
			t.Errorf("%v: %q %v, want %q", c.env, got, err, c.want)
		}
	}
	if _, err := DefaultPath(env(nil)); err == nil {
		t.Error("no HOME and no XDG_STATE_HOME: no error")
	}
}

func TestEqualIgnoresOrder(t *testing.T) {
	a := State{Visited: []string{"b", "a"}, Answers: map[string]int{"x": 1, "y": 0}}
	b := State{Visited: []string{"a", "b", "a"}, Answers: map[string]int{"x": 1}}
	if !a.Equal(b) {
		t.Error("equal progress compares unequal")
	}
	b.Answers["x"] = 2
	if a.Equal(b) {
		t.Error("different answers compare equal")
	}
}

// These cases fail the same way for root, so CI (which may run as root) exercises them too.
func TestUnreadableAndUnwritableForAnyUser(t *testing.T) {
	dir := t.TempDir()
	// A directory where the file should be: it cannot be read as a file, nor replaced by one.
	path := filepath.Join(dir, FileName)
	os.MkdirAll(filepath.Join(path, "x"), 0o700)
	s, err := Load(path)
	if err == nil || !strings.Contains(err.Error(), "cannot read") || strings.Contains(err.Error(), "\n") {
		t.Errorf("load: %v", err)
	}
	if len(s.Visited) != 0 {
		t.Errorf("state = %+v", s)
	}
	if err := Save(path, sample()); err == nil || !strings.Contains(err.Error(), "cannot replace") {
		t.Errorf("save over a directory: %v", err)
	}
	// A file where the directory should be.
	blocker := filepath.Join(dir, "blocker")
	os.WriteFile(blocker, []byte("x"), 0o600)
	if err := Save(filepath.Join(blocker, "cyberid", FileName), sample()); err == nil || !strings.Contains(err.Error(), "cannot create") {
		t.Errorf("save under a file: %v", err)
	}
	// No temporary files are left behind.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// The step the learner was on is kept, so the next run can resume there; moving is progress.
func TestAtIsKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cyberid", FileName)
	s := State{Visited: []string{"b", "a"}, At: "login-a"}
	if err := Save(path, s); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.At != "login-a" || !got.Equal(s) {
		t.Errorf("loaded %+v, want at login-a", got)
	}
	if moved := (State{Visited: s.Visited, At: "login-b"}); moved.Equal(s) {
		t.Error("a move to another step is not progress")
	}
}
