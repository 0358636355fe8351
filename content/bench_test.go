package content

import "testing"

// BenchmarkLoad is what start-up waits for: the snapshot, decoded and checked against the files.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadFiles is loading from the files themselves, as after an edit and in go generate.
func BenchmarkLoadFiles(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadFS(embedded); err != nil {
			b.Fatal(err)
		}
	}
}
