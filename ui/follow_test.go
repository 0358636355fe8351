package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

func TestFollowKeyDisabledByDefault(t *testing.T) {
	m := sized(t, 100, 30, Options{})
	if cmd := press(m, "f"); cmd != nil {
		t.Fatalf("f without OnFollow returned a command")
	}
	footer := ansi.Strip(m.footer())
	if strings.Contains(footer, "follow") {
		t.Fatalf("footer offers f without OnFollow: %q", footer)
	}
	press(m, "?")
	if strings.Contains(ansi.Strip(m.Frame()), "follow") {
		t.Fatalf("help screen lists f without OnFollow")
	}
}

func TestFollowKeyCallsOnFollow(t *testing.T) {
	calls := 0
	m := sized(t, 140, 30, Options{OnFollow: func() tea.Cmd {
		calls++
		return func() tea.Msg { return StatusMsg("exploring: f to follow again") }
	}})
	if footer := ansi.Strip(m.footer()); !strings.Contains(footer, "f follow") {
		t.Fatalf("footer does not offer f: %q", footer)
	}
	cmd := press(m, "f")
	if calls != 1 || cmd == nil {
		t.Fatalf("f: OnFollow called %d times, command %v", calls, cmd)
	}
	m.Update(cmd())
	if footer := ansi.Strip(m.footer()); !strings.HasPrefix(footer, "exploring: f to follow again") {
		t.Fatalf("status not shown: %q", footer)
	}
}
