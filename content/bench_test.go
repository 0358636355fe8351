package content

import "testing"

// BenchmarkLoad is what start-up waits for: every file parsed and checked.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}
