//! The texts of all documents, LZ4-compressed, for verifying
//! near-duplicate candidates at the end of an ingest.

/// Size of a block of [`PackedTexts`]; large enough to be its own mapping.
const PACKED_BLOCK: usize = 64 << 20;

/// Texts compressed (to about half their size) and appended to large
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

/// A text as [`PackedTexts`] keeps it: LZ4, which packs in about half the
/// CPU of zstd's fastest level (2.8% of a 200 MB ingest's CPU with zstd,
/// 1.5% with LZ4) for about 1.4 times the bytes.
pub fn pack(text: &str) -> Vec<u8> {
    lz4_flex::block::compress(text.as_bytes())
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
        let bytes =
            lz4_flex::block::decompress(&self.blocks[b][off..off + n], len).unwrap_or_default();
        std::borrow::Cow::Owned(String::from_utf8(bytes).unwrap_or_default())
    }
    fn byte_len(&self, i: usize) -> usize {
        self.spans[i].3
    }
    fn id(&self, i: usize) -> u64 {
        self.ids[i]
    }
}
