package ui

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cyberid/cyberid/progress"
)

// Tests that what the screen offers works there, and that nothing is out of reach: help at every
// size, the walkthrough resumed, new items in view, the presentation layout and the ending.

func stepIndex(t *testing.T, m *Model, id string) int {
	t.Helper()
	i, ok := m.w.StepIndex(id)
	if !ok {
		t.Fatalf("no step %q", id)
	}
	return i
}

func footerText(m *Model) string { return lastLine(ansi.Strip(m.Frame())) }

// titleLine is a list screen's first line: its title and the keys it offers.
func titleLine(m *Model) string {
	return strings.Split(ansi.Strip(m.Frame()), "\n")[3]
}

// listState is what enter can change on a list screen.
func listState(m *Model) string {
	return fmt.Sprintf("%d/%d/%s/%d/%v", m.screen, m.step, m.list.title, m.list.sel, m.study.search.query)
}

// On every list screen, enter is offered (in the title line and the footer) exactly on the entries
// where it does something, and the footer never offers the next or previous step.
func TestListScreensOfferOnlyKeysThatWork(t *testing.T) {
	for _, s := range []screen{screenTOC, screenCite, screenHelp, screenSources, screenDisputes, screenGlossary,
		screenTimeline, screenScenarios} {
		m := sized(t, 200, 60, Options{Start: 5})
		m.toggle(s)
		for i := 0; i < len(m.list.items); i++ {
			if m.list.items[i].head {
				continue
			}
			m.list.sel = i
			title, foot := titleLine(m), footerText(m)
			if strings.Contains(foot, "next") || strings.Contains(foot, "previous") {
				t.Fatalf("%s: the footer offers stepping: %q", m.list.title, foot)
			}
			what := m.list.enterHelp()
			if what == "" {
				if strings.Contains(title, "enter") || strings.Contains(foot, "enter") {
					t.Errorf("%s, entry %d: enter does nothing but is offered: %q / %q", m.list.title, i, title, foot)
				}
				continue
			}
			if !strings.Contains(title, "enter "+what) || !strings.Contains(foot, "enter "+what) {
				t.Errorf("%s, entry %d: enter %q is not offered: %q / %q", m.list.title, i, what, title, foot)
			}
			// Enter does something: the screen, the step or the list changes.
			c := sized(t, 200, 60, Options{Start: 5})
			c.toggle(s)
			c.list.sel = i
			before := listState(c)
			press(c, "enter")
			if listState(c) == before {
				t.Errorf("%s, entry %d: enter %q did nothing", m.list.title, i, what)
			}
		}
	}
}

// Citations and glossary entries open something of their own: a citation its source's quotes, a
// glossary entry the places the term occurs.
func TestEnterOnCitationsAndGlossary(t *testing.T) {
	m := sized(t, 120, 40, Options{Start: 5})
	press(m, "c", "enter")
	if !strings.HasPrefix(m.list.title, "Quotes from ") {
		t.Fatalf("enter on a citation opened %q", m.list.title)
	}
	press(m, "esc")
	if !strings.HasPrefix(m.list.title, "Citations") || m.screen != screenCite {
		t.Errorf("esc from a citation's source went to %q", m.list.title)
	}
	press(m, "esc", "i", "down", "down", "enter") // network number
	if m.screen != screenSearch || len(m.study.search.hits) == 0 {
		t.Fatalf("enter on a glossary entry: screen %d, %d hits for %q", m.screen, len(m.study.search.hits), m.study.search.query)
	}
}

// esc from a source's quotes goes back to the sources, at the same source.
func TestEscFromQuotesReturnsToSources(t *testing.T) {
	m := sized(t, 100, 30, Options{})
	press(m, "s", "down", "down")
	sel := m.list.sel
	press(m, "enter")
	if !strings.HasPrefix(m.list.title, "Quotes from ") {
		t.Fatalf("enter on a source opened %q", m.list.title)
	}
	if foot := footerText(m); !strings.Contains(foot, "esc back") || strings.Contains(foot, "back to the step") {
		t.Errorf("footer on a source's quotes: %q", foot)
	}
	press(m, "esc")
	if m.screen != screenSources || m.list.title != "Sources" || m.list.sel != sel {
		t.Errorf("esc went to screen %d %q at %d, want the sources at %d", m.screen, m.list.title, m.list.sel, sel)
	}
	press(m, "esc")
	if m.screen != screenWalk {
		t.Errorf("esc from the sources went to screen %d", m.screen)
	}
}

