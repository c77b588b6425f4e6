//! Measures over a store that a dictionary or a term defines: term counts
//! and attention measures per locality and year (`terms`), and keyword in
//! context (`kwic`). (The comparisons and the panel, measures over the
//! indicators, live in `report`, beside the sections that show them.)

pub mod dict;
pub mod kwic;
pub mod terms;

pub use dict::{DictError, Dictionary};
