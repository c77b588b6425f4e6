//! Shards of a corpus: `ingest --shard K/N` takes the files whose stable
//! hash falls in shard K of N, so that N machines (or Spark tasks) ingest
//! a corpus between them and `gongwen merge` joins their stores.
//!
//! The hash is FNV-1a (64 bits) of the file's source path as the store
//! records it (relative to the corpus, `/`-separated, UTF-8): stable across
//! machines, runs and releases, and a few lines in any language (the Spark
//! job and the tests compute it too). A file's documents keep their ids
//! whatever the sharding, since ids come from the source, not the shard.

use std::fmt;

/// Shard `k` of `n` (1 ≤ k ≤ n).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub k: u32,
    pub n: u32,
}

impl Shard {
    /// Parses `K/N`; the message says what is wrong.
    pub fn parse(spec: &str) -> Result<Shard, String> {
        let bad = |why: &str| format!("--shard {spec:?}: {why} (write K/N, 1 ≤ K ≤ N, e.g. 2/4)");
        let (k, n) = spec.split_once('/').ok_or_else(|| bad("no slash"))?;
        let num = |s: &str| s.trim().parse::<u32>().map_err(|_| bad("not a number"));
        let (k, n) = (num(k)?, num(n)?);
        if n == 0 {
            return Err(bad("there must be at least one shard"));
        }
        if k == 0 || k > n {
            return Err(bad(&format!("shard {k} is not one of 1 to {n}")));
        }
        Ok(Shard { k, n })
    }

    /// Whether the file with this source path belongs to this shard.
    pub fn holds(&self, source: &str) -> bool {
        shard_of(source, self.n) == self.k
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

/// The shard (1-based) of `n` that a file with this source path falls in.
pub fn shard_of(source: &str, n: u32) -> u32 {
    (fnv1a(source.as_bytes()) % u64::from(n.max(1))) as u32 + 1
}

/// FNV-1a, 64 bits.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_are_checked() {
        assert_eq!(Shard::parse("2/4"), Ok(Shard { k: 2, n: 4 }));
        assert_eq!(Shard::parse("1/1"), Ok(Shard { k: 1, n: 1 }));
        for bad in ["5/4", "0/0", "0/3", "3", "a/b", "1/-2", ""] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
        assert!(Shard::parse("5/4")
            .unwrap_err()
            .contains("not one of 1 to 4"));
    }

    #[test]
    fn every_file_falls_in_exactly_one_shard() {
        // FNV-1a's published test vector, then a spread over shards.
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        let sources: Vec<String> = (0..300).map(|i| format!("省/{i}.txt")).collect();
        for n in 1..=5 {
            let mut sizes = vec![0; n as usize];
            for s in &sources {
                let owners: Vec<u32> = (1..=n).filter(|&k| Shard { k, n }.holds(s)).collect();
                assert_eq!(owners.len(), 1);
                sizes[owners[0] as usize - 1] += 1;
            }
            assert!(sizes.iter().all(|&c| c > 300 / n as usize / 2), "{sizes:?}");
        }
    }
}
