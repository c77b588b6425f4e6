//! `gongwen reuse`: passages shared across documents, clustered, earliest
//! first; `--diff A B`: the passages two documents share, aligned.

use super::dedup::{headed, two};
use super::options::{Format, Global};
use super::Outcome;
use anyhow::Result;
use gongwen::report::tables;
use gongwen::reuse::rows::{self, Query};
use gongwen::store::Store;

pub fn run(global: &Global, query: &Query, format: Format) -> Result<Outcome> {
    let gen = Store::new(&global.store).current()?;
    let rows = rows::reuse(gen.dir(), query)?;
    if rows.is_empty() {
        let place = query
            .locality
            .as_deref()
            .map_or(String::new(), |l| format!(" with {l}"));
        return Ok(Outcome::Nothing(format!(
            "no passage of {} characters or more is shared{place}",
            query.min_chars
        )));
    }
    let clusters: std::collections::BTreeSet<usize> = rows.iter().map(|r| r.cluster).collect();
    global.out().table(&tables::reuse(&rows), format);
    global.messages.note(format_args!(
        "{} passages in {} clusters",
        rows.len(),
        clusters.len()
    ));
    Ok(Outcome::Done)
}

/// Prints the passages documents `a` and `b` share, each aligned with what
/// differs marked.
pub fn diff(global: &Global, a: &str, b: &str, min_chars: usize) -> Result<Outcome> {
    let (da, db) = two(global, a, b)?;
    let (ta, tb) = (
        da.text.as_deref().unwrap_or(""),
        db.text.as_deref().unwrap_or(""),
    );
    let shared = gongwen::reuse::shared(ta, tb, min_chars);
    if shared.is_empty() {
        return Ok(Outcome::Nothing(format!(
            "the two documents share no passage of {min_chars} characters or more"
        )));
    }
    let mut out = headed(global, &da, &db);
    for (ra, rb) in shared {
        out.line(&format!(
            "= A bytes {}-{}  B bytes {}-{}",
            ra.start, ra.end, rb.start, rb.end
        ));
        out.line(&format!("~ {}", gongwen::dedup::marked(&ta[ra], &tb[rb])));
    }
    Ok(Outcome::Done)
}
