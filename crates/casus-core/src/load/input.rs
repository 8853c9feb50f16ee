//! The one checked, bounded way casus opens what a user names: treaty files, parameter files,
//! event files, dataset files, and the folders holding them.
//!
//! * Only regular files are read. A FIFO, a socket, a device (`/dev/zero`, `/dev/urandom`)
//!   or a folder given where a file is wanted is refused before it is opened (opening a FIFO
//!   would block until a writer came), with the path and what it is: "`x` is a FIFO (named
//!   pipe), not a regular file". Standard input is read only where the user writes `-`.
//! * Whole-file reads are capped ([`Limit`]): a file larger than its cap is refused from its
//!   size alone, and a read never takes more than the cap plus one byte, so a file that grows
//!   while read, or standard input that never ends, still ends with an error.
//! * Line reads are capped too ([`Lines`]): a line is never held whole past [`MAX_LINE`]
//!   bytes, so a file of one endless line fails at once, in constant memory, with its line
//!   number.
//! * Folders ([`collect`]) are walked without recursion; symbolic links are followed, a link
//!   that leads nowhere is an error, a link back into a folder already read is said and not
//!   read twice, and a folder with no file to read is an error rather than nothing.

use std::fmt;
use std::fs::{File, Metadata};
use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};

/// The longest line the line readers hold: 1 MiB. The longest line of any file casus reads
/// as published is a few kilobytes (a GDELT event with a long source URL; ATOP's alliance
/// file has lines of about 400 bytes), so this is hundreds of times the real need and
/// still bounds the memory one hostile line can take.
pub const MAX_LINE: usize = 1 << 20;

/// What a path names, when that is not what was wanted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A regular file.
    File,
    /// A folder.
    Folder,
    /// A FIFO (named pipe).
    Fifo,
    /// A Unix-domain socket.
    Socket,
    /// A character device such as `/dev/zero` or a terminal.
    CharDevice,
    /// A block device such as a disk.
    BlockDevice,
    /// Anything else the system reports.
    Other,
}

impl Kind {
    /// What the metadata (of the link's target, for a link) says the path is.
    pub fn of(meta: &Metadata) -> Kind {
        let t = meta.file_type();
        if t.is_file() {
            return Kind::File;
        }
        if t.is_dir() {
            return Kind::Folder;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if t.is_fifo() {
                return Kind::Fifo;
            }
            if t.is_socket() {
                return Kind::Socket;
            }
            if t.is_char_device() {
                return Kind::CharDevice;
            }
            if t.is_block_device() {
                return Kind::BlockDevice;
            }
        }
        Kind::Other
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::File => "a regular file",
            Kind::Folder => "a folder",
            Kind::Fifo => "a FIFO (named pipe)",
            Kind::Socket => "a socket",
            Kind::CharDevice => "a character device",
            Kind::BlockDevice => "a block device",
            Kind::Other => "not a regular file",
        })
    }
}

/// A cap on a whole-file read: how many bytes, and what kind of input it is for (named in
/// the error).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    /// The most bytes read.
    pub bytes: u64,
    /// What is read, in the plural (`treaty files`).
    pub what: &'static str,
}

impl Limit {
    /// Treaty files (`.casus` and their JSON form) and `casus fmt -`: 16 MiB. The largest
    /// library known, all 789 alliances of ATOP 5.1 exported as casus JSON, is 1.5 MB, and the
    /// built-in library 0.4 MB; at the ~25 bytes of memory per byte of text that checking
    /// takes at worst, 16 MiB keeps one file under half a gigabyte.
    pub const TREATY: Limit = Limit { bytes: 16 << 20, what: "treaty files" };
    /// Parameter files of `casus simulate --params`: 1 MiB. One names honour probabilities
    /// for a few dozen states or commitments; the examples in docs/cascades.md are under
    /// 1 KB.
    pub const PARAMS: Limit = Limit { bytes: 1 << 20, what: "parameter files" };
    /// Small tables read whole (the CAMEO-to-state crosswalk of `screen-dyads`): 16 MiB.
    pub const TABLE: Limit = Limit { bytes: 16 << 20, what: "crosswalk files" };
}

