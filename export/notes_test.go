package export

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/lesson"
)

// TestWithNotesEveryFormat: --with-notes puts every step's notes, with their citation numbers, in
// every format; without it, none.
func TestWithNotesEveryFormat(t *testing.T) {
	w, err := content.Load()
	if err != nil {
		t.Fatal(err)
	}
	num := lesson.Number(w)
	for _, f := range Formats() {
		for _, with := range []bool{false, true} {
			var b bytes.Buffer
			if err := Write(&b, w, f, Options{WithNotes: with}); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if f == "json" {
				var v any
				if err := json.Unmarshal(b.Bytes(), &v); err != nil {
					t.Fatalf("json with notes %v: %v", with, err)
				}
			}
			if got := strings.Contains(out, notesTitle) || strings.Contains(out, strings.ToUpper(notesTitle)); got != with && f != "json" {
				t.Errorf("%s, with notes %v: notes heading present %v", f, with, got)
			}
			for _, st := range w.Steps {
				for _, n := range st.Notes {
					// The first words, as every format writes them (HTML escapes quotation marks).
					head := strings.Fields(n.Text)
					probe := strings.Join(head[:min(8, len(head))], " ")
					if strings.ContainsAny(probe, "\"'&<>") {
						continue
					}
					if got := strings.Contains(strings.Join(strings.Fields(out), " "), probe); got != with {
						t.Errorf("%s, with notes %v: step %s note %q present %v", f, with, st.ID, probe, got)
					}
					if mark := lesson.MarkText(num.Marks(n.Cite)); with && mark != "" && f != "html" && !strings.Contains(out, mark) && !strings.Contains(out, mdText(mark)) {
						t.Errorf("%s: step %s note lacks its mark %s", f, st.ID, mark)
					}
				}
			}
		}
	}
}
