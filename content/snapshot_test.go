package content

import (
	"flag"
	"io/fs"
	"os"
	"reflect"
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
	fromSnap, ok := fromSnapshot(snapshotGob, embedded)
	if !ok {
		t.Fatal("snapshot.gob is stale (a content file, the loader or flow's names changed): run go generate ./content")
	}
	if !reflect.DeepEqual(fromSnap, fromFiles) {
		t.Fatal("snapshot.gob differs from what the files load to (the loader changed?): run go generate ./content")
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
	saved := flow.Items
	flow.Items = append(slices.Clone(saved), "a-new-item")
	_, ok := fromSnapshot(snapshotGob, files)
	flow.Items = saved
	if ok {
		t.Error("a snapshot is used after flow's names changed")
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
