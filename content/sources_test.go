package content

import (
	"os"
	"path/filepath"
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

// Every quote is character-exact in its source: an article in ../shared/sources, or, for a
// second-tier source, the research notes that quote it. The comparison is exact: no whitespace or
// quotation-mark folding.
func TestQuotesAreVerbatim(t *testing.T) {
	if _, err := os.Stat(sharedDir); err != nil {
		t.Skipf("skipping: %s is not here, so the quotes cannot be checked against the articles", sharedDir)
	}
	w := mustLoad(t)
	facts, err := os.ReadFile(filepath.Join(sharedDir, "research", "facts.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range w.Quotes {
		src, _ := w.Source(q.Source)
		var text []byte
		where := "research/facts.md"
		if src.Tier == TierArticle {
			where = filepath.Join("sources", src.File)
			text, err = os.ReadFile(filepath.Join(sharedDir, where))
			if err != nil {
				t.Errorf("quote %s: %v", q.ID, err)
				continue
			}
		} else {
			text = facts
		}
		if !strings.Contains(string(text), q.Text) {
			t.Errorf("quote %s (quotes.yaml:%d) is not verbatim in %s:\n%s", q.ID, q.Line, where, q.Text)
		}
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
