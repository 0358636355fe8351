package content

// A teacher's own copy of the content: the built-in files written out, and read back from a folder.

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// TeacherReadme is the README.md that `cyberid content init` writes beside the copied files: how to
// edit them, in a teacher's words rather than a developer's.
//
//go:embed teacher-readme.md
var TeacherReadme []byte

// Files is the built-in content as files, laid out as LoadFS reads them: what `content init` copies.
func Files() fs.FS { return embedded }

// FileNames lists the built-in content's files, in the order `content init` writes them.
func FileNames() []string {
	var names []string
	// The embedded tree is fixed at build time; walking it cannot fail.
	_ = fs.WalkDir(embedded, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	slices.Sort(names)
	return names
}

// LoadDir loads a walkthrough from a folder laid out like content/ (as `content init` writes it).
// Every problem names its file under dir, so that an editor can jump to it. A dir that is missing or
// not a folder is one problem, not a list of missing files.
func LoadDir(dir string) (*Walkthrough, error) {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("content folder %s does not exist (make one with: cyberid content init %s)", dir, dir)
	case err != nil:
		return nil, fmt.Errorf("content folder %s: %w", dir, errors.Unwrap(err))
	case !info.IsDir():
		return nil, fmt.Errorf("content folder %s is a file, not a folder", dir)
	}
	w, err := LoadFS(os.DirFS(dir))
	var cerr *Error
	if errors.As(err, &cerr) {
		return nil, cerr.In(dir)
	}
	return w, err
}

// In returns the same problems with their files named under dir.
func (e *Error) In(dir string) *Error {
	out := &Error{Problems: make([]Problem, len(e.Problems))}
	for i, p := range e.Problems {
		p.File = filepath.Join(dir, filepath.FromSlash(p.File))
		out.Problems[i] = p
	}
	return out
}
