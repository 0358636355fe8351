// Package progress is the self-study state kept between runs: the steps a learner has visited and the
// answers they gave, by id, in one small JSON file in the user's state directory. It holds nothing
// else about the user. Saving is atomic (a temporary file renamed over the old one), so a crash never
// leaves half a file. The ui never calls this package's I/O: main loads the state and hands the ui a
// save function.
package progress

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"

	"github.com/cyberid/cyberid/content"
)

// Version is the file format's version.
const Version = 1

// FileName is the state file's name inside the state directory.
const FileName = "progress.json"

// State is everything kept: step ids and answers. The zero value is a fresh start.
type State struct {
	Version int      `json:"version"`
	Visited []string `json:"visited,omitempty"` // step ids, sorted
	// At is the id of the step the learner was on, so that the next run resumes there.
	At string `json:"at,omitempty"`
	// Answers maps a question id to the choice given, counting from 1.
	Answers map[string]int `json:"answers,omitempty"`
}

// Normalize sorts and de-duplicates the visited ids and drops empty answers, so that equal progress
// is an equal file.
func (s State) Normalize() State {
	out := State{Version: Version, At: s.At}
	v := slices.Clone(s.Visited)
	sort.Strings(v)
	out.Visited = slices.Compact(v)
	for id, c := range s.Answers {
		if id != "" && c > 0 {
			if out.Answers == nil {
				out.Answers = map[string]int{}
			}
			out.Answers[id] = c
		}
	}
	return out
}

// Equal reports whether two states hold the same progress.
func (s State) Equal(o State) bool {
	a, b := s.Normalize(), o.Normalize()
	if a.At != b.At || !slices.Equal(a.Visited, b.Visited) || len(a.Answers) != len(b.Answers) {
		return false
	}
	for k, v := range a.Answers {
		if b.Answers[k] != v {
			return false
		}
	}
	return true
}

// DefaultPath is where the state file lives: $XDG_STATE_HOME/cyberid/progress.json, or
// ~/.local/state/cyberid/progress.json. A relative XDG_STATE_HOME is ignored, as the XDG spec says.
func DefaultPath(getenv func(string) string) (string, error) {
	if dir := getenv("XDG_STATE_HOME"); dir != "" && filepath.IsAbs(dir) {
		return filepath.Join(dir, "cyberid", FileName), nil
	}
	home := getenv("HOME")
	if home == "" || !filepath.IsAbs(home) {
		return "", errors.New("no state directory: neither XDG_STATE_HOME nor HOME is set to an absolute path")
	}
	return filepath.Join(home, ".local", "state", "cyberid", FileName), nil
}

// Load reads the state file. A missing file is a fresh start, not an error. A file that cannot be read
// or parsed gives a fresh state and an error that says so in one line; the file is left alone.
func Load(path string) (State, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return State{Version: Version}, nil
	}
	if err != nil {
		return State{Version: Version}, fmt.Errorf("progress not loaded: cannot read %s: %w", path, unwrapPath(err))
	}
	var s State
	if err := json.Unmarshal(data, &s); err != nil {
		return State{Version: Version}, fmt.Errorf("progress not loaded: %s is corrupt (%v); starting afresh", path, err)
	}
	if s.Version > Version {
		return State{Version: Version}, fmt.Errorf("progress not loaded: %s is from a newer cyberid (format %d)", path, s.Version)
	}
	return s.Normalize(), nil
}

// Save writes the state atomically: to a temporary file in the same directory, synced, then renamed
// over the old file. The directory is created (0700) if needed; the file is 0600.
func Save(path string, s State) error {
	data, err := json.MarshalIndent(s.Normalize(), "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("progress not saved: cannot create %s: %w", dir, unwrapPath(err))
	}
	tmp, err := os.CreateTemp(dir, "."+FileName+".*.tmp")
	if err != nil {
		return fmt.Errorf("progress not saved: cannot write in %s: %w", dir, unwrapPath(err))
	}
	name := tmp.Name()
	fail := func(err error) error {
		tmp.Close()
		os.Remove(name)
		return fmt.Errorf("progress not saved: %w", unwrapPath(err))
	}
	if err := tmp.Chmod(0o600); err != nil {
		return fail(err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(name, path); err != nil {
		os.Remove(name)
		return fmt.Errorf("progress not saved: cannot replace %s: %w", path, unwrapPath(err))
	}
	return nil
}

// Remove deletes the state file. A missing file is not an error; removed says whether one was there.
func Remove(path string) (removed bool, err error) {
	err = os.Remove(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("cannot delete %s: %w", path, unwrapPath(err))
	}
	return true, nil
}

// unwrapPath drops the *PathError wrapper, whose text repeats the path the message already names.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Score counts questions, the answered ones and the right ones. Answers to other questions are
// ignored, so a state file from an older walkthrough scores only what still exists.
func Score(questions []content.Question, answers map[string]int) (total, answered, right int) {
	for _, q := range questions {
		total++
		if c, ok := answers[q.ID]; ok && c > 0 {
			answered++
			if q.Correct(c) {
				right++
			}
		}
	}
	return total, answered, right
}
