//! Helpers shared by the unit tests.

use proptest::prelude::*;
use std::ops::Range;

/// Strings made of `len` pieces drawn from `pieces`: text in which the
/// marks a parser cares about meet in every order.
pub fn joined(pieces: Vec<&'static str>, len: Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(pieces), len).prop_map(|v| v.concat())
}