/// A size in words: `16 MiB`, `2.5 MiB`, `1 KiB`, `12 bytes`.
pub fn size(bytes: u64) -> String {
    let (unit, name) = if bytes >= 1 << 30 {
        (1u64 << 30, "GiB")
    } else if bytes >= 1 << 20 {
        (1 << 20, "MiB")
    } else if bytes >= 1 << 10 {
        (1 << 10, "KiB")
    } else {
        return format!("{bytes} bytes");
    };
    if bytes.is_multiple_of(unit) {
        format!("{} {name}", bytes / unit)
    } else {
        format!("{:.1} {name}", bytes as f64 / unit as f64)
    }
}

/// Why an input could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub enum InputError {
    /// Nothing is there.
    NotFound {
        /// The path given.
        path: PathBuf,
    },
    /// A symbolic link whose target does not exist.
    Dangling {
        /// The link.
        path: PathBuf,
        /// Where it points.
        target: PathBuf,
    },
    /// Something other than what was wanted: a FIFO, a device, a socket, a folder where a
    /// file is wanted (or a file where a folder is).
    NotRegular {
        /// The path given.
        path: PathBuf,
        /// What it is.
        found: Kind,
        /// What was wanted: [`Kind::File`] or [`Kind::Folder`].
        wanted: Kind,
    },
    /// More bytes than the input's [`Limit`].
    TooLarge {
        /// The file, `None` for standard input.
        path: Option<PathBuf>,
        /// The cap.
        limit: Limit,
        /// The file's size when known from its metadata.
        size: Option<u64>,
    },
    /// A line longer than [`MAX_LINE`].
    LineTooLong {
        /// The file, `None` for standard input.
        path: Option<PathBuf>,
        /// The line's number, from 1.
        line: u64,
    },
    /// A text input is not UTF-8.
    NotUtf8 {
        /// The file, `None` for standard input.
        path: Option<PathBuf>,
        /// The 1-based line of the first invalid byte.
        line: u64,
        /// Its 1-based column, in characters.
        column: u64,
        /// Its byte offset from the start of the input.
        offset: u64,
    },
    /// A folder holds no file of the kinds read.
    EmptyFolder {
        /// The folder.
        path: PathBuf,
        /// The extensions looked for.
        extensions: Vec<String>,
    },
    /// The system refused or failed: permissions, I/O errors.
    Io {
        /// The file, `None` for standard input.
        path: Option<PathBuf>,
        /// The system's reason.
        source: io::Error,
    },
}

fn shown(path: &Option<PathBuf>) -> String {
    path.as_ref().map_or_else(|| "standard input".to_string(), |p| format!("`{}`", p.display()))
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::NotFound { path } => write!(f, "cannot read `{}`: no such file or folder", path.display()),
            InputError::Dangling { path, target } => {
                write!(f, "`{}` is a symbolic link to `{}`, which does not exist", path.display(), target.display())
            }
            InputError::NotRegular { path, found, wanted } => {
                let wanted = if *wanted == Kind::Folder { "a folder" } else { "a regular file" };
                write!(f, "`{}` is {found}, not {wanted}", path.display())
            }
            InputError::TooLarge { path, limit, size: Some(n) } => write!(
                f,
                "{} is {} long, more than the {} casus reads for {}",
                shown(path),
                self::size(*n),
                self::size(limit.bytes),
                limit.what
            ),
            InputError::TooLarge { path, limit, size: None } => write!(
                f,
                "{} is longer than the {} casus reads for {}",
                shown(path),
                self::size(limit.bytes),
                limit.what
            ),
            InputError::LineTooLong { path, line } => {
                let at = path.as_ref().map_or_else(|| "<stdin>".to_string(), |p| p.display().to_string());
                write!(
                    f,
                    "{at}:{line}: the line is longer than {}, the most casus reads in one line",
                    size(MAX_LINE as u64)
                )
            }
            InputError::NotUtf8 { path, line, column, offset } => {
                let at = path.as_ref().map_or_else(|| "<stdin>".to_string(), |p| p.display().to_string());
                write!(f, "{at}:{line}:{column}: not valid UTF-8 (byte {offset})")
            }
            InputError::EmptyFolder { path, extensions } => write!(
                f,
                "no {} file in the folder `{}`",
                extensions.iter().map(|e| format!(".{e}")).collect::<Vec<_>>().join(" or "),
                path.display()
            ),
            InputError::Io { path, source } => write!(f, "cannot read {}: {source}", shown(path)),
        }
    }
}

