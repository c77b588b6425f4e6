//! The metric table: stable metric ids and the surface forms that name them,
//! loaded from a tab-separated data file that users can extend.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::Kind;

/// One surface form of the table.
#[derive(Debug, Clone)]
struct Entry {
    /// The metric id, or None for a blocking phrase.
    id: Option<String>,
    /// The kinds the metric applies to; None for all.
    kinds: Option<Vec<Kind>>,
    form: String,
}

/// A metric mention found in a text: byte span and table entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    entry: usize,
}

/// Metric ids with their surface forms, matched leftmost-longest and
/// ASCII-case-insensitively (`gdp` = `GDP`).
#[derive(Debug, Clone)]
pub struct MetricTable {
    entries: Vec<Entry>,
    /// (part, whole): 城镇居民人均可支配收入 of 居民人均可支配收入.
    parts: Vec<(String, String)>,
    matcher: Option<AhoCorasick>,
}

impl MetricTable {
    /// The table shipped with gongwen (`data/metrics.tsv`).
    pub fn builtin() -> Self {
        Self::from_tsv(include_str!("../../data/metrics.tsv")).unwrap_or_else(|_| Self::empty())
    }

    /// A table with no metrics.
    pub fn empty() -> Self {
        MetricTable {
            entries: Vec::new(),
            parts: Vec::new(),
            matcher: None,
        }
    }

    /// Parses the table format: `id<TAB>kinds<TAB>form|form…[<TAB>whole]`,
    /// `#` comments.
    pub fn from_tsv(tsv: &str) -> Result<Self, String> {
        let mut entries = Vec::new();
        let mut parts = Vec::new();
        for (n, line) in tsv.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let (es, whole) =
                parse_line(line).map_err(|e| format!("metric table line {}: {e}", n + 1))?;
            if let (Some(whole), Some(id)) = (whole, es.first().and_then(|e| e.id.clone())) {
                parts.push((id, whole));
            }
            entries.extend(es);
        }
        Ok(Self::from_entries(entries, parts))
    }

    /// Adds the entries of `other` (its forms are matched alongside ours).
    pub fn extend(&mut self, other: MetricTable) {
        let mut entries = std::mem::take(&mut self.entries);
        let mut parts = std::mem::take(&mut self.parts);
        entries.extend(other.entries);
        parts.extend(other.parts);
        *self = Self::from_entries(entries, parts);
    }

    /// The ids of the metrics the table names as parts of `whole`.
    pub fn parts_of(&self, whole: &str) -> Vec<&str> {
        self.parts
            .iter()
            .filter(|(_, w)| w == whole)
            .map(|(p, _)| p.as_str())
            .collect()
    }

    /// The distinct metric ids of the table.
    pub fn ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .entries
            .iter()
            .filter_map(|e| e.id.as_deref())
            .collect();
        ids.dedup();
        ids
    }

    fn from_entries(entries: Vec<Entry>, parts: Vec<(String, String)>) -> Self {
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .build(entries.iter().map(|e| e.form.as_str()))
            .ok();
        MetricTable {
            entries,
            parts,
            matcher,
        }
    }

    /// Every metric mention in `text`, left to right.
    pub fn mentions(&self, text: &str) -> Vec<Mention> {
        let Some(m) = &self.matcher else {
            return Vec::new();
        };
        m.find_iter(text)
            .map(|hit| Mention {
                start: hit.start(),
                end: hit.end(),
                entry: hit.pattern().as_usize(),
            })
            .collect()
    }

    /// The metric id a mention names, if it applies to `kind`. Blocking
    /// phrases and metrics of other kinds give None.
    pub fn id_for(&self, mention: &Mention, kind: Kind) -> Option<&str> {
        let e = self.entries.get(mention.entry)?;
        // A rank ranks the metric, whatever kinds its figures take.
        let applies = kind == Kind::Rank || e.kinds.as_ref().is_none_or(|ks| ks.contains(&kind));
        if applies {
            e.id.as_deref()
        } else {
            None
        }
    }
}

/// One table line → its entries, and the whole it is a part of.
fn parse_line(line: &str) -> Result<(Vec<Entry>, Option<String>), String> {
    let cols: Vec<&str> = line.split('\t').collect();
    let (id, kinds, forms, whole) = match cols[..] {
        [id, kinds, forms] => (id, kinds, forms, None),
        [id, kinds, forms, whole] => (id, kinds, forms, Some(whole.trim())),
        _ => {
            return Err(format!(
                "expected 3 or 4 tab-separated columns, found {}",
                cols.len()
            ))
        }
    };
    let whole = whole.filter(|w| !w.is_empty()).map(str::to_string);
    let id = (id.trim() != "-").then(|| id.trim().to_string());
    let kinds = parse_kinds(kinds.trim())?;
    let entries = forms
        .split('|')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(|form| Entry {
            id: id.clone(),
            kinds: kinds.clone(),
            form: form.to_string(),
        })
        .collect();
    Ok((entries, whole))
}

/// `*`/`-` → all kinds; otherwise a comma list of kind names.
fn parse_kinds(s: &str) -> Result<Option<Vec<Kind>>, String> {
    if s == "*" || s == "-" {
        return Ok(None);
    }
    s.split(',')
        .map(|k| k.trim().parse::<Kind>())
        .collect::<Result<_, _>>()
        .map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_id(t: &MetricTable, text: &str, kind: Kind) -> Option<String> {
        let m = t.mentions(text);
        m.first()
            .and_then(|m| t.id_for(m, kind))
            .map(str::to_string)
    }

    #[test]
    fn builtin_table_names_the_contract_ids() {
        let t = MetricTable::builtin();
        for id in [
            "gdp",
            "fiscal_revenue",
            "retail_sales",
            "trade",
            "unemployment_rate",
            "rural_income",
        ] {
            assert!(t.ids().contains(&id), "{id}");
        }
        assert_eq!(
            first_id(&t, "全市共完成gdp", Kind::Amount).as_deref(),
            Some("gdp")
        );
        assert_eq!(
            first_id(&t, "农民人均现金收入", Kind::Growth).as_deref(),
            Some("rural_income")
        );
    }

    #[test]
    fn longer_blocking_phrases_win() {
        let t = MetricTable::builtin();
        assert_eq!(first_id(&t, "人均地区生产总值", Kind::Growth), None);
        assert_eq!(first_id(&t, "单位GDP能耗", Kind::Growth), None);
        assert_eq!(first_id(&t, "地区生产总值", Kind::Ratio), None);
    }

    #[test]
    fn users_can_extend_and_errors_name_the_line() {
        let mut t = MetricTable::builtin();
        t.extend(MetricTable::from_tsv("grain_output\tamount\t粮食产量|粮食总产量\n").unwrap());
        assert_eq!(
            first_id(&t, "粮食总产量", Kind::Amount).as_deref(),
            Some("grain_output")
        );
        let extra =
            "grain_output\tamount\t粮食产量\nsummer_grain\tamount\t夏粮产量\tgrain_output\n";
        t.extend(MetricTable::from_tsv(extra).unwrap());
        assert_eq!(t.parts_of("grain_output"), ["summer_grain"]);
        assert_eq!(t.parts_of("trade"), ["exports", "imports"]);
        assert_eq!(
            t.parts_of("disposable_income"),
            ["rural_income", "urban_income"]
        );
        let err = MetricTable::from_tsv("# c\nbad line\n").unwrap_err();
        assert!(err.contains("line 2"), "{err}");
        assert!(MetricTable::from_tsv("x\tcolour\ty\n").is_err());
    }
}
