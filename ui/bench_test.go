package ui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/flow"
	"github.com/cyberid/cyberid/lesson"
)

// The benchmarks measure what a user waits for: start-up to the first frame, and one key's Update
// plus the View that bubbletea draws after it. Run them with
//
//	go test -run '^$' -bench . -benchmem ./ui
//
// The README's "Performance" section gives figures and the machine they come from.

var benchSizes = [][2]int{{80, 24}, {120, 40}, {200, 60}}

// BenchmarkStartup is everything between main and the first complete frame that is ours: loading and
// checking the content, building the lesson pages and the model, the first layout (which renders
// the first step's narrative) and the first View.
func BenchmarkStartup(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				w, err := content.Load()
				if err != nil {
					b.Fatal(err)
				}
				m := New(w, Options{})
				m.Update(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
				if v := m.View(); v.Content == "" {
					b.Fatal("empty first frame")
				}
			}
		})
	}
}

// The parts of start-up, so that a regression can be traced to one of them.
func BenchmarkStartupParts(b *testing.B) {
	b.Run("content.Load", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := content.Load(); err != nil {
				b.Fatal(err)
			}
		}
	})
	w := walkthrough(b)
	b.Run("lesson.Build", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			lesson.Build(w, flow.Assumptions{})
		}
	})
	b.Run("New+layout", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			m := New(w, Options{})
			m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		}
	})
}

// benchKeys sends keys in turn, each followed by the View bubbletea would draw.
func benchKeys(b *testing.B, w, h int, keys ...string) {
	m := sized(b, w, h, Options{})
	msgs := make([]tea.KeyPressMsg, len(keys))
	for i, k := range keys {
		msgs[i] = keyMsg(k)
	}
	// One pass first, so that the figures are the steady state of a session, not the first visit.
	for _, k := range msgs {
		m.Update(k)
		m.View()
	}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		m.Update(msgs[i%len(msgs)])
		if v := m.View(); v.Content == "" {
			b.Fatal("empty frame")
		}
		i++
	}
}

// BenchmarkNextPrev is a step forward or back: the work behind → and ←.
func BenchmarkNextPrev(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(b *testing.B) {
			benchKeys(b, sz[0], sz[1], "right", "right", "right", "left", "left", "left")
		})
	}
}

// BenchmarkNextFirstVisit is a step forward onto a step not shown before at this width, the case in
// which the narrative may have to be rendered while the user waits.
func BenchmarkNextFirstVisit(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(b *testing.B) {
			b.ReportAllocs()
			var m *Model
			for b.Loop() {
				if m == nil || m.Step() == len(m.pages)-1 {
					b.StopTimer()
					m = sized(b, sz[0], sz[1], Options{})
					b.StartTimer()
				}
				m.Update(keyMsg("right"))
				m.View()
			}
		})
	}
}

// BenchmarkScroll scrolls the narrative and then a pane by one line, down and back up.
func BenchmarkScroll(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(b *testing.B) {
			benchKeys(b, sz[0], sz[1], "down", "down", "up", "up", "tab", "down", "up", "shift+tab")
		})
	}
}

// BenchmarkResize alternates between two sizes: every resize re-lays out the step.
func BenchmarkResize(b *testing.B) {
	m := sized(b, 120, 40, Options{Start: 4})
	sizes := []tea.WindowSizeMsg{{Width: 80, Height: 24}, {Width: 200, Height: 60}}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		m.Update(sizes[i%2])
		m.View()
		i++
	}
}

// BenchmarkView is View alone, which bubbletea calls after every message, even ones that change
// nothing.
func BenchmarkView(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(b *testing.B) {
			m := sized(b, sz[0], sz[1], Options{Start: 5})
			b.ReportAllocs()
			for b.Loop() {
				m.View()
			}
		})
	}
}
