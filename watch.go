package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/fsnotify/fsnotify"

	"github.com/cyberid/cyberid/ui"
)

// watchSettle is how long the files must stay unchanged before they are reloaded: an editor's save is
// often several events (a temporary file, a rename, a write), and a half-saved file must not be read.
const watchSettle = 150 * time.Millisecond

// watchContent reloads the content folder dir whenever a file in it changes, and sends the model the
// new walkthrough, or why the files do not load (ui.ContentMsg). It watches dir and every folder in
// it (steps/, questions/), adding folders as they appear, and returns when ctx ends.
func watchContent(ctx context.Context, dir string, send func(tea.Msg)) error {
	watcher, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer watcher.Close()
	if err := watchTree(watcher, dir); err != nil {
		return err
	}
	var settle <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-watcher.Events:
			if !ok {
				return nil
			}
			if ev.Op == fsnotify.Chmod {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					_ = watchTree(watcher, ev.Name)
				}
			}
			settle = time.After(watchSettle)
		case err, ok := <-watcher.Errors:
			if !ok {
				return nil
			}
			send(ui.ContentMsg{Err: err})
		case <-settle:
			settle = nil
			w, err := loadContent(dir)
			send(ui.ContentMsg{Walkthrough: w, Err: err})
		}
	}
}

// watchTree watches dir and the folders under it.
func watchTree(watcher *fsnotify.Watcher, dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == dir {
				return err
			}
			return nil
		}
		if !d.IsDir() {
			return nil
		}
		if err := watcher.Add(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	})
}
