package serve

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strings"

	gossh "golang.org/x/crypto/ssh"
)

// ReadPresenterKeys reads an authorized_keys file: one public key a line, with optional options before
// it and a comment after it; blank lines and lines starting with # are skipped. Errors are one line
// and name the file and the line.
func ReadPresenterKeys(path string) ([]gossh.PublicKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("presenter keys: %w", err)
	}
	return ParsePresenterKeys(path, data)
}

// ParsePresenterKeys parses authorized_keys text; name is used in errors.
func ParsePresenterKeys(name string, data []byte) ([]gossh.PublicKey, error) {
	var keys []gossh.PublicKey
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, _, _, _, err := gossh.ParseAuthorizedKey([]byte(line))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: not a public key in authorized_keys format (a line like \"ssh-ed25519 AAAAC3Nza... name\", as in a .pub file)", name, n)
		}
		keys = append(keys, k)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%s: no public keys in this file: add the presenter's key (the line in its .pub file)", name)
	}
	return keys, nil
}

// shortErr keeps an error to its first line, without the "ssh: " prefix.
func shortErr(err error) string {
	s := strings.TrimPrefix(err.Error(), "ssh: ")
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}