/// The system's reason is part of the message, so it is not repeated as a source.
impl std::error::Error for InputError {}

impl InputError {
    /// Whether the input itself is wrong (exit status 1: a FIFO, an oversized file, a folder
    /// with nothing to read, bytes that are not text), rather than casus unable to reach it
    /// (exit status 2: nothing there, a dangling link, no permission, an I/O error).
    pub fn is_invalid_input(&self) -> bool {
        !matches!(self, InputError::NotFound { .. } | InputError::Dangling { .. } | InputError::Io { .. })
    }

    /// Advice for the user, where there is any.
    pub fn help(&self) -> Option<String> {
        match self {
            InputError::NotRegular { found: Kind::Fifo | Kind::Socket | Kind::CharDevice, wanted: Kind::File, .. } => {
                Some("casus reads regular files only; to read a stream, give `-` and pipe it to standard input where the command takes `-`".into())
            }
            InputError::TooLarge { limit, .. } => Some(format!(
                "casus reads at most {} of {}; split the input into several files",
                size(limit.bytes),
                limit.what
            )),
            InputError::NotUtf8 { .. } => Some("save the file as UTF-8".into()),
            _ => None,
        }
    }

    fn io(path: &Path, source: io::Error) -> InputError {
        if source.kind() == io::ErrorKind::NotFound {
            return dangling(path).unwrap_or_else(|| InputError::NotFound { path: path.to_path_buf() });
        }
        InputError::Io { path: Some(path.to_path_buf()), source }
    }
}

/// The error for `path` when it is a symbolic link to nothing.
fn dangling(path: &Path) -> Option<InputError> {
    let link = std::fs::symlink_metadata(path).ok()?;
    if !link.file_type().is_symlink() {
        return None;
    }
    let target = std::fs::read_link(path).ok()?;
    Some(InputError::Dangling { path: path.to_path_buf(), target })
}

/// The metadata of `path` (of its target, for a link), which must be a regular file.
pub fn regular(path: &Path) -> Result<Metadata, InputError> {
    let meta = std::fs::metadata(path).map_err(|e| InputError::io(path, e))?;
    match Kind::of(&meta) {
        Kind::File => Ok(meta),
        found => Err(InputError::NotRegular { path: path.to_path_buf(), found, wanted: Kind::File }),
    }
}

/// Opens `path` for reading, refusing anything but a regular file before opening it (the
/// opened file is checked again, in case the path was swapped in between).
pub fn open(path: &Path) -> Result<(File, Metadata), InputError> {
    regular(path)?;
    let file = File::open(path).map_err(|e| InputError::io(path, e))?;
    let meta = file.metadata().map_err(|e| InputError::io(path, e))?;
    match Kind::of(&meta) {
        Kind::File => Ok((file, meta)),
        found => Err(InputError::NotRegular { path: path.to_path_buf(), found, wanted: Kind::File }),
    }
}

/// Reads the whole of `path`, a regular file of at most `limit` bytes.
pub fn read(path: &Path, limit: Limit) -> Result<Vec<u8>, InputError> {
    let (file, meta) = open(path)?;
    if meta.len() > limit.bytes {
        return Err(InputError::TooLarge { path: Some(path.to_path_buf()), limit, size: Some(meta.len()) });
    }
    read_capped(file, Some(path), limit, meta.len())
}

