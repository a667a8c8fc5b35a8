//! Database URLs: which backend, and a `Debug` that never shows the password.

use std::fmt;

/// The two supported databases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite, one file under the data directory: the embedded default.
    Sqlite,
    /// Postgres, for deployments with several server instances.
    Postgres,
}

/// Why a database URL was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("database URL must start with sqlite:// or postgres:// (got {scheme:?})")]
pub struct UrlError {
    /// The scheme found, without the password-bearing rest.
    pub scheme: String,
}

/// A `sqlite://` or `postgres://` URL. Its `Debug` and `Display` mask any password.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    url: String,
    backend: Backend,
}

impl DatabaseUrl {
    /// Parses a URL, accepting `sqlite:`, `postgres:` and `postgresql:` schemes.
    pub fn parse(url: &str) -> Result<Self, UrlError> {
        let scheme = url.split_once(':').map_or(url, |(scheme, _)| scheme);
        let backend = match scheme {
            "sqlite" => Backend::Sqlite,
            "postgres" | "postgresql" => Backend::Postgres,
            other => {
                return Err(UrlError {
                    scheme: other.chars().take(16).collect(),
                });
            }
        };
        Ok(Self {
            url: url.to_owned(),
            backend,
        })
    }

    /// The SQLite URL of `laps.db` in `data_dir`.
    pub fn sqlite_in(data_dir: &std::path::Path) -> Self {
        Self {
            url: format!("sqlite://{}", data_dir.join("laps.db").display()),
            backend: Backend::Sqlite,
        }
    }

    /// The file a `sqlite://` URL names (its query string dropped); `None` for Postgres and
    /// for an in-memory database, which have no file to copy or restore into.
    pub fn sqlite_path(&self) -> Option<std::path::PathBuf> {
        if self.backend != Backend::Sqlite {
            return None;
        }
        let rest = self.url.strip_prefix("sqlite:")?;
        let rest = rest.strip_prefix("//").unwrap_or(rest);
        let path = rest.split_once('?').map_or(rest, |(path, _)| path);
        (!path.is_empty() && path != ":memory:").then(|| std::path::PathBuf::from(path))
    }

    /// Which database the URL points at.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The full URL, password included: only for connecting.
    pub fn expose(&self) -> &str {
        &self.url
    }

    fn masked(&self) -> String {
        // scheme://user:password@host/... -> scheme://user:***@host/...
        let Some((scheme, rest)) = self.url.split_once("://") else {
            return self.url.clone();
        };
        let (authority, path) = rest
            .split_once('/')
            .map_or((rest, None), |(a, p)| (a, Some(p)));
        let authority = match authority.rsplit_once('@') {
            Some((userinfo, host)) => {
                let user = userinfo.split_once(':').map_or(userinfo, |(user, _)| user);
                format!("{user}:***@{host}")
            }
            None => authority.to_owned(),
        };
        // Query strings can carry `password=` too; drop them from the display.
        let path = path.map(|p| p.split_once('?').map_or(p, |(p, _)| p));
        match path {
            Some(path) => format!("{scheme}://{authority}/{path}"),
            None => format!("{scheme}://{authority}"),
        }
    }
}

impl std::str::FromStr for DatabaseUrl {
    type Err = UrlError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl<'de> serde::Deserialize<'de> for DatabaseUrl {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("DatabaseUrl").field(&self.masked()).finish()
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_show_in_debug_or_display() {
        let url = DatabaseUrl::parse("postgres://laps:s3cret@db.example:5432/laps?password=s3cret")
            .unwrap();
        for shown in [format!("{url:?}"), url.to_string()] {
            assert!(!shown.contains("s3cret"), "{shown}");
            assert!(shown.contains("laps:***@db.example:5432/laps"), "{shown}");
        }
    }

    #[test]
    fn a_sqlite_url_names_its_file() {
        let file = |url: &str| DatabaseUrl::parse(url).unwrap().sqlite_path();
        assert_eq!(
            file("sqlite:///srv/laps/laps.db?mode=rwc"),
            Some("/srv/laps/laps.db".into())
        );
        assert_eq!(file("sqlite://data/laps.db"), Some("data/laps.db".into()));
        assert_eq!(file("sqlite::memory:"), None);
        assert_eq!(file("postgres://h/d"), None);
    }

    #[test]
    fn schemes_pick_the_backend() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://x.db").unwrap().backend(),
            Backend::Sqlite
        );
        assert_eq!(
            DatabaseUrl::parse("postgresql://h/d").unwrap().backend(),
            Backend::Postgres
        );
        assert_eq!(
            DatabaseUrl::parse("mysql://u:p@h/d").unwrap_err(),
            UrlError {
                scheme: "mysql".into()
            }
        );
    }
}
