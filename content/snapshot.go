package content

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/gob"
	"io/fs"

	"github.com/cyberid/cyberid/flow"
)

// Start-up waits for the walkthrough, and parsing and checking its YAML takes about 6 ms, most of the
// time to the first frame. So `go generate ./content` saves the walkthrough as loaded and checked, in
// gob, with a digest of the files it came from and of the code that loaded them; decoding that takes
// under 1 ms. Load uses it only while both are exactly the same: after any edit to a content file, to
// the loader or to flow's names, Load parses the files again, so nobody sees stale content, and
// `go test ./content` says the snapshot is stale.
//
//go:generate go test -run TestSnapshotFresh -update-snapshot .
//go:embed snapshot.gob
var snapshotGob []byte

// loaderSource is the code that decides what Load makes of the files. The digest covers it, and
// flow's names, as well as the files: a snapshot made by another loader is not used either.
// TestSnapshotCoversLoader keeps this list complete.
//
//go:embed load.go questions.go scenarios.go single.go snapshot.go steps.go types.go yaml.go
var loaderSource embed.FS

// snapshot is what snapshot.gob holds.
type snapshot struct {
	Digest      [sha256.Size]byte
	Walkthrough *Walkthrough
}

// fromSnapshot decodes the snapshot if it was made from the files in fsys.
func fromSnapshot(data []byte, fsys fs.FS) (*Walkthrough, bool) {
	if len(data) == 0 {
		return nil, false
	}
	var s snapshot
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&s); err != nil || s.Walkthrough == nil {
		return nil, false
	}
	if d, err := digest(fsys, loaderSource); err != nil || d != s.Digest {
		return nil, false
	}
	s.Walkthrough.index()
	return s.Walkthrough, true
}

// encodeSnapshot makes the bytes of snapshot.gob for a walkthrough loaded from fsys.
func encodeSnapshot(w *Walkthrough, fsys fs.FS) ([]byte, error) {
	d, err := digest(fsys, loaderSource)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	err = gob.NewEncoder(&b).Encode(snapshot{Digest: d, Walkthrough: w})
	return b.Bytes(), err
}

// digest is a SHA-256 of every content file's name and contents, in a fixed order, then of the
// loader's code (loaderSource, passed in so that a test can change it) and of the names flow knows
// (which the loader checks steps against).
func digest(files, loader fs.FS) ([sha256.Size]byte, error) {
	h := sha256.New()
	add := func(path string, data []byte) {
		// The name, the length and the bytes: no two different trees hash the same stream.
		h.Write([]byte(path))
		h.Write([]byte{0, byte(len(data) >> 24), byte(len(data) >> 16), byte(len(data) >> 8), byte(len(data))})
		h.Write(data)
	}
	err := walkFiles(files, add)
	if err == nil {
		err = walkFiles(loader, func(path string, data []byte) { add("loader/"+path, data) })
	}
	names := joinNames(flow.Parties, "\n") + "\n" + joinNames(flow.Items, "\n") + "\n" + joinNames(flow.Ops, "\n")
	add("flow names", []byte(names))
	var sum [sha256.Size]byte
	copy(sum[:], h.Sum(nil))
	return sum, err
}

// walkFiles calls f with every file in fsys, in lexical order.
func walkFiles(fsys fs.FS, f func(path string, data []byte)) error {
	return fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, path)
		if err == nil {
			f(path, data)
		}
		return err
	})
}

// index rebuilds the lookups by id, which gob does not carry.
func (w *Walkthrough) index() {
	w.sourceByID = make(map[string]int, len(w.Sources))
	for i, s := range w.Sources {
		w.sourceByID[s.ID] = i
	}
	w.quoteByID = make(map[string]int, len(w.Quotes))
	for i, q := range w.Quotes {
		w.quoteByID[q.ID] = i
	}
	w.stepByID = make(map[string]int, len(w.Steps))
	for i, s := range w.Steps {
		w.stepByID[s.ID] = i
	}
}
