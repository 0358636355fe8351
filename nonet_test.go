package main

import (
	"encoding/json"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cyberid/cyberid/export"
	"github.com/cyberid/cyberid/internal/syncbuf"
)

// The app must never touch the network except `cyberid serve`. Two tests hold it to that, each
// catching what the other cannot:
//
//   - TestNoNetworkUnderStrace runs the real binary (the walkthrough in a terminal, driven through
//     every screen's key, the plain-text output and every export format) under strace and fails on
//     any socket that is not a local Unix socket. It sees what the code does, whatever the package,
//     including a dependency or a raw syscall, but only on the paths it drives.
//   - TestNoNetworkPackages reads the import graph: no package of ours but serve may depend on net,
//     net/http, TLS or SSH, and in package main only cmd_serve.go may import serve. It covers every
//     path, including ones no test drives, but only calls that need those packages.

// networkPackages are the standard and third-party packages through which a program talks to a
// network. net/url is not among them: it parses text.
var networkPackages = regexp.MustCompile(`^(net|net/http(/.*)?|net/rpc(/.*)?|net/smtp|net/mail|crypto/tls|` +
	`golang\.org/x/crypto/ssh(/.*)?|golang\.org/x/net/(http2|proxy|websocket)(/.*)?|charm\.land/wish/.*|` +
	`github\.com/charmbracelet/ssh|github\.com/gliderlabs/ssh)$`)

func TestNoNetworkPackages(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool on PATH")
	}
	out, err := exec.Command(goTool, "list", "-json=ImportPath,Deps", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	checked := 0
	for dec.More() {
		var p struct {
			ImportPath string
			Deps       []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		rel := strings.TrimPrefix(p.ImportPath, "github.com/cyberid/cyberid")
		if rel == "" || rel == "/serve" || strings.HasPrefix(rel, "/serve/") || strings.HasPrefix(rel, "/_") {
			continue // main is checked file by file below; serve is the one place allowed a socket
		}
		checked++
		for _, d := range p.Deps {
			if networkPackages.MatchString(d) {
				t.Errorf("%s depends on %s: only serve may use the network", p.ImportPath, d)
			}
		}
	}
	if checked < 5 {
		t.Fatalf("only %d packages checked", checked)
	}
	// Package main: only cmd_serve.go may reach the network, through serve.
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "cmd_serve.go" {
			continue
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if networkPackages.MatchString(path) || path == "github.com/cyberid/cyberid/serve" {
				t.Errorf("%s imports %s: only cmd_serve.go may use the network", f, path)
			}
		}
	}
}

// tracedSocket matches the system calls strace logs for a socket that is not a local Unix socket.
var tracedSocket = regexp.MustCompile(`(socket|socketpair)\((AF_INET|AF_INET6|AF_PACKET|AF_NETLINK|PF_INET|PF_INET6|[0-9]+)|connect\(\d+, \{sa_family=AF_INET`)

func TestNoNetworkUnderStrace(t *testing.T) {
	strace, err := exec.LookPath("strace")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("strace is missing: .ci/run installs it")
		}
		t.Skip("strace not installed: apt-get install strace")
	}
	script, err := exec.LookPath("script")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("script (util-linux) is missing")
		}
		t.Skip("script (util-linux) not installed")
	}
	// strace needs ptrace, which some sandboxes forbid.
	if out, err := exec.Command(strace, "-f", "-o", os.DevNull, "true").CombinedOutput(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("strace cannot trace here: %v\n%s", err, out)
		}
		t.Skipf("strace cannot trace here: %v", err)
	}
	bin := binary(t)
	dir := t.TempDir()
	env := append(os.Environ(), "HOME="+dir, "XDG_CONFIG_HOME="+dir, "XDG_STATE_HOME="+dir, "XDG_DATA_HOME="+dir,
		"TERM=xterm-256color", "COLUMNS=120", "LINES=40")
	var logs []string
	run := func(name string, args ...string) {
		t.Helper()
		log := filepath.Join(dir, name+".strace")
		logs = append(logs, log)
		cmd := exec.Command(strace, append([]string{"-f", "-qq", "-e", "trace=%network", "-o", log, bin}, args...)...)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
	}
	// The plain-text walkthrough (standard output is not a terminal) and every handout.
	run("text")
	for _, f := range export.Formats() {
		run("export-"+f, "export", "--format", f, "--output", filepath.Join(dir, "handout."+f))
	}
	// The walkthrough in a terminal: script gives it a pseudo-terminal and types every screen's key,
	// moves through all the steps, then quits. The keys go one at a time once the first screen is
	// up, as a person types them, so that each screen is drawn rather than merged into the next
	// frame. Backspace (not esc, which would join the next key into alt+key) closes each screen.
	keys := "lllllllllllllllhhhhh\tjjj\t\tkk" + "t" + "jj\r" + "c\x7f" + "s\x7f" + "d\x7f" + "i\x7f" + "y\x7f" +
		"?\x7f" + "G" + "g" + "q"
	log := filepath.Join(dir, "tui.strace")
	logs = append(logs, log)
	cmd := exec.Command(script, "-q", "-e", "-c", strace+" -f -qq -e trace=%network -o "+log+" "+bin+" --step 2", os.DevNull)
	cmd.Env = env
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var out syncbuf.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); !strings.Contains(out.String(), "Step 2 of"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("the walkthrough never drew its first screen:\n%q", out.String())
		}
	}
	for _, k := range keys {
		_, _ = stdin.Write([]byte(string(k)))
		time.Sleep(15 * time.Millisecond)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("walkthrough in a terminal: %v\n%s", err, out.String())
		}
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("the walkthrough did not quit on q:\n%q", out.String())
	}
	if got := out.String(); !strings.Contains(got, "Contents") {
		t.Fatalf("the walkthrough did not draw its screens in the terminal:\n%q", got[max(0, len(got)-2000):])
	}
	for _, l := range logs {
		data, err := os.ReadFile(l)
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(l), err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if tracedSocket.MatchString(line) {
				t.Errorf("%s: a network socket: %s", strings.TrimSuffix(filepath.Base(l), ".strace"), line)
			}
		}
	}
}
