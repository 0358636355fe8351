package accessible

import (
	"errors"
	"fmt"
	"slices"

	"github.com/cyberid/cyberid/flow"
	"github.com/cyberid/cyberid/lesson"
	"github.com/cyberid/cyberid/progress"
)

// handle answers one typed line; it reports whether the conversation ends.
func (s *session) handle(line string) (quit bool) {
	if s.quiz != nil {
		return s.answerLine(line)
	}
	cmd, err := Parse(line)
	switch {
	case errors.Is(err, ErrEmpty):
		s.say("Nothing was typed. Type next for the next step, or help for every command.")
		return false
	case err != nil:
		s.sayf("Sorry: %s. Type help for every command.", err)
		return false
	}
	if cmd.Kind == Quit {
		s.say("Goodbye.")
		return true
	}
	s.blank()
	s.run(cmd)
	if s.quiz == nil { // a question asked waits for its answer, not a command
		s.commands()
	}
	return false
}

// run carries out a parsed command.
func (s *session) run(cmd Command) {
	switch cmd.Kind {
	case Next:
		if s.step+1 >= len(s.pages) {
			s.sayf("This is the last step, %d of %d. Type previous, a step number, or contents.", s.step+1, len(s.pages))
			return
		}
		s.goTo(s.step + 1)
	case Previous:
		if s.step == 0 {
			s.say("This is the first step. Type next, or a step number.")
			return
		}
		s.goTo(s.step - 1)
	case Goto:
		if cmd.N < 1 || cmd.N > len(s.pages) {
			s.sayf("There is no step %s: the steps are numbered 1 to %d.", numberText(cmd.N), len(s.pages))
			return
		}
		s.goTo(cmd.N - 1)
	case Repeat:
		s.showStep()
	case Contents:
		s.contents()
	case Citations:
		s.stepCitations()
	case Citation:
		s.citation(cmd.N)
	case Sources:
		s.sources()
	case Source:
		s.sourceQuotes(cmd.N)
	case Disagreements:
		s.disagreements()
	case Glossary:
		s.glossary()
	case Timeline:
		s.timeline()
	case WhatIf:
		if cmd.N == 0 {
			s.whatIfList()
		} else {
			s.whatIf(cmd.N)
		}
	case Apply:
		s.apply(cmd.N)
	case Quiz:
		s.startQuiz(false)
	case QuizAgain:
		s.startQuiz(true)
	case Search:
		s.find(cmd.Arg)
	case Follow:
		s.follow()
	case Export:
		s.exportHint()
	case Help:
		s.help()
	}
}

// numberText shows a typed number back, or says it was far too large.
func numberText(n int) string {
	if n > maxNumber {
		return "that large"
	}
	return fmt.Sprint(n)
}

// goTo makes step i the current step and says it.
func (s *session) goTo(i int) {
	s.step = i
	s.showStep()
	if s.opts.OnStep != nil {
		s.opts.OnStep(i)
	}
}

// presenterMoved tells a follower that the presenter moved and says the new step: one new line, then
// the step, never a repaint. It reports whether anything was said.
func (s *session) presenterMoved(step int, afterPrompt bool) bool {
	if step < 0 || step >= len(s.pages) {
		return false
	}
	s.presenter = step
	if !s.following {
		return false
	}
	if afterPrompt {
		s.blank()
	}
	if s.quiz != nil {
		s.quiz = nil
		s.say("The questions are set aside; type quiz to come back to them.")
	}
	s.blank()
	s.sayf("The presenter moved to step %d.", step+1)
	s.step = step
	s.showStep()
	s.commands()
	return true
}

// follow starts or stops following the presenter.
func (s *session) follow() {
	switch {
	case s.opts.Moves == nil:
		s.say("There is no presenter to follow: this is not a classroom session.")
	case s.following:
		s.following = false
		s.say("You are exploring on your own: the presenter's moves are no longer said. Type follow to follow again.")
	default:
		s.following = true
		if s.presenter < 0 {
			s.say("You are following the presenter again. The presenter has not moved yet.")
			return
		}
		s.sayf("You are following the presenter again, who is at step %d.", s.presenter+1)
		s.step = s.presenter
		s.showStep()
	}
}

// apply works the walkthrough under identifier assumption n (1-based, in flow.IdentifierModes).
func (s *session) apply(n int) {
	modes := flow.IdentifierModes
	if n < 1 || n > len(modes) {
		s.sayf("There is no assumption %s: type apply and a number from 1 to %d (what if lists them under "+
			"\"Which identifier do platforms see?\").", numberText(n), len(modes))
		return
	}
	s.assumed = flow.Assumptions{Identifier: modes[n-1]}
	s.pages = lesson.Build(s.w, s.assumed)
	s.search = nil
	if s.assumed == (flow.Assumptions{}) {
		s.say("The walkthrough is back to the default: it shows only what a source states.")
	} else {
		s.sayf("What if: the walkthrough now assumes that platforms see %s. Everything that follows from "+
			"this is marked assumed. Type apply %d to go back to the default.", s.assumed.Identifier, defaultMode())
	}
	s.blank()
	s.showStep()
}

// defaultMode is the number apply takes for the default assumption.
func defaultMode() int {
	return slices.Index(flow.IdentifierModes, (flow.Assumptions{}).Identifier) + 1
}

// visit marks the current step as visited and saves progress if it changed.
func (s *session) visit() {
	s.visited[s.step] = true
	s.save()
}

// progressState is what would be saved now.
func (s *session) progressState() progress.State {
	st := progress.State{Version: progress.Version, Answers: map[string]int{}}
	for i := range s.pages {
		if s.visited[i] {
			st.Visited = append(st.Visited, s.pages[i].Step.ID)
		}
	}
	for id, c := range s.answers {
		st.Answers[id] = c
	}
	return st.Normalize()
}

// save keeps the progress when it has changed. A failure is said once; the next change tries again.
func (s *session) save() {
	if s.opts.Progress.Save == nil {
		return
	}
	st := s.progressState()
	if st.Equal(s.saved) {
		return
	}
	s.saved = st
	if err := s.opts.Progress.Save(st); err != nil {
		s.say(err.Error())
	}
}
