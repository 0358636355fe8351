package ui

import (
	"errors"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/cyberid/cyberid/content"
)

// What the terminal says while the walkthrough loads (its size, keys typed ahead) reaches the
// walkthrough's model once it has loaded, in order.
func TestLoadingHandsOver(t *testing.T) {
	w := walkthrough(t)
	l := NewLoading(func() (*content.Walkthrough, Options, error) { return w, Options{Start: 2}, nil })
	loaded := l.Init()()
	for _, msg := range []tea.Msg{tea.WindowSizeMsg{Width: 100, Height: 30}, keyMsg("right")} {
		if next, _ := l.Update(msg); next != l {
			t.Fatalf("%T before the walkthrough loaded: the model changed", msg)
		}
	}
	if v := l.View(); !v.AltScreen {
		t.Error("while loading, the screen is not the alternate one")
	}
	next, cmd := l.Update(loaded)
	m, ok := next.(*Model)
	if !ok {
		t.Fatalf("after loading the model is %T, want *Model", next)
	}
	if cmd == nil {
		t.Error("the walkthrough's Init command was dropped")
	}
	if m.width != 100 || m.height != 30 {
		t.Errorf("size %d×%d, want the 100×30 that came while loading", m.width, m.height)
	}
	if m.Step() != 3 {
		t.Errorf("step %d, want 3: the start step 2, then the key typed ahead", m.Step())
	}
	if l.Err() != nil {
		t.Errorf("Err() = %v after a good load", l.Err())
	}
}

// A walkthrough that does not load ends the program, and Err says why.
func TestLoadingFails(t *testing.T) {
	bad := errors.New("content is not valid")
	l := NewLoading(func() (*content.Walkthrough, Options, error) { return nil, Options{}, bad })
	next, cmd := l.Update(l.Init()())
	if next != l || cmd == nil {
		t.Fatalf("after a failed load: model %T, command %v", next, cmd)
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Error("a failed load does not quit")
	}
	if !errors.Is(l.Err(), bad) {
		t.Errorf("Err() = %v, want %v", l.Err(), bad)
	}
}
