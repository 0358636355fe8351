package content

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Question is one "check your understanding" question at the end of a chapter: multiple choice, or
// true/false written as the two choices True and False.
type Question struct {
	ID      string   `yaml:"id"`
	Prompt  string   `yaml:"prompt"`
	Choices []string `yaml:"choices"`
	// Answer is the correct choice, counting from 1 as a reader does ("the second one").
	Answer      int      `yaml:"answer"`
	Explanation string   `yaml:"explanation"` // our words: why the answer is right
	Cite        []string `yaml:"cite"`        // the quotes that settle it
	Chapter     string   `yaml:"-"`           // from the file's chapter
	File        string   `yaml:"-"`
	Line        int      `yaml:"-"`
}

// Correct reports whether choice (counting from 1) is the right answer.
func (q Question) Correct(choice int) bool { return choice == q.Answer }

// questionFile is one file under questions/: the questions for one chapter.
type questionFile struct {
	Chapter   string     `yaml:"chapter"`
	Questions []Question `yaml:"questions"`
}

// loadQuestions reads questions/*.yaml. The folder is optional; a file in it is checked like a step:
// its chapter must exist, every question needs a prompt, two or more choices, a correct answer among
// them, an explanation and a cite that resolves.
func (l *loader) loadQuestions() {
	entries, err := fs.ReadDir(l.fsys, "questions")
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			l.fail("questions/", 0, "cannot read the questions folder: %v", errors.Unwrap(err))
		}
		return
	}
	var names []string
	for _, e := range entries {
		// A name starting with a dot is an editor's lock or swap file, not content.
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".yaml") && !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	chapters := map[string]bool{}
	for _, st := range l.w.Steps {
		chapters[st.Chapter] = true
	}
	seen := map[string]int{}
	seenFile := map[string]string{}
	for _, name := range names {
		file := path.Join("questions", name)
		data := l.read(file)
		if data == nil {
			continue
		}
		var doc questionFile
		root := l.decodeYAML(file, data, 0, &doc)
		if root == nil {
			continue
		}
		chapterLine := keyLine(mappingOf(root), "chapter")
		switch {
		case strings.TrimSpace(doc.Chapter) == "":
			l.fail(file, 1, "a questions file starts with the chapter it checks (chapter: …)")
		case !chapters[doc.Chapter]:
			l.fail(file, chapterLine, "unknown chapter %q (chapters: %s)", doc.Chapter, strings.Join(l.w.Chapters(), ", "))
		}
		if len(doc.Questions) == 0 {
			l.fail(file, 1, "no questions")
		}
		nodes := seqOf(root, "questions")
		for i, q := range doc.Questions {
			var n *yaml.Node
			if i < len(nodes) {
				n = nodes[i]
				q.Line = n.Line
			}
			q.File, q.Chapter = file, doc.Chapter
			l.checkQuestion(&q, n, seen, seenFile)
			l.w.Questions = append(l.w.Questions, q)
		}
	}
}

func (l *loader) checkQuestion(q *Question, n *yaml.Node, seen map[string]int, seenFile map[string]string) {
	f := q.File
	at := func(key string) int {
		if line := keyLine(n, key); line > 0 {
			return line
		}
		return q.Line
	}
	switch {
	case q.ID == "":
		l.fail(f, q.Line, "question has no id")
	case !idPattern.MatchString(q.ID):
		l.fail(f, q.Line, "question id %q: use lower-case letters, digits and dashes", q.ID)
	default:
		if first, dup := seen[q.ID]; dup {
			l.fail(f, q.Line, "duplicate question id %q (first in %s:%d)", q.ID, seenFile[q.ID], first)
		} else {
			seen[q.ID], seenFile[q.ID] = q.Line, f
		}
	}
	if strings.TrimSpace(q.Prompt) == "" {
		l.fail(f, at("prompt"), "question %q has an empty prompt", q.ID)
	}
	if len(q.Choices) < 2 {
		l.fail(f, at("choices"), "question %q needs at least two choices (True and False for a true/false question)", q.ID)
	}
	for i, c := range q.Choices {
		if strings.TrimSpace(c) == "" {
			l.fail(f, at("choices"), "question %q: choice %d is empty", q.ID, i+1)
		}
	}
	switch {
	case q.Answer == 0:
		l.fail(f, q.Line, "question %q has no correct answer (answer: the number of the right choice, from 1)", q.ID)
	case len(q.Choices) >= 2 && (q.Answer < 1 || q.Answer > len(q.Choices)):
		l.fail(f, at("answer"), "question %q: answer %d is out of range (choices 1 to %d)", q.ID, q.Answer, len(q.Choices))
	}
	if strings.TrimSpace(q.Explanation) == "" {
		l.fail(f, at("explanation"), "question %q needs an explanation", q.ID)
	}
	if len(q.Cite) == 0 {
		l.fail(f, q.Line, "question %q needs a cite: the quote that settles it", q.ID)
	}
	l.checkCites(f, at("cite"), fmt.Sprintf("question %q", q.ID), q.Cite)
}

// Chapters lists the chapters in the order the steps meet them.
func (w *Walkthrough) Chapters() []string {
	var out []string
	for _, st := range w.Steps {
		if !slices.Contains(out, st.Chapter) {
			out = append(out, st.Chapter)
		}
	}
	return out
}

// ChapterQuestions lists a chapter's questions in file order.
func (w *Walkthrough) ChapterQuestions(chapter string) []Question {
	var out []Question
	for _, q := range w.Questions {
		if q.Chapter == chapter {
			out = append(out, q)
		}
	}
	return out
}

// LastStepOf is the index of the last step of a chapter, or -1.
func (w *Walkthrough) LastStepOf(chapter string) int {
	last := -1
	for i, st := range w.Steps {
		if st.Chapter == chapter {
			last = i
		}
	}
	return last
}
