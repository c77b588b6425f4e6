//! The small enums of an indicator record and their contract strings.

use std::fmt;
use std::str::FromStr;

/// Declares a string-backed enum with `as_str`, `Display` and `FromStr`.
macro_rules! contract_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// The contract string of this value.
            pub fn as_str(&self) -> &'static str {
                match self { $($name::$variant => $s),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($s => Ok($name::$variant),)+
                    _ => Err(format!("unknown {} `{s}`", stringify!($name).to_lowercase())),
                }
            }
        }
    };
}

contract_enum!(
    /// What an indicator measures.
    Kind { Growth => "growth", Amount => "amount", Count => "count", Ratio => "ratio", Measure => "measure", Rank => "rank" }
);
contract_enum!(
    /// How the number is hedged or bounded.
    Modifier { Approx => "approx", MoreThan => "more_than", AtLeast => "at_least", AtMost => "at_most", Range => "range" }
);
contract_enum!(
    /// What kind of statement the figure is.
    Status { Actual => "actual", Target => "target", Average => "average", Comparison => "comparison", Criterion => "criterion" }
);
contract_enum!(
    /// Direction of a growth figure.
    Direction { Up => "up", Down => "down" }
);
contract_enum!(
    /// What a growth figure is measured against.
    Basis { Yoy => "yoy", Mom => "mom" }
);

contract_enum!(
    /// The time a figure covers (see `extract::period`).
    Period { Year => "year", MultiYear => "multi_year", Ytd => "ytd", Quarter => "quarter", Month => "month" }
);

/// A row read without its period (written before periods) is a year's.
impl Default for Period {
    fn default() -> Self {
        Period::Year
    }
}

contract_enum!(
    /// Where a document's locality (its issuer) was found, for a
    /// researcher to audit it: the corpus's metadata (or `ingest
    /// --locality`), the title (or the report's own heading line), the
    /// issuing body named in the text (我代表…人民政府), or, as a last
    /// resort, the place the text mentions most.
    LocalitySource { Metadata => "metadata", Title => "title", Issuer => "issuer", Mentions => "mentions" }
);

/// A row read without its kind (never written so) counts as a growth.
impl Default for Kind {
    fn default() -> Self {
        Kind::Growth
    }
}

/// A row read without its status (never written so) counts as actual.
impl Default for Status {
    fn default() -> Self {
        Status::Actual
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_strings_round_trip() {
        for k in [
            Kind::Growth,
            Kind::Amount,
            Kind::Count,
            Kind::Ratio,
            Kind::Measure,
            Kind::Rank,
        ] {
            assert_eq!(k.as_str().parse::<Kind>(), Ok(k));
        }
        assert_eq!(Modifier::MoreThan.as_str(), "more_than");
        assert_eq!("at_least".parse::<Modifier>(), Ok(Modifier::AtLeast));
        assert_eq!(Status::Comparison.to_string(), "comparison");
        assert!("sideways".parse::<Direction>().is_err());
        assert_eq!(Basis::Yoy.as_str(), "yoy");
    }
}
