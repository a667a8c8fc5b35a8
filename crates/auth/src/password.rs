//! argon2id password hashing, off the async runtime.

use std::sync::{Arc, OnceLock};

use argon2::{
    Algorithm, Argon2, Params, Version,
    password_hash::{
        PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString, rand_core::OsRng,
    },
};
use domain::Password;
use tracing::Instrument as _;

use crate::AccountError;

/// Hashes and verifies passwords with argon2id.
///
/// The default parameters are OWASP's recommendation (2025 cheat sheet): 19 MiB of memory, two
/// passes, one lane. Each call runs on tokio's blocking pool so it never stalls other requests.
#[derive(Clone)]
pub struct PasswordHasher {
    argon2: Arc<Argon2<'static>>,
    /// A hash of a random password with the same parameters, verified when the user is unknown
    /// so that an unknown name costs the same time as a wrong password.
    dummy: Arc<OnceLock<String>>,
}

impl std::fmt::Debug for PasswordHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordHasher")
            .field("params", self.argon2.params())
            .finish()
    }
}

impl Default for PasswordHasher {
    fn default() -> Self {
        Self::new(Params::new(19 * 1024, 2, 1, None).expect("valid OWASP argon2 parameters"))
    }
}

impl PasswordHasher {
    /// A hasher with explicit argon2id parameters.
    pub fn new(params: Params) -> Self {
        Self {
            argon2: Arc::new(Argon2::new(Algorithm::Argon2id, Version::V0x13, params)),
            dummy: Arc::default(),
        }
    }

    /// Hashes a new password into a PHC string (algorithm, parameters, salt and hash).
    pub async fn hash(&self, password: &Password) -> Result<String, AccountError> {
        let argon2 = Arc::clone(&self.argon2);
        let password = password.clone();
        blocking(move || {
            let salt = SaltString::generate(&mut OsRng);
            argon2
                .hash_password(password.expose().as_bytes(), &salt)
                .map(|hash| hash.to_string())
                .map_err(|e| AccountError::Internal(e.to_string().into()))
        })
        .await
    }

    /// Checks `password` against `hash`, or against a dummy hash when `hash` is `None` (an
    /// unknown user), so both cases take the same time. Returns whether it matched.
    pub async fn verify(&self, password: &str, hash: Option<&str>) -> Result<bool, AccountError> {
        let argon2 = Arc::clone(&self.argon2);
        let known = hash.is_some();
        let hash = match hash {
            Some(hash) => hash.to_owned(),
            None => self.dummy_hash().await?,
        };
        let password = password.to_owned();
        blocking(move || {
            let parsed = PasswordHash::new(&hash)
                .map_err(|e| AccountError::Internal(e.to_string().into()))?;
            Ok(argon2.verify_password(password.as_bytes(), &parsed).is_ok() && known)
        })
        .await
    }

    async fn dummy_hash(&self) -> Result<String, AccountError> {
        if let Some(hash) = self.dummy.get() {
            return Ok(hash.clone());
        }
        let random = Password::parse(SaltString::generate(&mut OsRng).as_str().to_owned())
            .map_err(|e| AccountError::Internal(e.to_string().into()))?;
        let hash = self.hash(&random).await?;
        Ok(self.dummy.get_or_init(|| hash).clone())
    }
}

/// Runs CPU-heavy work on the blocking pool, inside the caller's tracing span.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, AccountError> + Send + 'static,
) -> Result<T, AccountError> {
    let span = tracing::Span::current();
    tokio::task::spawn_blocking(move || span.in_scope(work))
        .instrument(tracing::Span::current())
        .await
        .map_err(|e| AccountError::Internal(Box::new(e)))?
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fast() -> PasswordHasher {
        // Small parameters: these tests are about behaviour, not cost.
        PasswordHasher::new(Params::new(256, 1, 1, None).unwrap())
    }

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_nothing_else() {
        let hasher = fast();
        let password = Password::parse("correct horse battery".into()).unwrap();
        let hash = hasher.hash(&password).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=256,t=1,p=1$"), "{hash}");
        assert!(
            hasher
                .verify("correct horse battery", Some(&hash))
                .await
                .unwrap()
        );
        assert!(
            !hasher
                .verify("correct horse batterY", Some(&hash))
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn an_unknown_user_never_verifies() {
        let hasher = fast();
        assert!(!hasher.verify("anything at all", None).await.unwrap());
    }

    #[test]
    fn the_default_parameters_are_owasps() {
        let hasher = PasswordHasher::default();
        let params = hasher.argon2.params();
        assert_eq!(
            (params.m_cost(), params.t_cost(), params.p_cost()),
            (19 * 1024, 2, 1)
        );
    }
}