// The sources screen's intro and heading name the articles as its entries do, [S1]–[S4], never by
// file number. (An entry's own note comes from content/sources.yaml.)
func TestSourcesIntroUsesSourceNumbers(t *testing.T) {
	m := sized(t, 200, 60, Options{})
	press(m, "s")
	plain := m.sourcesIntro() + "\n" + m.articlesHeading()
	for _, s := range []string{"[S1] (Firstpost)", "[S3] (ForkLog)", "[S4] is The Economist's 2024", "[S2] (IBTimes"} {
		if !strings.Contains(plain, s) {
			t.Errorf("the sources intro lacks %q", s)
		}
	}
	if regexp.MustCompile(`\b00[0-4]\b`).MatchString(plain) {
		t.Errorf("the sources screen names files by number:\n%s", plain)
	}
}

// d opens the disagreements at the one the step flags, not at the first of all.
func TestDisputeKeyOpensTheStepsDisagreement(t *testing.T) {
	for _, id := range []string{"breach", "login-a", "insider"} {
		m := sized(t, 120, 40, Options{})
		i := stepIndex(t, m, id)
		m.gotoStep(i)
		disputes := m.pages[i].Disputes
		if len(disputes) == 0 {
			continue
		}
		press(m, "d")
		if got := m.w.Disagreements[m.list.sel].ID; got != disputes[0].ID {
			t.Errorf("step %s: d selected %q, want %q", id, got, disputes[0].ID)
		}
	}
}

// "? help" and "q quit" end the footer on every screen at every size from 60×20 up, and "c
// citations" is there on the walkthrough from 80 columns.
func TestHelpInReachOnEveryScreen(t *testing.T) {
	sizes := [][2]int{{60, 20}, {70, 22}, {80, 24}, {100, 30}, {120, 40}, {200, 60}}
	for _, size := range sizes {
		for _, s := range []screen{screenWalk, screenTOC, screenCite, screenHelp, screenSources, screenDisputes,
			screenGlossary, screenTimeline, screenScenarios} {
			m := sized(t, size[0], size[1], Options{Start: 8})
			if s != screenWalk {
				m.toggle(s)
			}
			foot := footerText(m)
			if !strings.HasSuffix(foot, "? help • q quit") {
				t.Errorf("%dx%d screen %d: %q", size[0], size[1], s, foot)
			}
			if s == screenWalk && size[0] >= 80 && !strings.Contains(foot, "c citations") {
				t.Errorf("%dx%d: no c citations: %q", size[0], size[1], foot)
			}
		}
		m := sized(t, size[0], size[1], Options{Start: 13})
		press(m, "right")
		if foot := footerText(m); !strings.HasSuffix(foot, "? help • q quit") {
			t.Errorf("%dx%d ending: %q", size[0], size[1], foot)
		}
		press(m, "left", "x")
		if foot := footerText(m); !strings.HasSuffix(foot, "? help • q quit") {
			t.Errorf("%dx%d quiz: %q", size[0], size[1], foot)
		}
	}
}

// Reopening resumes where the learner stopped, says so and how to start over; --step (Resume off)
// and --fresh (no state) still win.
func TestResumeWhereYouStopped(t *testing.T) {
	state := progress.State{Visited: []string{"before", "app", "login-a"}, At: "login-a"}
	m := sized(t, 80, 24, Options{Resume: true, Progress: Progress{State: state}})
	at := stepIndex(t, m, "login-a")
	if m.step != at {
		t.Fatalf("resumed at %d, want %d", m.step, at)
	}
	plain := ansi.Strip(m.Frame())
	want := fmt.Sprintf("Resumed at step %d", at+1)
	if !strings.Contains(plain, want) || !strings.Contains(plain, "--fresh") || !strings.Contains(plain, "g goes to step 1") {
		t.Errorf("no line saying it resumed and how to start over:\n%s", plain)
	}
	checkFrame(t, m, "resumed")
	if m.visited[0] != true || m.visited[stepIndex(t, m, "face")] {
		t.Errorf("visited steps: %v", m.visited)
	}
	press(m, "tab")
	if strings.Contains(ansi.Strip(m.Frame()), "Resumed") {
		t.Error("the resume line outlived the first key")
	}
	checkFrame(t, m, "after the resume line")

	// --step: Resume is off and Start wins.
	m = sized(t, 80, 24, Options{Start: 2, Progress: Progress{State: state}})
	if m.step != 2 || strings.Contains(ansi.Strip(m.Frame()), "Resumed") {
		t.Errorf("--step: at %d", m.step)
	}
	// --fresh: no state is loaded, so there is nothing to resume.
	m = sized(t, 80, 24, Options{Resume: true, Progress: Progress{}})
	if m.step != 0 || strings.Contains(ansi.Strip(m.Frame()), "Resumed") {
		t.Errorf("--fresh: at %d", m.step)
	}
	// A saved step that no longer exists starts at the beginning, silently.
	m = sized(t, 80, 24, Options{Resume: true, Progress: Progress{State: progress.State{At: "gone"}}})
	if m.step != 0 || strings.Contains(ansi.Strip(m.Frame()), "Resumed") {
		t.Errorf("unknown step: at %d", m.step)
	}
	// Where the learner is goes into the saved state, and a saved state resumes there.
	s := &saver{}
	m = sized(t, 80, 24, Options{Progress: Progress{Save: s.save}})
	pressRun(m, "right", "right", "right")
	if len(s.saved) == 0 || s.saved[len(s.saved)-1].At != m.pages[3].Step.ID {
		t.Fatalf("saved: %+v", s.saved)
	}
	m = sized(t, 80, 24, Options{Resume: true, Progress: Progress{State: s.saved[len(s.saved)-1]}})
	if m.step != 3 {
		t.Errorf("reopened at %d, want 3", m.step)
	}
}

