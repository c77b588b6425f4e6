//! gongwen: search, measure, compare and deduplicate Chinese official
//! documents (经验材料, 工作总结, 政府工作报告).
//!
//! The pipeline: [`corpus`] finds and decodes files into [`corpus::Document`]s;
//! [`ingest`] builds, per document and in parallel, one [`view::DocView`]
//! (normalized text, one [`segment`]ation pass, locality sections) that
//! the [`index`] and every [`analysis`] read; the results land in a
//! [`store`] generation as Parquet [`frames`]; [`report`] renders them.
//! `ARCHITECTURE.md` is the map.
//!
//! ```no_run
//! use gongwen::ingest::{ingest, IngestOptions, Silent};
//! use gongwen::index::{Searcher, SearchOptions};
//! use gongwen::store::Store;
//!
//! let summary = ingest(&IngestOptions::new("corpus", ".gongwen"), &Silent)?;
//! println!("{} documents", summary.documents);
//! let gen = Store::new(".gongwen").current()?;
//! let hits = Searcher::open(&gen.index_dir(), gen.query_segmenter("培训干部")?)?
//!     .search("培训干部", &SearchOptions { limit: 5, ..Default::default() })?;
//! for h in hits {
//!     println!("{:?} {}", h.title, h.snippet.to_html());
//! }
//! # Ok::<(), gongwen::error::Error>(())
//! ```

/// Declares regex statics compiled on first use:
/// `lazy_regex! { NAME = r"pattern"; … }` (a bad pattern is a bug: the
/// patterns are literals, and every one is exercised by the tests).
macro_rules! lazy_regex {
    ($($(#[$meta:meta])* $name:ident = $pattern:expr;)+) => {
        $($(#[$meta])*
        static $name: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new($pattern).expect(stringify!($name))
        });)+
    };
}

pub mod analysis;
pub mod corpus;
pub mod dedup;
pub mod error;
pub mod extract;
pub mod frames;
pub mod index;
pub mod ingest;
pub mod measure;
pub mod place;
pub mod report;
pub mod reuse;
pub mod segment;
pub mod store;
pub mod text;
pub mod view;

#[cfg(test)]
mod test_support;
