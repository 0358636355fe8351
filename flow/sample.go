package flow

import (
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Sample is the fictional person the walkthrough follows and the artefacts made for her. Every value
// here is illustrative: the real formats are not public. They are deterministic so that screens,
// handouts and golden tests are the same on every run. The token is real enough to teach with: it
// carries an ed25519 signature that really verifies. The ID number is the opposite on purpose: it has
// the real layout (region, date of birth, sequence, check character) but no real ID can have it, so
// it can never be somebody's; see sampleIDNumber.
// A Sample is not to be changed once made: its copies share one store of verification results.
type Sample struct {
	Name          string
	Sex           string // "female" or "male", as the ID number's 17th digit says
	IDNumber      string
	Phone         string
	NetworkNumber string
	CentreKey     ed25519.PublicKey
	centrePriv    ed25519.PrivateKey
	// verified keeps each verification result once made: signing and verifying cost a tenth of a
	// millisecond each, and start-up replays every step.
	verified *sync.Map // tokenKey → string
}

type tokenKey struct {
	platform Party
	mode     IdentifierMode
}

// TheSample is the one sample person. Building it derives a signing key, so it is made once, on first
// use rather than at start-up.
var TheSample = sync.OnceValue(newSample)

func newSample() Sample {
	seed := sha256.Sum256([]byte("cyberid: illustrative centre signing key"))
	priv := ed25519.NewKeyFromSeed(seed[:])
	num := sha256.Sum256([]byte("cyberid: illustrative network number"))
	return Sample{
		Name:          "Wang Fang (王芳)",
		Sex:           "female",
		IDNumber:      sampleIDNumber,
		Phone:         "+86 139 0000 0001",
		NetworkNumber: "WH" + encode32(num[:])[:14],
		CentreKey:     priv.Public().(ed25519.PublicKey),
		centrePriv:    priv,
		verified:      &sync.Map{},
	}
}

func encode32(b []byte) string {
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
}

// sampleIDNumber cannot belong to anyone, and a reader can check why without a calculator: its date of
// birth (digits 7 to 14) is 1990-02-30, a day that does not exist. Its check character is wrong too
// (0 where ISO 7064 gives 4), so any validator rejects it. The rest is consistent with the sample
// person: region 110101 is Beijing's Dongcheng district, and the 17th digit, 4, is even, which the
// national standard (GB 11643) gives to women, like Wang Fang.
const sampleIDNumber = "110101199002301240"

// sampleIDNote is shown with the number wherever it appears, so nobody takes it for a real one.
const sampleIDNote = " (not a valid ID number: 30 February does not exist)"

// withCheckDigit appends the ISO 7064 MOD 11-2 check character that Chinese resident ID numbers use,
// the check that ValidIDNumber makes.
func withCheckDigit(first17 string) string {
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, r := range first17 {
		sum += int(r-'0') * weights[i]
	}
	return first17 + string("10X98765432"[sum%11])
}

// ValidIDNumber reports whether an 18-character ID number could be real: 17 digits, a date of birth
// that exists, and the right check character.
func ValidIDNumber(s string) bool {
	if len(s) != 18 {
		return false
	}
	for _, r := range s[:17] {
		if r < '0' || r > '9' {
			return false
		}
	}
	if _, err := time.Parse("20060102", s[6:14]); err != nil {
		return false
	}
	return withCheckDigit(s[:17]) == s
}

// IDNumberSex is the sex an ID number's 17th digit encodes: odd for men, even for women.
func IDNumberSex(s string) string {
	if len(s) < 17 || s[16] < '0' || s[16] > '9' {
		return ""
	}
	if (s[16]-'0')%2 == 0 {
		return "female"
	}
	return "male"
}

// PlatformID derives a per-platform identifier from the network number, the way pairwise identifiers
// work in OpenID Connect: stable for one platform, unrelated between platforms, and reversible only
// by the centre that holds the key.
func (s Sample) PlatformID(p Party) string {
	mac := hmac.New(sha256.New, s.centrePriv.Seed())
	mac.Write([]byte(s.NetworkNumber + "|" + string(p)))
	return "P" + strings.ToLower(encode32(mac.Sum(nil))[:15])
}

// Identifier is what a platform receives to know the person by, under an assumption.
func (s Sample) Identifier(p Party, mode IdentifierMode) string {
	switch mode {
	case SameNumber:
		return s.NetworkNumber
	case PerPlatform:
		return s.PlatformID(p)
	}
	return ""
}

// tokenClaims is the illustrative content of a verification result.
type tokenClaims struct {
	Audience string `json:"aud"`
	Result   string `json:"result"`
	Subject  string `json:"sub,omitempty"`
	Issued   string `json:"iat"`
}

// Token is a verification result for one platform, signed with the centre's key.
func (s Sample) Token(p Party, mode IdentifierMode) string {
	claims, _ := json.Marshal(tokenClaims{
		Audience: string(p),
		Result:   "verified",
		Subject:  s.Identifier(p, mode),
		Issued:   "2025-07-15T09:12:00+08:00",
	})
	payload := base64.RawURLEncoding.EncodeToString(claims)
	sig := ed25519.Sign(s.centrePriv, []byte(payload))
	return payload + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// VerifyToken checks a token's signature with the centre's public key, as a platform would, and
// returns its claims. Any malformed token is an error, never a panic: tokens are input.
func VerifyToken(pub ed25519.PublicKey, token string) (aud, result, subject string, err error) {
	payload, sig64, ok := strings.Cut(token, ".")
	if !ok {
		return "", "", "", fmt.Errorf("token has no signature part")
	}
	sig, err := base64.RawURLEncoding.DecodeString(sig64)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return "", "", "", fmt.Errorf("token signature is not well formed")
	}
	if len(pub) != ed25519.PublicKeySize || !ed25519.Verify(pub, []byte(payload), sig) {
		return "", "", "", fmt.Errorf("signature does not verify with the centre's public key")
	}
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return "", "", "", fmt.Errorf("token payload is not well formed")
	}
	var c tokenClaims
	if err := json.Unmarshal(raw, &c); err != nil {
		return "", "", "", fmt.Errorf("token payload is not JSON: %v", err)
	}
	return c.Audience, c.Result, c.Subject, nil
}

