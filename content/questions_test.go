package content

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

const questionsFixture = `chapter: Start
questions:
  - id: q-one
    prompt: "Which is right?"
    choices:
      - "This one"
      - "That one"
    answer: 2
    explanation: "Because."
    cite: [q1]
  - id: q-two
    prompt: "True or false?"
    choices: ["True", "False"]
    answer: 1
    explanation: "It is true."
    cite: [q2]
`

func questionsFS() fstest.MapFS {
	fsys := fixture()
	fsys["questions/01-start.yaml"] = &fstest.MapFile{Data: []byte(questionsFixture)}
	return fsys
}

func TestQuestionsLoad(t *testing.T) {
	w, err := LoadFS(questionsFS())
	if err != nil {
		t.Fatal(err)
	}
	qs := w.ChapterQuestions("Start")
	if len(qs) != 2 || qs[0].ID != "q-one" || qs[1].Chapter != "Start" {
		t.Fatalf("questions = %+v", qs)
	}
	if qs[0].Line != 3 || qs[1].Line != 11 || qs[0].File != "questions/01-start.yaml" {
		t.Errorf("lines %d, %d; file %q", qs[0].Line, qs[1].Line, qs[0].File)
	}
	if !qs[0].Correct(2) || qs[0].Correct(1) || qs[0].Correct(0) {
		t.Error("Correct does not count choices from 1")
	}
	if got := strings.Join(w.Chapters(), ","); got != "Start" {
		t.Errorf("chapters = %s", got)
	}
	if w.LastStepOf("Start") != 1 || w.LastStepOf("Nope") != -1 {
		t.Errorf("LastStepOf = %d, %d", w.LastStepOf("Start"), w.LastStepOf("Nope"))
	}
	// Without a questions folder the walkthrough still loads.
	if w, err := LoadFS(fixture()); err != nil || len(w.Questions) != 0 {
		t.Errorf("no questions folder: %v, %d questions", err, len(w.Questions))
	}
}

func TestBadQuestionFiles(t *testing.T) {
	cases := []struct {
		name, old, new, want string
	}{
		{"unknown chapter", "chapter: Start", "chapter: Finish", `questions/01-start.yaml:1: unknown chapter "Finish" (chapters: Start)`},
		{"no chapter", "chapter: Start\n", "", `questions/01-start.yaml:1: a questions file starts with the chapter`},
		{"no correct answer", "    answer: 2\n", "", `questions/01-start.yaml:3: question "q-one" has no correct answer`},
		{"answer out of range", "answer: 2", "answer: 3", `questions/01-start.yaml:8: question "q-one": answer 3 is out of range (choices 1 to 2)`},
		{"negative answer", "answer: 1", "answer: -1", `questions/01-start.yaml:14: question "q-two": answer -1 is out of range`},
		{"unknown quote", "cite: [q2]", "cite: [q9]", `questions/01-start.yaml:16: question "q-two" cites unknown quote "q9"`},
		{"no cite", "    cite: [q1]\n", "", `questions/01-start.yaml:3: question "q-one" needs a cite`},
		{"empty prompt", `prompt: "Which is right?"`, `prompt: ""`, `questions/01-start.yaml:4: question "q-one" has an empty prompt`},
		{"blank prompt", `prompt: "True or false?"`, `prompt: "   "`, `questions/01-start.yaml:12: question "q-two" has an empty prompt`},
		{"one choice", `choices: ["True", "False"]`, `choices: ["True"]`, `questions/01-start.yaml:13: question "q-two" needs at least two choices`},
		{"empty choice", `"That one"`, `""`, `questions/01-start.yaml:5: question "q-one": choice 2 is empty`},
		{"no explanation", "    explanation: \"Because.\"\n", "", `questions/01-start.yaml:3: question "q-one" needs an explanation`},
		{"duplicate id", "id: q-two", "id: q-one", `questions/01-start.yaml:11: duplicate question id "q-one" (first in questions/01-start.yaml:3)`},
		{"bad id", "id: q-two", "id: Q_Two", `questions/01-start.yaml:11: question id "Q_Two"`},
		{"unknown field", "    answer: 2\n", "    answer: 2\n    hint: no\n", `questions/01-start.yaml:9: field hint not found`},
		{"answer not a number", "answer: 2", "answer: B", `questions/01-start.yaml:8: cannot unmarshal`},
		{"no questions", questionsFixture[len("chapter: Start\n"):], "questions: []\n", `questions/01-start.yaml:1: no questions`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			requireLoadError(t, questionsFS(), "questions/01-start.yaml", c.old, c.new, c.want)
		})
	}
}

func TestDuplicateQuestionIDAcrossFiles(t *testing.T) {
	fsys := questionsFS()
	fsys["questions/02-more.yaml"] = &fstest.MapFile{Data: []byte(questionsFixture)}
	_, err := LoadFS(fsys)
	if err == nil || !strings.Contains(err.Error(), `questions/02-more.yaml:3: duplicate question id "q-one" (first in questions/01-start.yaml:3)`) {
		t.Errorf("err = %v", err)
	}
}

// Every chapter of the embedded walkthrough ends with two to four questions, each of whose answers is
// settled by quotes that resolve.
func TestEveryChapterHasQuestions(t *testing.T) {
	w := mustLoad(t)
	for _, ch := range w.Chapters() {
		n := len(w.ChapterQuestions(ch))
		if n < 2 || n > 4 {
			t.Errorf("chapter %q has %d questions, want 2 to 4", ch, n)
		}
	}
	for _, q := range w.Questions {
		if len(q.Cite) == 0 {
			t.Errorf("question %s cites nothing", q.ID)
		}
		for _, id := range q.Cite {
			c := w.Cite(id)
			if c.Quote.ID != id || c.Source.ID == "" {
				t.Errorf("question %s: cite %q does not resolve to a quote and its source", q.ID, id)
			}
		}
		if q.Answer < 1 || q.Answer > len(q.Choices) {
			t.Errorf("question %s: answer %d out of range", q.ID, q.Answer)
		}
	}
}

// The quotes a question cites are verbatim in their sources: the same check as TestQuotesAreVerbatim,
// limited to what the questions use, so that a question can never rest on an invented quote.
func TestQuestionQuotesAreVerbatim(t *testing.T) {
	if _, err := os.Stat(sharedDir); err != nil {
		t.Skipf("skipping: %s is not here, so the quotes cannot be checked against the articles", sharedDir)
	}
	w := mustLoad(t)
	problems, _ := CheckVerbatim(w, os.DirFS(sharedDir), sharedText)
	checked := 0
	for _, q := range w.Questions {
		for _, id := range q.Cite {
			quote := w.Cite(id).Quote
			for _, p := range problems {
				if p.File == "quotes.yaml" && p.Line == quote.Line {
					t.Errorf("question %s (%s:%d) cites %s: %s", q.ID, q.File, q.Line, id, p.Msg)
				}
			}
			checked++
		}
	}
	if checked == 0 {
		t.Error("no question quote was checked")
	}
}
