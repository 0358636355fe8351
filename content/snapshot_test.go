package content

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cyberid/cyberid/flow"
)

var updateSnapshot = flag.Bool("update-snapshot", false, "rewrite snapshot.gob from the content files")

// The snapshot Load starts from is exactly what the files load to. When they have changed, this
// fails until `go generate ./content` (or this test with -update-snapshot) rewrites it.
func TestSnapshotFresh(t *testing.T) {
	fromFiles, err := LoadFS(embedded)
	if err != nil {
		t.Fatal(err)
	}
	if *updateSnapshot {
		data, err := encodeSnapshot(fromFiles, embedded)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("snapshot.gob", data, 0o644); err != nil {
			t.Fatal(err)
		}
		snapshotGob = data
	}
	// The bytes, not the decoded values: gob reads an empty list back as nil, so a walkthrough with
	// one would never compare equal, even right after go generate. Its output is deterministic.
	want, err := encodeSnapshot(fromFiles, embedded)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, snapshotGob) {
		t.Fatal("snapshot.gob is stale (a content file, the loader or flow's names changed): run go generate ./content")
	}
	if _, ok := fromSnapshot(snapshotGob, embedded); !ok {
		t.Fatal("snapshot.gob is not used for the files it was made from")
	}
}

// A snapshot made from other files, or one that does not decode, is never used.
func TestSnapshotIgnoredWhenStale(t *testing.T) {
	files := fstest.MapFS{}
	if err := fsCopy(files); err != nil {
		t.Fatal(err)
	}
	if _, ok := fromSnapshot(snapshotGob, files); !ok {
		t.Fatal("the snapshot is not used for the very files it was made from")
	}
	for _, name := range []string{"glossary.yaml", "steps/01-before.md", "questions/01-today.yaml"} {
		if files[name] == nil {
			t.Fatalf("no %s to edit", name)
		}
		edited := fstest.MapFS{}
		for k, v := range files {
			edited[k] = v
		}
		f := *edited[name]
		f.Data = append(append([]byte{}, f.Data...), '\n')
		edited[name] = &f
		if _, ok := fromSnapshot(snapshotGob, edited); ok {
			t.Errorf("a snapshot is used after %s changed by one byte", name)
		}
	}
	// A name flow no longer knows (or a new one) changes what the loader accepts.
	for name, change := range map[string]func() (undo func()){
		"parties": func() func() {
			saved := flow.Parties
			flow.Parties = append(slices.Clone(saved), "a-new-party")
			return func() { flow.Parties = saved }
		},
		"items": func() func() {
			saved := flow.Items
			flow.Items = append(slices.Clone(saved), "a-new-item")
			return func() { flow.Items = saved }
		},
		"ops": func() func() {
			saved := flow.Ops
			flow.Ops = append(slices.Clone(saved), "a-new-op")
			return func() { flow.Ops = saved }
		},
	} {
		undo := change()
		_, ok := fromSnapshot(snapshotGob, files)
		undo()
		if ok {
			t.Errorf("a snapshot is used after flow's %s changed", name)
		}
	}
	// So does a change to the loader's own code.
	loader := fstest.MapFS{}
	if err := walkFiles(loaderSource, func(path string, data []byte) { loader[path] = &fstest.MapFile{Data: data} }); err != nil {
		t.Fatal(err)
	}
	before, err := digest(files, loader)
	if err != nil {
		t.Fatal(err)
	}
	if now, _ := digest(files, loaderSource); now != before {
		t.Fatal("a copy of the loader's code digests differently from the code itself")
	}
	f := *loader["steps.go"]
	f.Data = append(append([]byte{}, f.Data...), '\n')
	loader["steps.go"] = &f
	if after, _ := digest(files, loader); after == before {
		t.Error("the digest does not change when the loader's code does")
	}
	for _, bad := range [][]byte{nil, []byte("not gob"), snapshotGob[:len(snapshotGob)/2]} {
		if _, ok := fromSnapshot(bad, files); ok {
			t.Errorf("a broken snapshot (%d bytes) is used", len(bad))
		}
	}
}

func fsCopy(dst fstest.MapFS) error {
	return walkFiles(embedded, func(path string, data []byte) { dst[path] = &fstest.MapFile{Data: data} })
}

// The digest covers every file of the loader's code: a new file must join loaderSource's list.
func TestSnapshotCoversLoader(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		if _, err := fs.Stat(loaderSource, name); err != nil {
			t.Errorf("%s is not in loaderSource (snapshot.go), so a change to it would not make the snapshot stale", name)
		}
	}
}
