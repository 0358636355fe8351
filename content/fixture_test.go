package content

import (
	"os"
	"testing"
)

// The frozen walkthrough the golden tests of ui and export draw from stays valid for this loader.
func TestTestdataWalkthroughLoads(t *testing.T) {
	w, err := LoadFS(os.DirFS("../testdata/walkthrough"))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"before", "login-a", "login-b", "breach", "mandatory"} {
		if _, ok := w.StepIndex(id); !ok {
			t.Errorf("the golden tests need step %q", id)
		}
	}
}
