//! The texts of all documents, zstd-compressed, for verifying
//! near-duplicate candidates at the end of an ingest.

/// Size of a block of [`PackedTexts`]; large enough to be its own mapping.
const PACKED_BLOCK: usize = 64 << 20;

/// Texts compressed to about half their size (zstd level 1 keeps 49% of
/// prov2026's reports, each compressed alone) and appended to large
/// blocks, not kept one allocation per document: tens of thousands of
/// small long-lived allocations scattered among each batch's large
/// short-lived ones kept glibc from reusing freed memory, and a 200 MB
/// ingest peaked at 705 MB, 270 MB more than without the texts.
#[derive(Default)]
pub struct PackedTexts {
    blocks: Vec<Vec<u8>>,
    /// Per document: its block, offset and packed length, and text length.
    spans: Vec<(usize, usize, usize, usize)>,
    /// Per document: its doc id as a number.
    ids: Vec<u64>,
}

/// A text as [`PackedTexts`] keeps it (zstd, level 1).
pub fn pack(text: &str) -> Vec<u8> {
    zstd::bulk::compress(text.as_bytes(), 1).unwrap_or_default()
}

impl PackedTexts {
    /// Appends one packed text whose unpacked length is `len`, of the
    /// document with id `id` (16 hex digits).
    pub fn push(&mut self, id: &str, packed: &[u8], len: usize) {
        let n = self.ids.len() as u64;
        self.ids.push(u64::from_str_radix(id, 16).unwrap_or(n));
        let fits = |b: &Vec<u8>| b.len() + packed.len() <= b.capacity();
        if !self.blocks.last().is_some_and(fits) {
            self.blocks
                .push(Vec::with_capacity(PACKED_BLOCK.max(packed.len())));
        }
        let b = self.blocks.len() - 1;
        let block = &mut self.blocks[b];
        self.spans.push((b, block.len(), packed.len(), len));
        block.extend_from_slice(packed);
    }
}

impl crate::dedup::TextSource for PackedTexts {
    fn count(&self) -> usize {
        self.spans.len()
    }
    fn text(&self, i: usize) -> std::borrow::Cow<'_, str> {
        let (b, off, n, len) = self.spans[i];
        let bytes = zstd::bulk::decompress(&self.blocks[b][off..off + n], len).unwrap_or_default();
        std::borrow::Cow::Owned(String::from_utf8(bytes).unwrap_or_default())
    }
    fn byte_len(&self, i: usize) -> usize {
        self.spans[i].3
    }
    fn id(&self, i: usize) -> u64 {
        self.ids[i]
    }
}
