//! Byte ranges in source files, and values that remember where they came from.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::source::FileId;

/// A byte range in one source file; the *detached* span marks values that came from JSON
/// or were built in code and so have no place in any `.casus` file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// The file the range is in.
    pub file: FileId,
    /// Offset of the first byte.
    pub start: u32,
    /// Offset one past the last byte.
    pub end: u32,
}

impl Default for Span {
    fn default() -> Self {
        Span::DETACHED
    }
}

impl Span {
    /// The span of values that have no source position.
    pub const DETACHED: Span = Span { file: FileId::NONE, start: u32::MAX, end: u32::MAX };

    /// A span covering `start..end` in `file`.
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span { file, start: clamp(start), end: clamp(end) }
    }

    /// Whether the span points nowhere.
    pub fn is_detached(&self) -> bool {
        self.start == u32::MAX
    }

    /// The smallest span covering both; a detached side yields the other.
    pub fn to(self, other: Span) -> Span {
        if self.is_detached() {
            return other;
        }
        if other.is_detached() {
            return self;
        }
        Span { file: self.file, start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// The byte range, if attached.
    pub fn range(&self) -> Option<std::ops::Range<usize>> {
        (!self.is_detached()).then_some(self.start as usize..self.end as usize)
    }
}

fn clamp(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX - 1).min(u32::MAX - 1)
}

/// A value with the span it was read from.
///
/// In JSON a `Spanned<T>` is written exactly as `T`, so the JSON form of the model carries
/// no positions; equality compares the values only, so a model read from JSON equals the
/// model read from the `.casus` file it was exported from.
#[derive(Clone, Debug)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Wraps `value` read at `span`.
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }

    /// Wraps a value that has no source position.
    pub fn detached(value: T) -> Self {
        Spanned { value, span: Span::DETACHED }
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Spanned<T> {}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Spanned::detached)
    }
}