/// Reads standard input to its end, at most `limit` bytes.
pub fn read_stdin(limit: Limit) -> Result<Vec<u8>, InputError> {
    read_capped(io::stdin().lock(), None, limit, 0)
}

/// Reads `path` (standard input for `-`) to its end, at most `limit` bytes.
pub fn read_path_or_stdin(path: &str, limit: Limit) -> Result<Vec<u8>, InputError> {
    if path == "-" { read_stdin(limit) } else { read(Path::new(path), limit) }
}

/// Reads `path` (standard input for `-`) as UTF-8 text of at most `limit` bytes; bytes that
/// are not UTF-8 are an error with their line and column.
pub fn read_text(path: &str, limit: Limit) -> Result<String, InputError> {
    let bytes = read_path_or_stdin(path, limit)?;
    utf8(bytes, (path != "-").then(|| PathBuf::from(path)))
}

/// `bytes` as text, or an error at the line and column of the first byte that is not UTF-8.
pub fn utf8(bytes: Vec<u8>, path: Option<PathBuf>) -> Result<String, InputError> {
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = &e.as_bytes()[..offset];
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let line = valid.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        // The prefix is valid UTF-8 up to `offset`, so it can be counted in characters.
        let column = String::from_utf8_lossy(&valid[line_start..]).chars().count() as u64 + 1;
        InputError::NotUtf8 { path, line, column, offset: offset as u64 }
    })
}

fn read_capped(r: impl Read, path: Option<&Path>, limit: Limit, hint: u64) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::with_capacity(hint.min(limit.bytes) as usize);
    r.take(limit.bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| InputError::Io { path: path.map(Path::to_path_buf), source })?;
    if bytes.len() as u64 > limit.bytes {
        return Err(InputError::TooLarge { path: path.map(Path::to_path_buf), limit, size: None });
    }
    Ok(bytes)
}

/// Lines of a stream, each at most [`MAX_LINE`] bytes: an over-long line is an error with its
/// number as soon as the cap is passed, so memory stays at the cap whatever the input.
pub struct Lines<R> {
    reader: R,
    path: Option<PathBuf>,
    line: Vec<u8>,
    number: u64,
    max: usize,
}

impl<R: BufRead> Lines<R> {
    /// Lines of `reader`, errors naming `path` (`None` for standard input).
    pub fn new(reader: R, path: Option<&Path>) -> Lines<R> {
        Lines::with_max(reader, path, MAX_LINE)
    }

    /// Lines of at most `max` bytes.
    pub fn with_max(reader: R, path: Option<&Path>, max: usize) -> Lines<R> {
        Lines { reader, path: path.map(Path::to_path_buf), line: Vec::new(), number: 0, max }
    }

    /// The number of the last line returned (0 before the first).
    pub fn number(&self) -> u64 {
        self.number
    }

    /// The next line without its `\n` (a `\r` before it is kept) and its number, `None` at
    /// the end. Linear in the line's length; never holds more than the cap.
    pub fn next_line(&mut self) -> Result<Option<(u64, &[u8])>, InputError> {
        self.line.clear();
        let mut any = false;
        loop {
            let buf = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(source) => return Err(InputError::Io { path: self.path.clone(), source }),
            };
            if buf.is_empty() {
                if !any {
                    return Ok(None);
                }
                break;
            }
            any = true;
            let (take, done) = match memchr_newline(buf) {
                Some(i) => (i, true),
                None => (buf.len(), false),
            };
            if self.line.len() + take > self.max {
                return Err(InputError::LineTooLong { path: self.path.clone(), line: self.number + 1 });
            }
            self.line.extend_from_slice(&buf[..take]);
            self.reader.consume(if done { take + 1 } else { take });
            if done {
                break;
            }
        }
        self.number += 1;
        Ok(Some((self.number, &self.line)))
    }
}

