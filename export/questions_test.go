package export

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/cyberid/cyberid/content"
)

func loadForQuestions(t *testing.T) *content.Walkthrough {
	t.Helper()
	w, err := content.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Questions) == 0 {
		t.Fatal("no questions in the content")
	}
	return w
}

func TestWriteQuestions(t *testing.T) {
	w := loadForQuestions(t)
	for _, format := range QuestionFormats {
		for _, withAnswers := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s_answers_%v", format, withAnswers), func(t *testing.T) {
				var buf bytes.Buffer
				if err := WriteQuestions(&buf, w, format, withAnswers); err != nil {
					t.Fatal(err)
				}
				out := buf.String()
				flat := strings.Join(strings.Fields(out), " ")
				for _, q := range w.Questions {
					prompt := q.Prompt
					switch format {
					case "md":
						prompt = mdText(prompt)
					case "html":
						prompt = esc(prompt)
					}
					if !strings.Contains(flat, strings.Join(strings.Fields(prompt), " ")) {
						t.Errorf("question %s missing", q.ID)
					}
				}
				hasKey := strings.Contains(strings.ToLower(out), "answer key")
				if hasKey != withAnswers {
					t.Errorf("answer key present %v, want %v", hasKey, withAnswers)
				}
				if withAnswers {
					// The key gives each answer's letter, numbered through the chapters.
					n := 0
					for _, ch := range w.Chapters() {
						for _, q := range w.ChapterQuestions(ch) {
							n++
							letter := choiceLetter(q.Answer)
							want := fmt.Sprintf("%d. %s (", n, letter)
							switch format {
							case "md":
								want = fmt.Sprintf("%d. **%s** (", n, letter)
							case "html": // an ordered list numbers the key: its n-th item
								var item string
								if i := strings.Index(out, `<ol class="answers">`); i >= 0 {
									if items := strings.Split(out[i:], "<li><strong>"); n < len(items) {
										item = items[n]
									}
								}
								want = letter + "</strong> ("
								if !strings.HasPrefix(item, want) {
									want = fmt.Sprintf("item %d: %s", n, want)
								}
							}
							if !strings.Contains(out, want) {
								t.Errorf("answer key lacks %q for %s", want, q.ID)
							}
							src := w.Cite(q.Cite[0]).Source
							if !strings.Contains(out, fmt.Sprintf("[S%d]", w.SourceNumber(src.ID))) {
								t.Errorf("answer key lacks the source of %s", q.ID)
							}
						}
					}
				}
				if format == "txt" {
					for i, l := range strings.Split(out, "\n") {
						if n := ansi.StringWidth(l); n > TextWidth {
							t.Errorf("line %d is %d wide: %q", i+1, n, l)
						}
					}
				}
			})
		}
	}
	if err := WriteQuestions(&bytes.Buffer{}, w, "json", true); err == nil {
		t.Error("json accepted")
	}
}

func TestChoiceLetters(t *testing.T) {
	if choiceLetter(1) != "A" || choiceLetter(4) != "D" {
		t.Errorf("letters: %s %s", choiceLetter(1), choiceLetter(4))
	}
}
