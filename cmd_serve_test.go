package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runServeArgs runs `cyberid serve ARGS` through cobra and returns its error. Every case here fails
// before the server would listen.
func runServeArgs(t *testing.T, args ...string) error {
	t.Helper()
	var out bytes.Buffer
	cmd := rootCmd(strings.NewReader(""), &out)
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs(append([]string{"serve"}, args...))
	return cmd.ExecuteContext(context.Background())
}

func TestServeFlagErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "keys.pub")
	if err := os.WriteFile(bad, []byte("# teachers\nnot a key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	hostKey := filepath.Join(dir, "host_key")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--presenter-keys", bad, "--host-key", hostKey}, bad + ":2: not a public key"},
		{[]string{"--presenter-keys", filepath.Join(dir, "none.pub"), "--host-key", hostKey}, "none.pub"},
		{[]string{"--max-sessions", "0", "--host-key", hostKey}, "--max-sessions must be at least 1"},
		{[]string{"--idle-timeout", "-1s", "--host-key", hostKey}, "--idle-timeout must not be negative"},
		{[]string{"--theme", "neon", "--host-key", hostKey}, `unknown theme "neon"`},
	} {
		err := runServeArgs(t, tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("serve %v: got %v, want a one-line error containing %q", tc.args, err, tc.want)
		}
	}
	if _, err := os.Stat(hostKey); err == nil {
		t.Errorf("a host key was made although the flags were bad")
	}
}
