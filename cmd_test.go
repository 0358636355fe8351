package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"charm.land/fang/v2"

	"github.com/cyberid/cyberid/ui"
)

// runFang runs the root command in-process the way main does, through fang, and returns what it
// wrote to its output and to the process's standard output (fang's man command writes there).
func runFang(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	cmd := rootCmd(strings.NewReader(""), &out)
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(args)

	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout := os.Stdout
	os.Stdout = w
	var captured bytes.Buffer
	done := make(chan struct{})
	go func() { _, _ = io.Copy(&captured, r); close(done) }()
	runErr := fang.Execute(context.Background(), cmd, versionOptions()...)
	os.Stdout = stdout
	_ = w.Close()
	<-done
	_ = r.Close()
	return out.String() + captured.String(), runErr
}

func TestManPage(t *testing.T) {
	page, err := runFang(t, "man")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(page, ".TH CYBERID 1 ") {
		t.Fatalf("not a roff page in section 1: %.80q", page)
	}
	for _, want := range []string{
		".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH OPTIONS",
		`\fB--theme\fP`, `\fB--step\fP`, "high-contrast", "CYBERID_THEME", "Cyberspace ID",
		".SH KEYS", ".SH FILES", ".SH ENVIRONMENT", `\fB-f, --format\fP`, "XDG_STATE_HOME", "NO_COLOR",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("man page lacks %q", want)
		}
	}
	// mango writes a shorthand with the long prefix ("--f --format"); the page must not.
	if m := regexp.MustCompile(`--[a-z] --`).FindString(page); m != "" {
		t.Errorf("man page writes a shorthand flag as %q", m)
	}
	// The header line shows NAME(1), the fifth .TH field and NAME(1) across 80 columns; a longer
	// title runs into the right-hand name.
	th := regexp.MustCompile(`(?m)^\.TH CYBERID 1 "[^"]*" "[^"]*" "([^"]*)"$`).FindStringSubmatch(page)
	if th == nil {
		t.Fatalf("no .TH line with five fields: %.120q", page)
	}
	if w := len("CYBERID(1)")*2 + len([]rune(th[1])) + 4; w > 80 {
		t.Errorf("man page header is %d columns wide: %q", w, th[1])
	}
	// KEYS comes from the key map: every key the help screen offers is in it.
	for _, group := range ui.DefaultKeyMap().FullHelp() {
		for _, b := range group {
			if k := b.Help().Key; k != "" && !strings.Contains(page, `\fB`+k+`\fP`) {
				t.Errorf("KEYS lacks %q", k)
			}
		}
	}
	// man is hidden from --help: it is for packagers, not for learners.
	help, err := runFang(t, "--help")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(help, "Generates manpages") {
		t.Error("--help lists the hidden man command")
	}
	for _, want := range []string{"--theme", "--step", "completion"} {
		if !strings.Contains(help, want) {
			t.Errorf("--help lacks %q", want)
		}
	}
}

func TestCompletionScripts(t *testing.T) {
	for shell, want := range map[string][]string{
		"bash":       {"# bash completion V2 for cyberid", "__start_cyberid()", "complete -o default -F __start_cyberid cyberid"},
		"zsh":        {"#compdef cyberid", "compdef _cyberid cyberid"},
		"fish":       {"complete -c cyberid ", "__cyberid_perform_completion"},
		"powershell": {"Register-ArgumentCompleter", "cyberid"},
	} {
		out, err := runFang(t, "completion", shell)
		if err != nil {
			t.Fatalf("completion %s: %v", shell, err)
		}
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("completion %s lacks %q", shell, w)
			}
		}
	}
	if bash, err := exec.LookPath("bash"); err == nil {
		script, _ := runFang(t, "completion", "bash")
		cmd := exec.Command(bash, "-n")
		cmd.Stdin = strings.NewReader(script)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("bash -n rejects the completion script: %v\n%s", err, out)
		}
	}
}

// The completions know the values of --theme and --step (cobra's hidden __complete is what every
// shell's script calls).
func TestFlagCompletions(t *testing.T) {
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"__complete", "--theme", ""}, []string{"auto\t", "dark\t", "light\t", "high-contrast\t"}},
		{[]string{"__complete", "--step", ""}, []string{"before\t", "login-a\t", "login-b\t"}},
		{[]string{"__complete", "--th"}, []string{"--theme"}},
	}
	for _, c := range cases {
		out, err := runFang(t, c.args...)
		if err != nil {
			t.Fatalf("%v: %v", c.args, err)
		}
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: no %q in\n%s", c.args, w, out)
			}
		}
	}
}

