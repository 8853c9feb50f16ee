//! GDELT event files: the three column layouts, and a parser that splits a line into its
//! fields without allocating.
//!
//! Layouts (tab-separated, no header, no quoting):
//! * GDELT 1.0 historical backfiles (1979–2012): 57 fields, ending with `DATEADDED`;
//! * GDELT 1.0 daily exports (2013–): 58 fields, adding `SOURCEURL`;
//! * GDELT 2.0 15-minute exports: 61 fields (each geography gains an ADM2 code; `DATEADDED`
//!   carries the time, `YYYYMMDDHHMMSS`).
//!
//! Column labels: `data/cameo/gdelt/GDELT_1.0_event_Column_Labels_Header_Row_Sep2016.tsv`
//! and the GDELT 2.0 event codebook (http://data.gdeltproject.org/documentation/).

/// Which GDELT layout a line has, told by its number of fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// 57 fields.
    V1Historical,
    /// 58 fields.
    V1Daily,
    /// 61 fields.
    V2,
}

/// Field positions used by casus.
#[derive(Clone, Copy, Debug)]
pub struct Columns {
    /// GLOBALEVENTID.
    pub id: usize,
    /// SQLDATE, `YYYYMMDD`.
    pub date: usize,
    /// Actor1CountryCode.
    pub actor1: usize,
    /// Actor2CountryCode.
    pub actor2: usize,
    /// EventCode.
    pub code: usize,
    /// EventRootCode.
    pub root: usize,
    /// NumMentions.
    pub mentions: usize,
    /// NumSources.
    pub sources: usize,
    /// NumArticles.
    pub articles: usize,
    /// ActionGeo_Lat.
    pub lat: usize,
    /// ActionGeo_Long.
    pub lon: usize,
    /// DATEADDED.
    pub added: usize,
    /// SOURCEURL, when the layout has it.
    pub url: Option<usize>,
}

impl Layout {
    /// The layout of a line with `n` fields.
    pub fn from_fields(n: usize) -> Option<Layout> {
        match n {
            57 => Some(Layout::V1Historical),
            58 => Some(Layout::V1Daily),
            61 => Some(Layout::V2),
            _ => None,
        }
    }

    /// Where the fields casus reads are.
    pub fn columns(self) -> Columns {
        let v1 = Columns {
            id: 0,
            date: 1,
            actor1: 7,
            actor2: 17,
            code: 26,
            root: 28,
            mentions: 31,
            sources: 32,
            articles: 33,
            lat: 53,
            lon: 54,
            added: 56,
            url: None,
        };
        match self {
            Layout::V1Historical => v1,
            Layout::V1Daily => Columns { url: Some(57), ..v1 },
            Layout::V2 => Columns { lat: 56, lon: 57, added: 59, url: Some(60), ..v1 },
        }
    }
}

/// At most this many fields are split; a longer line is malformed.
pub const MAX_FIELDS: usize = 64;

/// Splits `line` at tabs into `fields`, returning the number of fields (more than
/// [`MAX_FIELDS`] is reported as `MAX_FIELDS + 1`).
pub fn split<'a>(line: &'a [u8], fields: &mut [&'a [u8]; MAX_FIELDS]) -> usize {
    let mut n = 0;
    let mut start = 0;
    for i in memchr::memchr_iter(b'\t', line) {
        if n == MAX_FIELDS {
            return MAX_FIELDS + 1;
        }
        fields[n] = &line[start..i];
        n += 1;
        start = i + 1;
    }
    if n == MAX_FIELDS {
        return MAX_FIELDS + 1;
    }
    fields[n] = &line[start..];
    n + 1
}

/// A whole number from ASCII digits; `None` for anything else (including empty).
pub fn uint(b: &[u8]) -> Option<u64> {
    if b.is_empty() || b.len() > 19 {
        return None;
    }
    let mut n: u64 = 0;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u64::from(c - b'0');
    }
    Some(n)
}

/// A decimal number; `None` when empty or not a number.
pub fn float(b: &[u8]) -> Option<f64> {
    std::str::from_utf8(b).ok().filter(|s| !s.is_empty()).and_then(|s| s.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_counts_fields_without_allocating() {
        let mut f = [&b""[..]; MAX_FIELDS];
        assert_eq!(split(b"a\tb\t\tc", &mut f), 4);
        assert_eq!(f[2], b"");
        assert_eq!(f[3], b"c");
        let long = vec![b'\t'; 100];
        assert_eq!(split(&long, &mut f), MAX_FIELDS + 1);
    }

    #[test]
    fn numbers() {
        assert_eq!(uint(b"20191024"), Some(20191024));
        assert_eq!(uint(b"2019-10"), None);
        assert_eq!(float(b"-34.5"), Some(-34.5));
        assert_eq!(float(b""), None);
    }
}