fn memchr_newline(buf: &[u8]) -> Option<usize> {
    buf.iter().position(|&b| b == b'\n')
}

/// What [`collect`] found: the files to read, in a stable order, and notes for the user
/// about what was followed or read once.
#[derive(Debug, Default)]
pub struct Collected {
    /// The files, each once: given files as given, then each folder's files in path order.
    pub files: Vec<PathBuf>,
    /// Things the user should be told (a folder named like a file; a link read once).
    pub notes: Vec<String>,
}

/// Expands the paths a user gave into the files to read. A given file is taken whatever its
/// name (it must be a regular file); a given folder is searched, without recursion, for
/// regular files whose extension is one of `extensions`, following symbolic links. In a
/// folder, a link to nothing or a FIFO, device or socket with one of those extensions is an
/// error (it would otherwise be lost in silence); a folder reached twice (a link back up)
/// is read once and said; a file reached twice (a link to a sibling) is read once and
/// said. A given folder holding no such file is an error unless `allow_empty`.
///
/// Linear in the number of entries under the folders.
pub fn collect(paths: &[&Path], extensions: &[&str], allow_empty: bool) -> Result<Collected, InputError> {
    let mut out = Collected::default();
    let mut seen_files = Seen::default();
    for &p in paths {
        let meta = std::fs::metadata(p).map_err(|e| InputError::io(p, e))?;
        match Kind::of(&meta) {
            Kind::File => match seen_files.first(p, &meta) {
                None => out.files.push(p.to_path_buf()),
                Some(first) => {
                    out.notes.push(format!("`{}` is the same file as `{}`: read once", p.display(), first.display()))
                }
            },
            Kind::Folder => {
                if has_extension(p, extensions) {
                    out.notes.push(format!(
                        "`{}` is a folder, not a file: reading the {} files in it",
                        p.display(),
                        list(extensions)
                    ));
                }
                let found = walk(p, &meta, extensions, &mut seen_files, &mut out)?;
                if found == 0 && !allow_empty {
                    return Err(InputError::EmptyFolder {
                        path: p.to_path_buf(),
                        extensions: extensions.iter().map(|e| e.to_string()).collect(),
                    });
                }
            }
            found => return Err(InputError::NotRegular { path: p.to_path_buf(), found, wanted: Kind::File }),
        }
    }
    Ok(out)
}

fn list(extensions: &[&str]) -> String {
    extensions.iter().map(|e| format!(".{e}")).collect::<Vec<_>>().join(" and ")
}

fn has_extension(p: &Path, extensions: &[&str]) -> bool {
    p.extension().is_some_and(|x| extensions.iter().any(|e| x == *e))
}

/// Files and folders already met, by device and inode (by canonical path off Unix).
#[derive(Default)]
struct Seen {
    ids: std::collections::HashMap<(u64, u64), PathBuf>,
}

impl Seen {
    /// Records `p`; `false` when the same file or folder was met before.
    fn insert(&mut self, p: &Path, meta: &Metadata) -> bool {
        self.first(p, meta).is_none()
    }

    /// Records `p`; the path it was first met under, when met before.
    fn first(&mut self, p: &Path, meta: &Metadata) -> Option<PathBuf> {
        let id = id(p, meta);
        match self.ids.get(&id) {
            Some(first) => Some(first.clone()),
            None => {
                self.ids.insert(id, p.to_path_buf());
                None
            }
        }
    }
}

#[cfg(unix)]
fn id(_: &Path, meta: &Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn id(p: &Path, _: &Metadata) -> (u64, u64) {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()).hash(&mut h);
    (0, h.finish())
}