// When a step adds items, the pane showing them opens at the first new one: at every size and
// step, the shown tab's (or every side-by-side pane's) first "+" item is in view.
func TestNewItemsInView(t *testing.T) {
	sizes := [][2]int{{60, 20}, {80, 24}, {100, 30}, {120, 40}, {200, 60}}
	for _, size := range sizes {
		m := sized(t, size[0], size[1], Options{})
		for i := range m.pages {
			m.gotoStep(i)
			panes := []int{m.shownTab()}
			if m.sideBySide() {
				panes = []int{0, 1, 2}
			}
			for _, p := range panes {
				sc := &m.panes[p]
				has, shown := false, false
				for j, l := range sc.lines {
					if strings.HasPrefix(ansi.Strip(l), "+ ") {
						has = true
						shown = j >= sc.off && j < sc.off+sc.h
						break
					}
				}
				if has && !shown {
					t.Errorf("%dx%d step %d pane %d: the first new item is out of view (offset %d, height %d)",
						size[0], size[1], i+1, p+1, sc.off, sc.h)
				}
			}
		}
	}
	// The two cases the issue names.
	m := sized(t, 80, 24, Options{Start: stepIndex(t, sized(t, 80, 24, Options{}), "login-b")})
	if !strings.Contains(ansi.Strip(m.Frame()), "+ Verification result") {
		t.Errorf("80×24 step 7: platform B's new items are not in view:\n%s", ansi.Strip(m.Frame()))
	}
	m = sized(t, 60, 20, Options{Start: stepIndex(t, m, "issued")})
	if !strings.Contains(ansi.Strip(m.Frame()), "+ Network number") {
		t.Errorf("60×20 step 5: the centre's new items are not in view:\n%s", ansi.Strip(m.Frame()))
	}
}

// In the presentation layout at 100×30 (a projector), every step's narrative and each of its panes
// is shown in full without scrolling: the narrative first, then the panes on the next key.
func TestPresentationShowsEveryStepWhole(t *testing.T) {
	for _, size := range [][2]int{{100, 30}, {120, 30}} {
		m := sized(t, size[0], size[1], Options{})
		press(m, "v")
		for i := range m.pages {
			if m.step != i || m.presentPanes {
				t.Fatalf("%dx%d: at step %d (panes %v), want step %d's narrative", size[0], size[1], m.step, m.presentPanes, i)
			}
			if above, below := m.narr.more(); above || below {
				t.Errorf("%dx%d step %d: the narrative is cut (%d lines in %d rows)", size[0], size[1], i+1, len(m.narr.lines), m.narr.h)
			}
			checkFrame(t, m, fmt.Sprintf("presentation, step %d narrative", i+1))
			press(m, "right")
			if !m.presentPanes || m.step != i {
				t.Fatalf("step %d: → did not show the panes", i+1)
			}
			for p := range m.panes {
				if above, below := m.panes[p].more(); above || below {
					t.Errorf("%dx%d step %d: pane %d is cut (%d lines in %d rows)", size[0], size[1], i+1, p+1, len(m.panes[p].lines), m.panes[p].h)
				}
			}
			checkFrame(t, m, fmt.Sprintf("presentation, step %d panes", i+1))
			press(m, "right")
		}
		if m.screen != screenEnd {
			t.Errorf("%dx%d: after the last panes, screen %d, want the ending", size[0], size[1], m.screen)
		}
		press(m, "left", "left")
		if m.step != len(m.pages)-1 || m.presentPanes {
			t.Errorf("← twice from the ending: step %d, panes %v", m.step, m.presentPanes)
		}
		press(m, "left")
		if m.step != len(m.pages)-2 || !m.presentPanes {
			t.Errorf("← to the step before: step %d, panes %v", m.step, m.presentPanes)
		}
	}
}

