//! Random secrets (client secrets, codes, tokens) and the hashes they are stored as.
//!
//! Every secret is 256 random bits, so a fast hash is enough: nobody can guess one to test
//! against a stolen hash. Lookups go by hash; a client secret is compared in constant time.

use base64::Engine as _;
use rand::RngCore as _;
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq as _;

/// `prefix` followed by 256 random bits, base64url. The prefix says what it is (for secret
/// scanners and for people reading logs they should not have).
pub fn generate(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!(
        "{prefix}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

/// A temporary password an administrator passes on by hand: 20 characters from an alphabet
/// without look-alikes (no 0/o, 1/l/i), in groups of five: about 100 random bits.
pub fn temporary_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    let mut out = String::with_capacity(23);
    for i in 0..20 {
        if i > 0 && i % 5 == 0 {
            out.push('-');
        }
        // Rejection sampling keeps every character equally likely.
        let index = loop {
            let byte = (rng.next_u32() & 0xff) as usize;
            if byte < 256 - 256 % ALPHABET.len() {
                break byte % ALPHABET.len();
            }
        };
        out.push(ALPHABET[index] as char);
    }
    out
}

/// 128 random bits as 32 hex digits (client ids, webhook ids).
pub fn random_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    hex(&bytes)
}

/// A random positive id below 2^53, so that JavaScript clients read it exactly.
pub fn random_user_id() -> i64 {
    (rand::rng().next_u64() >> 11).max(1) as i64
}

/// SHA-256 of a secret, hex: what is stored.
pub fn hash(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

/// Whether `secret` hashes to `stored`, compared in constant time.
pub fn matches(secret: &str, stored: &str) -> bool {
    hash(secret).as_bytes().ct_eq(stored.as_bytes()).into()
}

/// The PKCE S256 transform of a verifier (RFC 7636 §4.2).
pub fn pkce_challenge(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// HMAC-SHA256 of `body` keyed with `key`, lower-case hex: the webhook signature AccessLink
/// partners check (`Polar-Webhook-Signature`).
pub fn sign(key: &str, body: &[u8]) -> String {
    use hmac::{Hmac, Mac as _};
    let mut mac =
        Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes any key length");
    mac.update(body);
    hex(&mac.finalize().into_bytes())
}

/// Lower-case hex (the one writer, in `domain`; re-exported for the secrets' users).
pub use domain::hex;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_matches_the_rfc_7636_example() {
        // RFC 7636, Appendix B.
        assert_eq!(
            pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn signs_as_rfc_4231_test_case_2() {
        assert_eq!(
            sign("Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn secrets_are_distinct_prefixed_and_match_only_their_hash() {
        let a = generate("lps_");
        let b = generate("lps_");
        assert!(a.starts_with("lps_") && a.len() == 4 + 43);
        assert_ne!(a, b);
        assert!(matches(&a, &hash(&a)));
        assert!(!matches(&b, &hash(&a)));
        assert!(random_user_id() > 0 && random_user_id() < 1 << 53);
    }
}
