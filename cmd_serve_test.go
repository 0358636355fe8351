package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
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
	// A port already taken: found only by binding it, which comes before the host key.
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	key := newTestKeyLine(t)
	optioned := filepath.Join(dir, "optioned.pub")
	if err := os.WriteFile(optioned, []byte(key+"\n"+`command="ls" `+key+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--listen", "nonsense", "--host-key", hostKey}, `--listen "nonsense": want HOST:PORT`},
		{[]string{"--listen", ":99999", "--host-key", hostKey}, "the port must be a number from 1 to 65535"},
		{[]string{"--listen", busy.Addr().String(), "--host-key", hostKey}, "listen on " + busy.Addr().String()},
		{[]string{"--presenter-keys", optioned, "--host-key", hostKey}, optioned + ":2: option command="},
		{[]string{"--max-connections", "50", "--host-key", hostKey}, "--max-connections must be more than --max-sessions"},
		{[]string{"--max-per-address", "-1", "--host-key", hostKey}, "--max-per-address must not be negative"},
		{[]string{"--start-timeout", "0s", "--host-key", hostKey}, "--start-timeout must be more than 0"},
		{[]string{"--max-session-time", "-1h", "--host-key", hostKey}, "--max-session-time must not be negative"},
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
	if entries, err := os.ReadDir(dir); err != nil || len(entries) != 2 {
		t.Errorf("bad flags wrote to the host key's directory: %v %v", entries, err)
	}
}

func newTestKeyLine(t *testing.T) string {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	k, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(k)))
}