// A cut narrative says how much is left, and the hidden lines can still be scrolled to.
func TestCutNarrativeSaysHowMuch(t *testing.T) {
	m := sized(t, 100, 30, Options{Start: 1})
	if _, below := m.narr.more(); !below {
		t.Skip("step 2's narrative fits at 100×30")
	}
	left := len(m.narr.lines) - (m.narr.h - 1)
	want := "↓ " + strconv.Itoa(left) + " more lines"
	if plain := ansi.Strip(m.Frame()); !strings.Contains(plain, want) {
		t.Errorf("no %q:\n%s", want, plain)
	}
	last := ansi.Strip(m.narr.lines[len(m.narr.lines)-1])
	for range len(m.narr.lines) {
		press(m, "down")
	}
	if plain := ansi.Strip(m.Frame()); !strings.Contains(plain, strings.TrimSpace(last)) || strings.Contains(plain, "more lines") {
		t.Errorf("scrolled to the end, the last line %q is not shown:\n%s", last, plain)
	}
}

// The ending sums up and points on; → does nothing there and is not offered; ← goes back.
func TestEnding(t *testing.T) {
	m := sized(t, 100, 30, Options{Start: 13})
	if foot := footerText(m); !strings.Contains(foot, "→ the end") {
		t.Errorf("last step's footer: %q", foot)
	}
	press(m, "right")
	if m.screen != screenEnd {
		t.Fatalf("→ on the last step: screen %d", m.screen)
	}
	var all []string
	for _, it := range m.list.items {
		all = append(all, ansi.Strip(strings.Join(it.text(200), " ")))
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{"What the central database holds", "Network number", m.pages[13].IdentifierNote,
		"Check your understanding (x)",
		"Contents (t)", "What if (w)", "cyberid export --format html"} {
		if !strings.Contains(text, want) {
			t.Errorf("the ending lacks %q:\n%s", want, text)
		}
	}
	foot := footerText(m)
	if strings.Contains(foot, "next") || strings.Contains(foot, "→") {
		t.Errorf("the ending offers a next: %q", foot)
	}
	sel := m.list.sel
	press(m, "right")
	if m.screen != screenEnd || m.list.sel != sel {
		t.Errorf("→ on the ending moved: screen %d, selection %d→%d", m.screen, sel, m.list.sel)
	}
	press(m, "x")
	if m.screen != screenQuiz {
		t.Errorf("x on the ending: screen %d", m.screen)
	}
	press(m, "esc", "right", "left")
	if m.screen != screenWalk || m.step != 13 {
		t.Errorf("← from the ending: screen %d step %d", m.screen, m.step)
	}
	for _, size := range [][2]int{{60, 20}, {80, 24}, {200, 60}} {
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		press(m, "right")
		checkFrame(t, m, "the ending")
		press(m, "left")
	}
}

// The too-small notice wraps between words, never inside "60×20".
func TestTooSmallNoticeKeepsTheSizeWhole(t *testing.T) {
	for w := 12; w < MinWidth; w++ {
		m := sized(t, w, 12, Options{})
		if plain := ansi.Strip(m.Frame()); !strings.Contains(plain, fmt.Sprintf("%d×%d", MinWidth, MinHeight)) {
			t.Errorf("at %d columns the size is broken:\n%s", w, plain)
		}
	}
}

// The diagram line shows every party the step's message names: the attacker on steps 9 and 10.
func TestDiagramShowsTheAttacker(t *testing.T) {
	for _, id := range []string{"breach", "insider"} {
		for _, w := range []int{60, 80, 120} {
			m := sized(t, w, 24, Options{})
			m.gotoStep(stepIndex(t, m, id))
			if line := ansi.Strip(m.diagram()[0]); !strings.Contains(line, "[Attacker]") {
				t.Errorf("step %s at %d: %q", id, w, line)
			}
		}
	}
}

// Pinyin typed without tone marks finds the pinyin with them.
func TestSearchIgnoresToneMarks(t *testing.T) {
	m := sized(t, 100, 30, Options{})
	for _, q := range []string{"wang hao", "shimingzhi", "Wang Zheng", "guojia wangluo"} {
		found := false
		for _, h := range m.Search(q) {
			if h.Kind == HitGlossary {
				found = true
				if foldIndex(h.Snippet, q) < 0 {
					t.Errorf("%q: the snippet %q does not hold the match", q, h.Snippet)
				}
			}
		}
		if !found {
			t.Errorf("%q: no glossary hit", q)
		}
	}
	if got := highlight("wǎng hào", "wang hao", m.st.Dim, m.st.Mark); !strings.Contains(ansi.Strip(got), "wǎng hào") {
		t.Errorf("highlight lost the text: %q", ansi.Strip(got))
	}
}
