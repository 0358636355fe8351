package content

import (
	"os"
	"strings"
	"testing"
)

// sharedDir is where the project's research lives beside the repository; CI may not have it.
const sharedDir = "../../shared"

func mustLoad(t *testing.T) *Walkthrough {
	t.Helper()
	w, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestEmbeddedContentLoads(t *testing.T) {
	w := mustLoad(t)
	if len(w.Steps) < 8 {
		t.Errorf("only %d steps", len(w.Steps))
	}
	for _, st := range w.Steps {
		if len(st.Cites) == 0 {
			t.Errorf("step %s cites nothing", st.ID)
		}
	}
}

// sharedText is where the project keeps the text behind each source: an article in ../shared/sources,
// or, for a second-tier source, the research notes that quote it.
func sharedText(s Source) string {
	if s.Tier == TierArticle {
		return "sources/" + s.File
	}
	return "research/facts.md"
}

// The comparison is exact: no whitespace or quotation-mark folding. It skips when ../shared is not
// beside the repository.
func TestQuotesAreVerbatim(t *testing.T) {
	if _, err := os.Stat(sharedDir); err != nil {
		t.Skipf("skipping: %s is not here, so the quotes cannot be checked against the articles", sharedDir)
	}
	w := mustLoad(t)
	problems, unchecked := CheckVerbatim(w, os.DirFS(sharedDir), sharedText)
	for _, p := range problems {
		t.Error(p)
	}
	if unchecked != 0 {
		t.Errorf("%d quotes were not checked", unchecked)
	}
}

func TestEverySourceIsCited(t *testing.T) {
	w := mustLoad(t)
	used := map[string]bool{}
	for _, q := range w.Quotes {
		used[q.Source] = true
	}
	for _, s := range w.Sources {
		if !used[s.ID] {
			t.Errorf("source %s has no quote", s.ID)
		}
	}
	quoteUsed := map[string]bool{}
	for _, st := range w.Steps {
		for _, c := range st.Cites {
			quoteUsed[c] = true
		}
	}
	for _, s := range w.Sources {
		if s.Tier != TierArticle {
			continue
		}
		cited := false
		for _, q := range w.Quotes {
			cited = cited || (q.Source == s.ID && quoteUsed[q.ID])
		}
		if !cited {
			t.Errorf("article %s is never cited on a step", s.ID)
		}
	}
}

func TestDisagreementsHaveTwoPlaces(t *testing.T) {
	w := mustLoad(t)
	for _, d := range w.Disagreements {
		places := map[string]bool{}
		for _, s := range d.Sides {
			q, _ := w.Quote(s.Quote)
			places[q.Source+"\x00"+q.Text] = true
		}
		if len(places) < 2 {
			t.Errorf("disagreement %s does not quote two different places", d.ID)
		}
	}
	for _, id := range []string{"users", "critic-name", "ruse", "dates", "pilot", "shanghai-leak", "submit-method", "voluntary", "capital-money"} {
		if _, ok := w.Disagreement(id); !ok {
			t.Errorf("missing disagreement %s", id)
		}
	}
}

// Every source read on a copy says so and leads to its publisher: the original's address, or an
// explicit "original not found". The loader enforces it; this checks the shipped content reads so.
func TestCopiesLeadToTheirOriginal(t *testing.T) {
	w := mustLoad(t)
	copies := 0
	for _, s := range w.Sources {
		if !s.IsCopy() {
			if copyWords.MatchString(s.Outlet) {
				t.Errorf("%s: the outlet %q says copy, but read_on is empty", s.ID, s.Outlet)
			}
			continue
		}
		copies++
		text := s.CopyText()
		switch {
		case s.Original == OriginalNotFound:
			if !strings.Contains(text, "Original not found.") {
				t.Errorf("%s: %q does not say the original was not found", s.ID, text)
			}
		case strings.HasPrefix(s.Original, "http://") || strings.HasPrefix(s.Original, "https://"):
			if !strings.Contains(text, s.Original) && !strings.Contains(text, "the address above") {
				t.Errorf("%s: %q does not give the original's address", s.ID, text)
			}
		default:
			t.Errorf("%s: original %q is neither an address nor %q", s.ID, s.Original, OriginalNotFound)
		}
	}
	// The research notes name these as read on copies: Mint's reprints of The Economist, Xinhua on
	// People's Daily Online and on the SCIO site, and the mirrors of the Chinese rules and guides.
	for _, id := range []string{"economist-2024", "economist-2025", "xinhua-2025-05", "xinhua-scio-2024", "measures-2025",
		"mps-explanation-2025", "guide-2025-07", "yicai-2024", "cctv-2025", "scio-presser-2024"} {
		if s, ok := w.Source(id); !ok || !s.IsCopy() {
			t.Errorf("%s is not marked as read on a copy", id)
		}
	}
	if copies == 0 {
		t.Error("no source read on a copy: the test shows nothing")
	}
}

// Every quote not in English has our translation, and only those do.
func TestQuotesNotInEnglishAreTranslated(t *testing.T) {
	w := mustLoad(t)
	n := 0
	for _, q := range w.Quotes {
		if NeedsTranslation(q.Text) {
			n++
			if strings.TrimSpace(q.Translation) == "" {
				t.Errorf("%s: no translation", q.ID)
			}
		} else if q.Translation != "" {
			t.Errorf("%s: an English quote with a translation", q.ID)
		}
	}
	if n < 20 {
		t.Errorf("only %d quotes not in English; the content has about 22", n)
	}
}
