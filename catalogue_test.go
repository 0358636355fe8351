package main

import (
	"bytes"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cyberid/cyberid/export"
	"github.com/cyberid/cyberid/ui"
	"github.com/cyberid/cyberid/words"
)

// The screens and every handout name the panes and the appendices with the catalogue's words, so
// that they cannot drift apart.
func TestScreensAndHandoutsShareTheirWords(t *testing.T) {
	w, err := loadContent("")
	if err != nil {
		t.Fatal(err)
	}
	m := ui.New(w, ui.Options{})
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 50})
	frame := ansi.Strip(m.Frame())
	for _, title := range words.PaneTitles {
		if !strings.Contains(frame, title) {
			t.Errorf("the screen has no pane %q", title)
		}
	}
	for _, format := range []string{"md", "html", "txt"} {
		var b bytes.Buffer
		if err := export.Write(&b, w, format, export.Options{}); err != nil {
			t.Fatal(err)
		}
		text := b.String()
		if format == "txt" {
			text = strings.ToLower(text)
		}
		for _, want := range append(words.PaneTitles[:], words.HandoutTitle, words.Disagreements, words.Glossary,
			words.Sources, words.Citations, words.LinksTitle) {
			if format == "txt" {
				want = strings.ToLower(want)
			}
			if !strings.Contains(text, want) {
				t.Errorf("the %s handout lacks %q", format, want)
			}
		}
	}
}
