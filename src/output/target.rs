//! Where a command's table goes: standard output, or the file `--out` names, written whole
//! through `write` once the table is complete (never over a file without `--force`, never
//! half-written). A workbook (`--format xlsx`) goes only to a file.

use super::Format;
use crate::error::{Result, Usage, usage};
use crate::note::Note;
use crate::write::{self, Existing};
use std::io::{self, StdoutLock, Write};
use std::path::{Path, PathBuf};

/// An open output: what is written to it goes to stdout at once, or to the file at `finish`.
pub enum Out {
    Stdout(StdoutLock<'static>),
    File {
        path: PathBuf,
        force: bool,
        bytes: Vec<u8>,
    },
}

impl Out {
    /// Opens the output of a table in `format`: the file `out` (replaced only with `force`),
    /// else stdout, which a workbook is refused.
    pub fn open(format: Format, out: Option<&Path>, force: bool) -> Result<Out, Usage> {
        match out {
            Some(path) => Ok(Out::File {
                path: path.to_path_buf(),
                force,
                bytes: Vec::new(),
            }),
            None if format == Format::Xlsx => Err(usage(
                "--format xlsx makes a workbook, which is a file, not text for a terminal or a pipe",
            )
            .hint("name the file with --out, e.g. --format xlsx --out summary.xlsx")),
            None if force => Err(usage("--force replaces the file of --out, and there is none")
                .hint("name the file with --out FILE, or leave --force out")),
            None => Ok(Out::Stdout(io::stdout().lock())),
        }
    }

    /// Flushes stdout, or writes the file whole; says which file it wrote.
    pub fn finish(self) -> Result<()> {
        match self {
            Out::Stdout(mut out) => Ok(out.flush()?),
            Out::File { path, force, bytes } => {
                let existing = if force {
                    Existing::Replace
                } else {
                    Existing::Refuse
                };
                write::all(&[(path.clone(), bytes.as_slice())], existing)?;
                super::notes::print(&[Note::plain(format!("wrote {}", path.display()))])?;
                Ok(())
            }
        }
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Out::Stdout(out) => out.write(buf),
            Out::File { bytes, .. } => bytes.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Out::Stdout(out) => out.write_all(buf),
            Out::File { bytes, .. } => bytes.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Out::Stdout(out) => out.flush(),
            Out::File { .. } => Ok(()),
        }
    }
}
