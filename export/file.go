package export

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrExists is returned by WriteFile when the file is already there and replacing it was not asked for.
var ErrExists = errors.New("already exists")

// WriteFile writes a file atomically: write fills a temporary file in the same directory, which then
// takes the file's name in one step, so a reader never sees half a handout and a failed write leaves
// any old file as it was. Without force an existing file is never replaced, not even by a file that
// appears while we write.
func WriteFile(path string, force bool, write func(io.Writer) error) (err error) {
	old, statErr := os.Stat(path)
	switch {
	case statErr == nil && old.IsDir():
		return fmt.Errorf("%s is a directory: give a file name", path)
	case statErr == nil && !force:
		return fmt.Errorf("%s %w: use --force to replace it", path, ErrExists)
	case statErr != nil && !errors.Is(statErr, fs.ErrNotExist):
		return statErr
	}
	mode := fs.FileMode(0o644)
	if statErr == nil {
		mode = old.Mode().Perm() // replacing: keep the file's permissions
	}

	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = write(tmp); err != nil {
		return err
	}
	if err = tmp.Chmod(mode); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if force {
		return os.Rename(tmp.Name(), path)
	}
	// A hard link fails if the name is taken, so a file created since the check above survives.
	if linkErr := os.Link(tmp.Name(), path); linkErr == nil {
		os.Remove(tmp.Name())
		return nil
	} else if errors.Is(linkErr, fs.ErrExist) {
		err = fmt.Errorf("%s %w: use --force to replace it", path, ErrExists)
		return err
	}
	// No hard links on this file system: check once more, then rename.
	if _, statErr := os.Lstat(path); statErr == nil {
		err = fmt.Errorf("%s %w: use --force to replace it", path, ErrExists)
		return err
	}
	return os.Rename(tmp.Name(), path)
}
