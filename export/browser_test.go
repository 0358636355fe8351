package export

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cyberid/cyberid/flow"
	"github.com/cyberid/cyberid/lesson"
)

// inCI reports whether the tests run in CI, where a missing tool is a failure, not a skip.
func inCI() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v != "" && v != "false" && v != "0"
}

// tool finds the first of names on PATH; without it the test skips, or fails in CI.
func tool(t *testing.T, pkg string, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	msg := fmt.Sprintf("%s not found (install Debian's %s: apt-get install -y --no-install-recommends %s)", names[0], pkg, pkg)
	if inCI() {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

func run(t *testing.T, name string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, stderr.String())
	}
	return out
}

// TestPrintToPDF prints the HTML handout with headless Chromium, on Letter (Chromium's default) and
// on A4, and reads the PDF back: at most maxPages pages (a handout a workshop can print), every step
// title and every source in the text, and every chapter, and the appendices, at the top of a page.
// maxPages is the most A4 pages the HTML handout may print on.
const maxPages = 24

func TestPrintToPDF(t *testing.T) {
	chromium := tool(t, "chromium", "chromium", "chromium-browser")
	pdfinfo := tool(t, "poppler-utils", "pdfinfo")
	pdftotext := tool(t, "poppler-utils", "pdftotext")

	w := load(t)
	pages := lesson.Build(w, flow.Assumptions{})
	handout := string(render(t, w, "html", Options{}))
	papers := []struct {
		name, css string
		size      *regexp.Regexp
		max       int
	}{
		// Letter is shorter than A4: two pages more.
		{"letter", "", regexp.MustCompile(`Page size:\s+612 x 792 pts`), maxPages + 2},
		{"a4", "@page { size: A4; }", regexp.MustCompile(`Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts`), maxPages},
	}
	for _, paper := range papers {
		t.Run(paper.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			src := handout
			if paper.css != "" {
				src = strings.Replace(src, "</style>", paper.css+"\n</style>", 1)
			}
			htmlPath := filepath.Join(dir, "handout.html")
			pdfPath := filepath.Join(dir, "handout.pdf")
			if err := os.WriteFile(htmlPath, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			run(t, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--no-first-run", "--disable-component-update", "--disable-sync", "--no-pdf-header-footer",
				"--user-data-dir="+filepath.Join(dir, "profile"), "--print-to-pdf="+pdfPath, "file://"+htmlPath)

			info := string(run(t, pdfinfo, pdfPath))
			m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(info)
			if m == nil {
				t.Fatalf("pdfinfo gave no page count:\n%s", info)
			}
			n, _ := strconv.Atoi(m[1])
			chapters := countTrue(chapterStarts(pages))
			// The cover, a page or more per chapter, and the appendices.
			if min := 1 + chapters + 1; n < min {
				t.Errorf("%d pages, want at least %d", n, min)
			}
			if n > paper.max {
				t.Errorf("%d pages on %s, want at most %d", n, paper.name, paper.max)
			}
			t.Logf("%s: %d pages", paper.name, n)
			if !paper.size.MatchString(info) {
				t.Errorf("paper is not %s:\n%s", paper.name, info)
			}

			text := string(run(t, pdftotext, "-enc", "UTF-8", pdfPath, "-"))
			flat := strings.Join(strings.Fields(text), " ")
			for _, p := range pages {
				if title := strings.Join(strings.Fields(p.Step.Title), " "); !strings.Contains(flat, title) {
					t.Errorf("step title missing from the PDF: %q", title)
				}
			}
			// Pages are separated by form feeds; a chapter or appendix heading opens its page.
			tops := map[string]bool{}
			for _, pg := range strings.Split(text, "\f") {
				if f := strings.Fields(pg); len(f) > 0 {
					tops[strings.Join(f[:min(4, len(f))], " ")] = true
				}
			}
			// Sources end the handout: every one is in the text, after the last appendix.
			tail := flat[strings.LastIndex(flat, "Appendix D"):]
			for i := range w.Sources {
				if !strings.Contains(tail, fmt.Sprintf("[S%d]", i+1)) {
					t.Errorf("source [S%d] is missing from the end of the PDF", i+1)
				}
			}
			wantTop := []string{"Appendix A · Where"}
			for i := 1; i <= chapters; i++ {
				wantTop = append(wantTop, fmt.Sprintf("CHAPTER %d", i))
			}
		top:
			for _, want := range wantTop {
				for got := range tops {
					if strings.HasPrefix(got, want) {
						continue top
					}
				}
				t.Errorf("no page starts with %q", want)
			}
		})
	}
}
