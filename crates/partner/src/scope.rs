//! What a partner may read, in the words of the token's `scope`.

use std::collections::BTreeSet;

/// One permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// Workout summaries, samples and files.
    WorkoutsRead,
    /// Daily activity.
    ActivityRead,
    /// Profile and physical information.
    ProfileRead,
    /// AccessLink's single scope: all three above.
    AccessLinkReadAll,
}

impl Scope {
    /// The scope that lets a partner read a kind of AccessLink data.
    pub fn to_read(kind: db::DataKind) -> Self {
        match kind {
            db::DataKind::Exercise => Self::WorkoutsRead,
            db::DataKind::Activity => Self::ActivityRead,
            db::DataKind::Physical => Self::ProfileRead,
        }
    }

    /// Every scope.
    pub const ALL: [Self; 4] = [
        Self::WorkoutsRead,
        Self::ActivityRead,
        Self::ProfileRead,
        Self::AccessLinkReadAll,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::WorkoutsRead => "workouts:read",
            Self::ActivityRead => "activity:read",
            Self::ProfileRead => "profile:read",
            Self::AccessLinkReadAll => "accesslink.read_all",
        }
    }

    /// What the consent page says it allows.
    pub fn describe(self) -> &'static str {
        match self {
            Self::WorkoutsRead => {
                "Read your workouts: summaries, heart rate, pace, routes and the workout files"
            }
            Self::ActivityRead => "Read your daily activity: steps, active time and calories",
            Self::ProfileRead => "Read your profile: name and heart-rate settings",
            Self::AccessLinkReadAll => {
                "Read all your training data: workouts with routes and files, daily activity and profile"
            }
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|scope| scope.as_str() == s)
    }
}

/// A set of scopes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scopes(BTreeSet<Scope>);

impl Scopes {
    /// Parses a space-separated list (commas are accepted too: some clients send them).
    /// Returns the first unknown name on failure.
    pub fn parse(s: &str) -> Result<Self, String> {
        s.split([' ', ','])
            .filter(|part| !part.is_empty())
            .map(|part| Scope::parse(part).ok_or_else(|| part.to_owned()))
            .collect::<Result<BTreeSet<_>, _>>()
            .map(Self)
    }

    /// Parses what this crate stored; unknown names (from a newer version) are dropped.
    pub fn from_stored(s: &str) -> Self {
        Self(s.split_whitespace().filter_map(Scope::parse).collect())
    }

    /// Whether the set grants `scope`, directly or through `accesslink.read_all`.
    pub fn allows(&self, scope: Scope) -> bool {
        self.0.contains(&scope)
            || (scope != Scope::AccessLinkReadAll && self.0.contains(&Scope::AccessLinkReadAll))
    }

    /// Whether every scope of `other` is in this set.
    pub fn contains_all(&self, other: &Self) -> bool {
        other.0.is_subset(&self.0)
    }

    /// Both sets together.
    pub fn union(&self, other: &Self) -> Self {
        Self(self.0.union(&other.0).copied().collect())
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The scopes, in a stable order.
    pub fn iter(&self) -> impl Iterator<Item = Scope> + '_ {
        self.0.iter().copied()
    }
}

impl std::fmt::Display for Scopes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<_> = self.0.iter().map(|s| s.as_str()).collect();
        f.write_str(&names.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_spaces_and_commas_and_names_the_unknown_one() {
        let s = Scopes::parse("workouts:read,activity:read  profile:read").unwrap();
        assert_eq!(s.to_string(), "workouts:read activity:read profile:read");
        assert_eq!(
            Scopes::parse("workouts:read admin").unwrap_err(),
            "admin".to_owned()
        );
    }

    #[test]
    fn accesslink_read_all_allows_the_three_reads() {
        let all = Scopes::parse("accesslink.read_all").unwrap();
        assert!(all.allows(Scope::WorkoutsRead) && all.allows(Scope::ProfileRead));
        let workouts = Scopes::parse("workouts:read").unwrap();
        assert!(!workouts.allows(Scope::ActivityRead));
        assert!(!workouts.allows(Scope::AccessLinkReadAll));
        assert!(all.union(&workouts).contains_all(&workouts));
    }
}
