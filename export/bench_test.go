package export

import (
	"io"
	"testing"
)

// BenchmarkExport writes the whole walkthrough in each format, lesson pages included. The target is
// at most 100 ms per handout.
func BenchmarkExport(b *testing.B) {
	w := load(b)
	for _, f := range Formats() {
		b.Run(f, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := Write(io.Discard, w, f, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
