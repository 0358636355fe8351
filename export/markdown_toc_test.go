package export

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// The Markdown handout's contents is a list of chapters, each holding an ordered list of its steps
// numbered as the walkthrough numbers them. Read back by a CommonMark/GFM parser (goldmark, as GitHub
// renders it), not compared as text: an ordered list that starts at 2 cannot interrupt a list item's
// paragraph, so written carelessly a chapter's steps run into one line of text.
func TestMarkdownContentsIsNestedLists(t *testing.T) {
	w := load(t)
	src := render(t, w, "md", Options{})
	doc := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text.NewReader(src))

	// the list that follows the "Contents" heading
	var toc *ast.List
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && string(h.Text(src)) == "Contents" {
			if l, ok := h.NextSibling().(*ast.List); ok {
				toc = l
			}
		}
	}
	if toc == nil {
		t.Fatal("no list after the Contents heading")
	}
	steps, chapters := 0, 0
	for item := toc.FirstChild(); item != nil; item = item.NextSibling() {
		var nested *ast.List
		for c := item.FirstChild(); c != nil; c = c.NextSibling() {
			if l, ok := c.(*ast.List); ok {
				nested = l
			}
		}
		if nested == nil {
			continue // the appendices line
		}
		chapters++
		if !nested.IsOrdered() || nested.Start != steps+1 {
			t.Errorf("chapter %d: steps are not an ordered list starting at %d (ordered %v, start %d)",
				chapters, steps+1, nested.IsOrdered(), nested.Start)
		}
		for s := nested.FirstChild(); s != nil; s = s.NextSibling() {
			title := string(s.Text(src))
			if title != w.Steps[steps].Title && !strings.Contains(title, w.Steps[steps].Title) {
				t.Errorf("item %d reads %q, want the title %q", steps+1, title, w.Steps[steps].Title)
			}
			steps++
		}
	}
	if steps != len(w.Steps) {
		t.Errorf("contents lists %d steps as list items, want %d", steps, len(w.Steps))
	}
	if want := len(w.Chapters()); chapters != want {
		t.Errorf("contents has %d chapters, want %d", chapters, want)
	}
}
