package ui

import "sync"

// Shared keeps rendering work (narratives and pane lines) for models to reuse. The SSH server gives
// one to every session, so that a hundred students on the same step and width cost one rendering
// instead of a hundred; a model given none makes a smaller one of its own. It is safe for concurrent
// use.
type Shared struct {
	mu    sync.Mutex
	md    map[any]*sharedEntry // keyed by sharedKey (narratives) or paneKey (pane lines)
	order []any                // oldest first, for eviction
	max   int                  // entries kept
}

// sharedKey names a rendering by its Markdown text, so that pages rebuilt under other assumptions can
// never be given another page's narrative.
type sharedKey struct {
	md string
	mdKey
}

type sharedEntry struct {
	done  chan struct{}
	lines []string
}

// maxShared bounds a server's cache: every step's narrative and three panes at a few widths and
// both backgrounds. The oldest entry goes first.
const maxShared = 512

// maxOwn bounds a model's own cache: every step's panes and narrative at about two widths, so that
// dragging a window's edge through many widths does not keep them all.
const maxOwn = 128

// NewShared returns an empty cache for models to share.
func NewShared() *Shared { return newShared(maxShared) }

func newShared(max int) *Shared { return &Shared{md: map[any]*sharedEntry{}, max: max} }

// paneKey names one pane's lines. The page's step id and the identifier assumption say which page;
// the rest says how it was drawn.
type paneKey struct {
	step       string
	assumption int
	pane       int
	width      int
	theme      Theme
	dark       bool
}

// narrative returns the rendering for the key, calling render only if no model has rendered it yet
// (a nil Shared always calls it);
// models asking while it renders wait for it instead of rendering it again. Callers must not modify
// the lines.
func (s *Shared) narrative(md string, k mdKey, render func() []string) []string {
	if s == nil {
		return render()
	}
	return s.get(sharedKey{md: md, mdKey: k}, render)
}

// get returns the lines cached under k, rendering them once if no model has yet.
func (s *Shared) get(k any, render func() []string) []string {
	if s == nil {
		return render()
	}
	s.mu.Lock()
	if e, ok := s.md[k]; ok {
		s.mu.Unlock()
		<-e.done
		return e.lines
	}
	e := &sharedEntry{done: make(chan struct{})}
	s.md[k] = e
	s.order = append(s.order, k)
	for len(s.order) > s.max {
		delete(s.md, s.order[0])
		s.order = s.order[1:]
	}
	s.mu.Unlock()
	defer close(e.done)
	e.lines = render()
	return e.lines
}