func TestThemeFlagAndEnvironment(t *testing.T) {
	t.Setenv("CYBERID_THEME", "blue")
	if _, err := runFang(t); err == nil || !strings.Contains(err.Error(), `unknown theme "blue" in CYBERID_THEME`) {
		t.Errorf("CYBERID_THEME=blue: error %v, want one naming the bad value and the variable", err)
	}
	if _, err := runFang(t, "--theme", "neon"); err == nil || !strings.Contains(err.Error(), `unknown theme "neon" in --theme`) {
		t.Errorf("--theme neon: error %v", err)
	}
	// A valid flag wins over a bad environment; output is not a terminal, so the text is printed.
	for _, th := range []string{"auto", "dark", "light", "high-contrast"} {
		out, err := runFang(t, "--theme", th)
		if err != nil || !strings.Contains(out, "Step 1 of") {
			t.Errorf("--theme %s: %v, %.80q", th, err, out)
		}
	}
	t.Setenv("CYBERID_THEME", "high-contrast")
	if _, err := runFang(t); err != nil {
		t.Errorf("CYBERID_THEME=high-contrast: %v", err)
	}
}

// binary builds cyberid into a temporary directory, with the VCS stamp that --version reads. The
// build cache makes the second build in a run cheap.
func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary; skipped in -short")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool on PATH")
	}
	bin := filepath.Join(t.TempDir(), "cyberid")
	vcs := "-buildvcs=false"
	if exec.Command("git", "rev-parse", "HEAD").Run() == nil {
		vcs = "-buildvcs=true"
	}
	if out, err := exec.Command(goTool, "build", vcs, "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// --version names the module version and, in a git checkout, the commit it was built from.
func TestVersionFromBuiltBinary(t *testing.T) {
	bin := binary(t)
	out, err := exec.Command(bin, "--version").CombinedOutput()
	if err != nil {
		t.Fatalf("--version: %v\n%s", err, out)
	}
	if !regexp.MustCompile(`^cyberid version (dev|v\d+\.\d+\.\d+\S*)`).Match(out) {
		t.Errorf("--version: %q", out)
	}
	// The go command stamps no commit in a linked git worktree, whose .git is a file, not a folder.
	gitDir, _ := exec.Command("git", "rev-parse", "--git-dir").Output()
	commonDir, _ := exec.Command("git", "rev-parse", "--git-common-dir").Output()
	if string(gitDir) != string(commonDir) {
		t.Log("a linked git worktree: the go command stamps no commit, so none is checked")
		return
	}
	if head, err := exec.Command("git", "rev-parse", "HEAD").Output(); err == nil {
		if short := string(head[:7]); !strings.Contains(string(out), "("+short+")") {
			t.Errorf("--version %q does not name commit %s", out, short)
		}
	}
}

// The bash script really completes: source it, ask for the words after "cyberid --theme h".
func TestBashCompletesTheme(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	const helpers = "/usr/share/bash-completion/bash_completion"
	if _, err := os.Stat(helpers); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing: .ci/run installs bash-completion", helpers)
		}
		t.Skipf("%s is missing (apt-get install bash-completion)", helpers)
	}
	bin := binary(t)
	script := `source ` + helpers + `
source <(cyberid completion bash)
COMP_WORDS=(cyberid --theme h); COMP_CWORD=2; COMP_LINE="cyberid --theme h"; COMP_POINT=${#COMP_LINE}
__start_cyberid
printf '%s\n' "${COMPREPLY[@]}"`
	cmd := exec.Command(bash, "--norc", "--noprofile", "-c", script)
	cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
	// compopt complains on stderr outside a real completion; the words are on stdout.
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("bash: %v\n%s", err, stderr.String())
	}
	if strings.TrimSpace(string(out)) != "high-contrast" {
		t.Errorf("bash completes `cyberid --theme h` to %q, want high-contrast", out)
	}
}

// The start-up GC hold raises the setting for a while and then puts back exactly what was there,
// and never lowers a setting the user chose (GOGC=off or a high one).
func TestHoldGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	holdGC(time.Hour)
	if now := debug.SetGCPercent(100); now != 400 {
		t.Fatalf("during the hold GC percent is %d, want 400", now)
	}
	holdGC(time.Millisecond)
	deadline := time.Now().Add(5 * time.Second)
	for debug.SetGCPercent(400) != 100 { // until the timer puts 100 back over our 400
		if time.Now().After(deadline) {
			t.Fatal("the hold never ended")
		}
		time.Sleep(time.Millisecond)
	}
	for _, user := range []int{-1, 800} {
		debug.SetGCPercent(user)
		holdGC(time.Millisecond)
		if now := debug.SetGCPercent(user); now != user {
			t.Errorf("GOGC=%d became %d", user, now)
		}
	}
}

// --step with output piped prints from that step, and says so; the rest of the walkthrough is left out.
func TestStepWhenPiped(t *testing.T) {
	out, err := runFang(t, "--step", "login-a")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "From step 6 of 14") || !strings.Contains(out, "Step 6 of 14") {
		t.Errorf("--step login-a piped does not start at step 6: %.400q", out)
	}
	if strings.Contains(out, "Step 5 of 14") {
		t.Error("--step login-a piped still prints step 5")
	}
	whole, err := runFang(t)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(whole, "Step 1 of 14") || strings.Contains(whole, "From step") {
		t.Error("without --step the whole walkthrough is printed, with no note")
	}
}
