package syncbuf

import (
	"strings"
	"sync"
	"testing"
)

// Run under -race: writers and readers at once, and nothing written is lost.
func TestConcurrentWritesAndReads(t *testing.T) {
	var b Buffer
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for range 100 {
				_, _ = b.Write([]byte("ab"))
			}
		}()
		go func() {
			defer wg.Done()
			for range 100 {
				_ = b.String()
				_ = b.Len()
			}
		}()
	}
	wg.Wait()
	if b.Len() != 8*100*2 || strings.Count(b.String(), "ab") != 800 {
		t.Errorf("got %d bytes, %d pairs; want 1600 and 800", b.Len(), strings.Count(b.String(), "ab"))
	}
}
