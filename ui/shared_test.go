package ui

import (
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func TestSharedRendersOnce(t *testing.T) {
	s := NewShared()
	var calls atomic.Int32
	render := func() []string { calls.Add(1); return []string{"x"} }
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := s.narrative("md", mdKey{width: 80, dark: true}, render); len(got) != 1 || got[0] != "x" {
				t.Errorf("got %q", got)
			}
		}()
	}
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Fatalf("rendered %d times, want once", n)
	}
	// Another width, background or text is another rendering.
	s.narrative("md", mdKey{width: 81, dark: true}, render)
	s.narrative("md", mdKey{width: 80}, render)
	s.narrative("other", mdKey{width: 80, dark: true}, render)
	if n := calls.Load(); n != 4 {
		t.Fatalf("rendered %d times, want 4", n)
	}
	// A nil Shared renders every time.
	var none *Shared
	none.narrative("md", mdKey{width: 80, dark: true}, render)
	if n := calls.Load(); n != 5 {
		t.Fatalf("nil Shared: rendered %d times, want 5", n)
	}
}

func TestSharedModelsShowTheSameNarrative(t *testing.T) {
	s := NewShared()
	a := sized(t, 100, 30, Options{Shared: s})
	b := sized(t, 100, 30, Options{Shared: s})
	press(a, "n")
	press(b, "n")
	if fa, fb := a.Frame(), b.Frame(); fa != fb || !strings.Contains(fa, "Step 2 of") {
		t.Fatalf("models sharing renderings differ or did not move:\n%s\n---\n%s", fa, fb)
	}
	own := sized(t, 100, 30, Options{})
	press(own, "n")
	if own.Frame() != a.Frame() {
		t.Fatalf("a shared rendering differs from the model's own")
	}
}

// A model's own cache stays bounded however many widths a window is dragged through, and it still
// answers for the current one.
func TestOwnCacheBounded(t *testing.T) {
	m := New(walkthrough(t), Options{})
	for w := MinWidth; w <= 240; w++ {
		m.Update(tea.WindowSizeMsg{Width: w, Height: 40})
		m.Update(keyMsg("right"))
		m.View()
	}
	if n := len(m.shared.md); n > maxOwn || n == 0 {
		t.Errorf("the model keeps %d renderings, want 1..%d", n, maxOwn)
	}
	before := m.Frame()
	m.shared = newShared(maxOwn) // forget everything: the frame must come out the same
	m.laidOut = layoutKey{}
	m.layout()
	if m.Frame() != before {
		t.Error("a frame drawn from the cache differs from one drawn afresh")
	}
}

// Two models on one Shared with different themes each get their own rendering of a narrative: high
// contrast underlines the markers that the dark theme colours.
func TestSharedKeepsThemesApart(t *testing.T) {
	s := NewShared()
	dark := sized(t, 120, 40, Options{Shared: s, Theme: ThemeDark})
	hc := sized(t, 120, 40, Options{Shared: s, Theme: ThemeHighContrast})
	md := dark.Pages()[0].Narrative
	if a, b := dark.narrativeLines(md, 80), hc.narrativeLines(md, 80); strings.Join(a, "\n") == strings.Join(b, "\n") {
		t.Error("the high-contrast model was given the dark theme's narrative")
	}
}

// runToEnd runs a command and the commands of any batch it returns, however long they take.
func runToEnd(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	if batch, ok := cmd().(tea.BatchMsg); ok {
		for _, c := range batch {
			runToEnd(c)
		}
	}
}

// After a move, the steps on either side are rendered in a command, so that the next key finds its
// narrative in the Shared; a move that changes nothing on screen starts no rendering.
func TestNeighboursRenderedAhead(t *testing.T) {
	m := sized(t, 120, 40, Options{Start: 3})
	_, cmd := m.Update(keyMsg("right"))
	runToEnd(cmd)
	k := mdKey{width: m.narrativeWidth(), dark: m.st.dark, hc: m.st.highContrast, plain: m.st.plain}
	for _, i := range []int{3, 5} {
		m.shared.mu.Lock()
		_, ok := m.shared.md[sharedKey{md: m.pages[i].Narrative, mdKey: k}]
		m.shared.mu.Unlock()
		if !ok {
			t.Errorf("step %d's narrative was not rendered ahead", i+1)
		}
	}
	if _, cmd := m.Update(keyMsg("j")); cmd != nil {
		t.Error("scrolling, which lays nothing out again, started a rendering")
	}
}