/// Walks `root` depth first with an explicit stack, entries in name order (so files come out
/// in path order), following links; returns how many files with the extensions it met
/// (including those read before under another path).
fn walk(
    root: &Path,
    meta: &Metadata,
    extensions: &[&str],
    seen_files: &mut Seen,
    out: &mut Collected,
) -> Result<usize, InputError> {
    let mut found = 0;
    let mut seen_dirs = Seen::default();
    seen_dirs.insert(root, meta);
    // Each stack entry is a folder's remaining entries, reversed so that `pop` gives the next.
    let mut stack: Vec<Vec<PathBuf>> = vec![entries(root)?];
    while let Some(top) = stack.last_mut() {
        let Some(p) = top.pop() else {
            stack.pop();
            continue;
        };
        let wanted = has_extension(&p, extensions);
        let meta = match std::fs::metadata(&p) {
            Ok(m) => m,
            // A link to nothing: an error where it would have been read, else nothing to say.
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if wanted {
                    return Err(InputError::io(&p, e));
                }
                continue;
            }
            Err(e) => return Err(InputError::io(&p, e)),
        };
        match Kind::of(&meta) {
            Kind::Folder => {
                if let Some(first) = seen_dirs.first(&p, &meta) {
                    out.notes.push(format!(
                        "`{}` leads to `{}`, already read: not read again",
                        p.display(),
                        first.display()
                    ));
                    continue;
                }
                stack.push(entries(&p)?);
            }
            Kind::File if wanted => match seen_files.first(&p, &meta) {
                None => {
                    found += 1;
                    out.files.push(p);
                }
                Some(first) => {
                    found += 1;
                    out.notes.push(format!("`{}` is the same file as `{}`: read once", p.display(), first.display()));
                }
            },
            Kind::File => {}
            found if wanted => {
                return Err(InputError::NotRegular { path: p, found, wanted: Kind::File });
            }
            _ => {}
        }
    }
    Ok(found)
}

/// The entries of `dir`, sorted by name and reversed.
fn entries(dir: &Path) -> Result<Vec<PathBuf>, InputError> {
    let read = std::fs::read_dir(dir).map_err(|e| InputError::io(dir, e))?;
    let mut names = Vec::new();
    for e in read {
        let e = e.map_err(|e| InputError::io(dir, e))?;
        names.push(e.file_name());
    }
    names.sort_unstable_by(|a, b| b.cmp(a));
    Ok(names.into_iter().map(|n| dir.join(n)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_errors_name_line_and_column() {
        let err = utf8(b"a = 1\nb = \"\xc3\xa9\xff\"\n".to_vec(), Some("p.toml".into())).expect_err("not UTF-8");
        assert_eq!(err.to_string(), "p.toml:2:7: not valid UTF-8 (byte 13)");
        assert!(err.is_invalid_input());
    }

    #[test]
    fn lines_are_capped_and_numbered() {
        let text = b"one\r\ntwo\n\nfour";
        let mut lines = Lines::with_max(&text[..], None, 4);
        assert_eq!(lines.next_line().expect("ok"), Some((1, &b"one\r"[..])));
        assert_eq!(lines.next_line().expect("ok"), Some((2, &b"two"[..])));
        assert_eq!(lines.next_line().expect("ok"), Some((3, &b""[..])));
        assert_eq!(lines.next_line().expect("ok"), Some((4, &b"four"[..])));
        assert_eq!(lines.next_line().expect("ok"), None);
        assert_eq!(lines.number(), 4);
        let mut lines = Lines::with_max(&b"ok\ntoo long\n"[..], Some(Path::new("f")), 4);
        assert!(lines.next_line().is_ok());
        let err = lines.next_line().expect_err("too long");
        assert!(matches!(err, InputError::LineTooLong { line: 2, .. }), "{err}");
        assert!(err.to_string().starts_with("f:2: the line is longer than"), "{err}");
    }

    #[test]
    fn reads_are_capped() {
        let limit = Limit { bytes: 4, what: "tests" };
        let err = read_capped(&b"12345"[..], None, limit, 0).expect_err("too long");
        assert_eq!(err.to_string(), "standard input is longer than the 4 bytes casus reads for tests");
        assert_eq!(read_capped(&b"1234"[..], None, limit, 0).expect("fits"), b"1234");
        assert_eq!(size(16 << 20), "16 MiB");
    }
}
