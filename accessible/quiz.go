package accessible

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/progress"
)

// quizState is one chapter's questions being asked, one at a time.
type quizState struct {
	chapter string
	qs      []content.Question
	i       int // the question being asked
}

func (q *quizState) current() (content.Question, bool) {
	if q == nil || q.i >= len(q.qs) {
		return content.Question{}, false
	}
	return q.qs[q.i], true
}

// choicePrompt asks for one of n choices.
func choicePrompt(n int) string {
	if n == 2 {
		return "Enter 1 or 2"
	}
	return fmt.Sprintf("Enter a number between 1 and %d", n)
}

// narrowPrompt is the prompt for a choice where the full one leaves no room to type (a braille
// display of 20 cells): the question's line before it has said what to enter.
func narrowPrompt(n int) string { return fmt.Sprintf("1 to %d: ", n) }

func (s *session) question(id string) (content.Question, bool) {
	for _, q := range s.w.Questions {
		if q.ID == id {
			return q, true
		}
	}
	return content.Question{}, false
}

// startQuiz asks the questions of the current step's chapter, from the first not yet answered; when
// all are answered it says the score. afresh clears the chapter's answers first.
func (s *session) startQuiz(afresh bool) {
	ch := s.pages[s.step].Step.Chapter
	qs := s.w.ChapterQuestions(ch)
	if len(qs) == 0 {
		s.sayf("The chapter %s has no questions. Type contents to find a chapter that has.", ch)
		return
	}
	if afresh {
		for _, q := range qs {
			delete(s.answers, q.ID)
		}
		s.save()
	}
	qz := &quizState{chapter: ch, qs: qs, i: len(qs)}
	for i, q := range qs {
		if _, ok := s.answers[q.ID]; !ok {
			qz.i = i
			break
		}
	}
	if qz.i == len(qs) {
		s.score(qz)
		return
	}
	s.sayf("Check your understanding: the chapter %s has %s. Answer each with its number; type back to "+
		"set them aside.", ch, plural(len(qs), "question"))
	s.quiz = qz
	s.ask()
}

// ask says the current question and its numbered choices.
func (s *session) ask() {
	q, _ := s.quiz.current()
	s.blank()
	s.sayf("Question %d of %d: %s", s.quiz.i+1, len(s.quiz.qs), q.Prompt)
	for k, c := range q.Choices {
		s.sayf("%d. %s", k+1, c)
	}
}

// answerLine takes a line typed while a question is asked. Anything but a choice, back or quit is
// answered with what can be typed, and the question stays.
func (s *session) answerLine(line string) (quit bool) {
	q, _ := s.quiz.current()
	text := strings.ToLower(strings.TrimSpace(line))
	switch text {
	case "":
		s.sayf("Nothing was typed. %s, or back to set the questions aside.", choicePrompt(len(q.Choices)))
		return false
	case "q", "quit", "exit":
		s.say("Goodbye.")
		return true
	case "b", "back", "stop":
		s.quiz = nil
		s.say("The questions are set aside; type quiz to come back to them.")
		s.commands()
		return false
	case "r", "repeat", "again":
		s.ask()
		return false
	case "h", "help", "?":
		s.sayf("%s: the number of the answer you choose. back sets the questions aside; repeat says the "+
			"question again; quit leaves.", choicePrompt(len(q.Choices)))
		return false
	}
	n, err := strconv.Atoi(text)
	if err != nil || n < 1 || n > len(q.Choices) {
		s.sayf("%q is not one of the choices. %s, or back to set the questions aside.", shorten(clean(line)), choicePrompt(len(q.Choices)))
		return false
	}
	s.answers[q.ID] = n
	s.save()
	s.blank()
	s.feedback(q, n)
	s.quiz.i++
	if s.quiz.i < len(s.quiz.qs) {
		s.ask()
		return false
	}
	s.blank()
	s.score(s.quiz)
	s.quiz = nil
	s.commands()
	return false
}

// feedback says right or wrong, why, and the quotes that settle it.
func (s *session) feedback(q content.Question, chosen int) {
	if q.Correct(chosen) {
		s.say("Right.")
	} else {
		s.sayf("Not quite. The answer is %d: %s", q.Answer, q.Choices[q.Answer-1])
	}
	s.say(q.Explanation)
	for i, id := range q.Cite {
		if i == 0 {
			s.say("What settles it:")
		}
		s.blank()
		s.cite(s.num.Of(id), s.w.Cite(id))
	}
}

// score says a chapter's score and each question's result, and where to go next.
func (s *session) score(qz *quizState) {
	total, answered, right := progress.Score(qz.qs, s.answers)
	s.sayf("Your score on the chapter %s: %d of %d right (%d answered).", qz.chapter, right, total, answered)
	for k, q := range qz.qs {
		result := "not answered"
		if c, ok := s.answers[q.ID]; ok {
			result = "wrong"
			if q.Correct(c) {
				result = "right"
			}
		}
		s.sayf("Question %d, %s: %s", k+1, result, q.Prompt)
	}
	next := "Type quiz again to answer them afresh."
	chapters := s.w.Chapters()
	if i := indexOf(chapters, qz.chapter); i >= 0 && i+1 < len(chapters) {
		first := s.w.LastStepOf(qz.chapter) + 1
		next += fmt.Sprintf(" The next chapter, %s, starts at step %d: type %d to go there.", chapters[i+1], first+1, first+1)
	}
	s.say(next)
}
