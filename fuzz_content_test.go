package main

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/export"
	"github.com/cyberid/cyberid/internal/contenttest"
)

// editFiles applies a fuzz input to a content folder: NUL-separated pairs of a file name and its new
// text. An empty text deletes the file; a new name adds one.
func editFiles(fsys fstest.MapFS, edits []byte) {
	parts := bytes.Split(edits, []byte{0})
	for i := 0; i+1 < len(parts); i += 2 {
		name := string(parts[i])
		if !fs.ValidPath(name) || name == "." {
			continue
		}
		if len(parts[i+1]) == 0 {
			delete(fsys, name)
			continue
		}
		fsys[name] = &fstest.MapFile{Data: parts[i+1]}
	}
}

// FuzzContentDir feeds the loader content folders a teacher might make, whole files changed, added
// and deleted: it loads a walkthrough that every handout can be written from, or reports problems
// each on one line as file:line: what is wrong. Never a panic, never both.
func FuzzContentDir(f *testing.F) {
	base := contenttest.Files(f, filepath.Join("testdata", "walkthrough"))
	step := string(base["steps/01-before.md"].Data)
	f.Add([]byte(""))
	f.Add([]byte("steps/01-before.md\x00" + strings.Replace(step, "[@", "[@x", 1)))
	f.Add([]byte("steps/01-before.md\x00\x00steps/99-new.md\x00" + step))
	f.Add([]byte("quotes.yaml\x00quotes: [\x00"))
	f.Add([]byte("sources.yaml\x00sources:\n  - id: a\n    tier: second\n"))
	f.Add([]byte("questions/01-x.yaml\x00chapter: Today\nquestions:\n  - id: q\n    answer: 9\n"))
	f.Add([]byte("timeline.yaml\x00timeline: {}\x00glossary.yaml\x00- 1\n- 2\n"))
	f.Add([]byte("steps/02-x.md\x00---\nid: x\n---\n\x00disagreements.yaml\x00\x00"))
	f.Fuzz(func(t *testing.T, edits []byte) {
		fsys := fstest.MapFS{}
		for k, v := range base {
			fsys[k] = v
		}
		editFiles(fsys, edits)
		w, err := content.LoadFS(fsys)
		if err != nil {
			if w != nil {
				t.Fatal("a walkthrough and an error")
			}
			var cerr *content.Error
			if !errors.As(err, &cerr) || len(cerr.Problems) == 0 {
				t.Fatalf("error %T %v is not a list of problems", err, err)
			}
			for _, p := range cerr.Problems {
				if s := p.String(); p.File == "" || p.Line < 0 || strings.Contains(s, "\n") {
					t.Fatalf("problem %q is not one line naming its file", s)
				}
			}
			return
		}
		if len(w.Steps) == 0 {
			t.Fatal("a walkthrough with no steps")
		}
		for _, format := range export.Formats() {
			if err := export.Write(io.Discard, w, format, export.Options{}); err != nil {
				t.Fatalf("%s: %v", format, err)
			}
		}
	})
}