// KeyFingerprint is a short, printable form of the centre's public key.
func (s Sample) KeyFingerprint() string {
	sum := sha256.Sum256(s.CentreKey)
	return "ed25519:" + base64.RawStdEncoding.EncodeToString(sum[:])[:16]
}

// Value is the illustrative sample value of an item held by a party.
func (s Sample) Value(it Item, holder, about Party, mode IdentifierMode) string {
	switch it {
	case Name:
		return s.Name
	case IDNumber:
		return s.IDNumber + sampleIDNote
	case Phone:
		return s.Phone
	case FaceScan:
		return "face template, about 2 KB of numbers"
	case Password:
		return "set by you; the app keeps it, shown here as ••••••"
	case NetworkNumber:
		return s.NetworkNumber
	case Credential:
		return "carries " + s.NetworkNumber + ", signed by " + s.KeyFingerprint()
	case PlatformID:
		return s.PlatformID(about)
	case VerificationResult:
		if s.verified == nil {
			return s.verification(about, mode)
		}
		k := tokenKey{about, mode}
		if v, ok := s.verified.Load(k); ok {
			return v.(string)
		}
		v := s.verification(about, mode)
		s.verified.Store(k, v)
		return v
	case LoginRecord:
		id := s.Identifier(about, mode)
		if id == "" {
			id = s.NetworkNumber
		}
		return "2025-07-15 09:12 · " + PartyShort(about) + " · " + id
	case Activity:
		if about == PlatformB {
			return "orders, searches, delivery address"
		}
		return "posts, chats, contacts, payments"
	case Report:
		return "account on " + PartyShort(about) + " reported for a post"
	}
	return ""
}

// WeekEntry is one login in the illustrative week used by the "mandatory" scenario.
type WeekEntry struct {
	When    string
	Service string
}

// Week is an ordinary week online for the sample person: every entry is illustrative, made up to show
// what a central authentication log would collect if every login went through it.
func (s Sample) Week() []WeekEntry {
	days := []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
	daily := []WeekEntry{{"07:40", "WeChat (messages)"}, {"12:15", "Taobao (shopping)"}, {"21:30", "Weibo (posts)"}}
	extra := map[string][]WeekEntry{
		"Tue": {{"19:05", "a news site"}},
		"Wed": {{"08:50", "a ride-hailing app"}},
		"Thu": {{"22:10", "an online game"}},
		"Fri": {{"18:20", "a bank"}},
		"Sat": {{"10:00", "a hospital booking service"}},
		"Sun": {{"16:45", "a video site"}},
	}
	var out []WeekEntry
	for _, d := range days {
		day := append(append([]WeekEntry(nil), daily...), extra[d]...)
		// a log reads in time order; "HH:MM" sorts as text
		slices.SortStableFunc(day, func(a, b WeekEntry) int { return strings.Compare(a.When, b.When) })
		for _, e := range day {
			out = append(out, WeekEntry{When: d + " " + e.When, Service: e.Service})
		}
	}
	return out
}

// verification is a platform's view of a verification result: the token checked with the centre's key.
func (s Sample) verification(about Party, mode IdentifierMode) string {
	tok := s.Token(about, mode)
	aud, res, sub, err := VerifyToken(s.CentreKey, tok)
	if err != nil {
		return tok
	}
	what := res + " for " + aud
	if sub != "" {
		what += ", subject " + sub
	}
	return what + "; signature checks out with the centre's public key; token " + tok[:12] + "…" + tok[len(tok)-8:]
}
