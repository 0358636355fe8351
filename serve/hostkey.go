package serve

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"
)

// EnsureHostKey makes an ed25519 host key at path (mode 0600, with path.pub beside it) unless one is
// there already, so that students' known_hosts entries stay valid from one workshop to the next. It
// reports whether it made a new key. It never overwrites a file, and it refuses to make a new key when
// path.pub is still there: the old key was probably lost by mistake, and a new one would make every
// student's ssh warn that the host key changed.
//
// wish.WithHostKeyPath would make the key too, but its key generator also chmods an existing parent
// directory to 0700, which is no business of ours.
func EnsureHostKey(path string) (created bool, err error) {
	if path == "" {
		return false, errors.New("no host key path: pass --host-key FILE")
	}
	info, err := os.Stat(path)
	if err == nil {
		if info.IsDir() {
			return false, fmt.Errorf("host key %s is a directory, not a key file", path)
		}
		return false, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return false, fmt.Errorf("host key: %w", err)
	}
	if _, err := os.Stat(path + ".pub"); err == nil {
		return false, fmt.Errorf("host key %s is missing but %s.pub is still there: restore the key, or delete the .pub to make a new key (students' ssh will then warn that the host key changed)", path, path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return false, fmt.Errorf("host key: %w", err)
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return false, fmt.Errorf("host key: %w", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "cyberid host key")
	if err != nil {
		return false, fmt.Errorf("host key: %w", err)
	}
	sshPub, err := gossh.NewPublicKey(pub)
	if err != nil {
		return false, fmt.Errorf("host key: %w", err)
	}
	if err := writeNew(path, pem.EncodeToMemory(block), 0o600); err != nil {
		return false, fmt.Errorf("host key: %w", err)
	}
	if err := writeNew(path+".pub", gossh.MarshalAuthorizedKey(sshPub), 0o644); err != nil {
		return true, fmt.Errorf("host key: %w", err)
	}
	return true, nil
}

// writeNew writes a file that must not exist yet.
func writeNew(path string, data []byte, perm os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// hostKeyFingerprint is the SHA256 fingerprint of the key at path, as ssh shows it to students.
func hostKeyFingerprint(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("host key: %w", err)
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		return "", fmt.Errorf("host key %s: %s", path, shortErr(err))
	}
	return gossh.FingerprintSHA256(signer.PublicKey()), nil
}
