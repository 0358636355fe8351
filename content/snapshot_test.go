package content

import (
	"flag"
	"os"
	"reflect"
	"testing"
	"testing/fstest"
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
		t.Fatal("snapshot.gob is stale (the content files changed): run go generate ./content")
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
	edited := fstest.MapFS{}
	for k, v := range files {
		edited[k] = v
	}
	f := *edited["glossary.yaml"]
	f.Data = append(append([]byte{}, f.Data...), '\n')
	edited["glossary.yaml"] = &f
	if _, ok := fromSnapshot(snapshotGob, edited); ok {
		t.Error("a snapshot is used after a file changed by one byte")
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
