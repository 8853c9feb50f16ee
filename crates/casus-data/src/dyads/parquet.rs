//! The dyad-year table as Parquet, written in record batches as the rows are computed.
//!
//! The columns of each batch are encoded on two worker threads while the next batch is
//! built: encoding is most of the work, and the output stays byte-for-byte the same whatever
//! the scheduling, because each column's chunk is appended to its row group in schema order.
//! The channels to the workers are bounded, so memory stays bounded too.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, sync_channel};

use arrow_array::types::{Int16Type, Int32Type, UInt8Type, UInt16Type};
use arrow_array::{ArrayRef, PrimitiveArray};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_writer::{ArrowColumnChunk, ArrowColumnWriter, compute_leaves};
use parquet::basic::Compression;
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use parquet::schema::types::ColumnPath;

use super::{DyadTable, Written};

/// Rows per record batch.
const BATCH: usize = 64 * 1024;
/// Rows per row group.
const ROW_GROUP: usize = 16 * BATCH;
/// Encoding threads.
const WORKERS: usize = 2;

/// The Arrow schema of `table`'s rows.
pub(super) fn schema(table: &DyadTable) -> Schema {
    let mut fields = vec![
        Field::new("stateA", DataType::Int16, false),
        Field::new("stateB", DataType::Int16, false),
        Field::new("year", DataType::Int16, false),
    ];
    for name in &super::COLUMNS[3..] {
        let ty = if matches!(*name, "bilatno" | "multino" | "number") { DataType::UInt16 } else { DataType::UInt8 };
        fields.push(Field::new(*name, ty, true));
    }
    fields.extend((1..=table.id_columns()).map(|i| Field::new(format!("atopid{i}"), DataType::Int32, true)));
    Schema::new(fields)
}

/// The values of one batch, column by column.
#[derive(Default)]
struct Batch {
    states_a: Vec<i16>,
    states_b: Vec<i16>,
    years: Vec<i16>,
    /// atopally, defense, offense, neutral, nonagg, consul, shareob, transyr.
    flags: [Vec<u8>; 8],
    /// bilatno, multino, number.
    counts: [Vec<u16>; 3],
    asymm: Vec<u8>,
    /// Whether each row has alliance columns (inside ATOP's coverage).
    covered: Vec<bool>,
    ids: Vec<Vec<i32>>,
    ids_valid: Vec<Vec<bool>>,
}

impl Batch {
    fn len(&self) -> usize {
        self.years.len()
    }

    /// The batch's columns in schema order; the batch is left empty.
    fn take(&mut self) -> Vec<ArrayRef> {
        fn prim<T: arrow_array::ArrowPrimitiveType>(v: &mut Vec<T::Native>, valid: Option<&[bool]>) -> ArrayRef {
            let nulls = valid.filter(|v| v.contains(&false)).map(|v| v.iter().copied().collect());
            Arc::new(PrimitiveArray::<T>::new(std::mem::take(v).into(), nulls))
        }
        let covered = std::mem::take(&mut self.covered);
        let c = Some(covered.as_slice());
        let [atopally, defense, offense, neutral, nonagg, consul, shareob, transyr] = &mut self.flags;
        let [bilatno, multino, number] = &mut self.counts;
        let mut cols = vec![
            prim::<Int16Type>(&mut self.states_a, None),
            prim::<Int16Type>(&mut self.states_b, None),
            prim::<Int16Type>(&mut self.years, None),
            prim::<UInt8Type>(atopally, c),
            prim::<UInt8Type>(defense, c),
            prim::<UInt8Type>(offense, c),
            prim::<UInt8Type>(neutral, c),
            prim::<UInt8Type>(nonagg, c),
            prim::<UInt8Type>(consul, c),
            prim::<UInt8Type>(shareob, c),
            prim::<UInt8Type>(transyr, c),
            prim::<UInt16Type>(bilatno, c),
            prim::<UInt16Type>(multino, c),
            prim::<UInt16Type>(number, c),
            prim::<UInt8Type>(&mut self.asymm, c),
        ];
        for (ids, valid) in self.ids.iter_mut().zip(&mut self.ids_valid) {
            let valid = std::mem::take(valid);
            cols.push(prim::<Int32Type>(ids, Some(&valid)));
        }
        cols
    }
}

/// Writes `table` to `out`.
pub(super) fn write<W: Write + Send>(table: &DyadTable, out: W) -> Result<Written, ParquetError> {
    let schema = Arc::new(schema(table));
    let props = properties();
    let mut counter = Counter { inner: out, bytes: 0 };
    let writer = ArrowWriter::try_new(&mut counter, schema.clone(), Some(props))?;
    let (mut file, factory) = writer.into_serialized_writer()?;
    let ncols = schema.fields().len();
    let mut written = Written::default();
    let mut rows = table.rows().peekable();
    let mut group = 0;
    while rows.peek().is_some() {
        let writers = factory.create_column_writers(group)?;
        group += 1;
        let chunks = std::thread::scope(|s| -> Result<Vec<ArrowColumnChunk>, ParquetError> {
            // Column k is encoded by worker k % WORKERS.
            let mut shares: Vec<Vec<(usize, ArrowColumnWriter)>> = (0..WORKERS).map(|_| Vec::new()).collect();
            for (k, w) in writers.into_iter().enumerate() {
                shares[k % WORKERS].push((k, w));
            }
            let mut senders = Vec::new();
            let mut handles = Vec::new();
            for share in shares {
                let (send, recv) = sync_channel::<Vec<(usize, ArrayRef)>>(2);
                let schema = &schema;
                handles.push(s.spawn(move || encode(share, recv, schema)));
                senders.push(send);
            }
            let mut in_group = 0;
            let mut batch = Batch {
                ids: vec![Vec::new(); table.id_columns()],
                ids_valid: vec![Vec::new(); table.id_columns()],
                ..Batch::default()
            };
            while in_group < ROW_GROUP {
                let Some(row) = rows.next() else { break };
                push(&mut batch, &row, &mut written)?;
                in_group += 1;
                if batch.len() == BATCH || in_group == ROW_GROUP || rows.peek().is_none() {
                    let mut parts: Vec<Vec<(usize, ArrayRef)>> = (0..WORKERS).map(|_| Vec::new()).collect();
                    for (k, col) in batch.take().into_iter().enumerate() {
                        parts[k % WORKERS].push((k, col));
                    }
                    for (send, part) in senders.iter().zip(parts) {
                        // A worker that stopped has an error, reported when it is joined.
                        let _ = send.send(part);
                    }
                }
            }
            drop(senders);
            let mut chunks: Vec<Option<ArrowColumnChunk>> = (0..ncols).map(|_| None).collect();
            for h in handles {
                let encoded =
                    h.join().map_err(|_| ParquetError::General("a Parquet encoding thread panicked".into()))??;
                for (k, chunk) in encoded {
                    chunks[k] = Some(chunk);
                }
            }
            chunks
                .into_iter()
                .map(|c| c.ok_or_else(|| ParquetError::General("a column was not encoded".into())))
                .collect()
        })?;
        let mut rg = file.next_row_group()?;
        for chunk in chunks {
            chunk.append_to_row_group(&mut rg)?;
        }
        rg.close()?;
    }
    file.close()?;
    counter.flush()?;
    written.bytes = counter.bytes;
    Ok(written)
}

/// Snappy throughout; dictionary encoding for the state, year and alliance-id columns, whose
/// few distinct values it packs best; plain values for the 0/1 flags and small counts, where
/// Snappy does as well at half the cost of building a dictionary of two values.
fn properties() -> WriterProperties {
    let mut props = WriterProperties::builder()
        .set_max_row_group_row_count(Some(ROW_GROUP))
        .set_compression(Compression::SNAPPY)
        .set_created_by(format!("casus-data {}", env!("CARGO_PKG_VERSION")));
    for name in &super::COLUMNS[3..] {
        props = props.set_column_dictionary_enabled(ColumnPath::from(*name), false);
    }
    props.build()
}

/// Encodes the columns of `share` from the batches received until the channel closes.
fn encode(
    share: Vec<(usize, ArrowColumnWriter)>,
    recv: Receiver<Vec<(usize, ArrayRef)>>,
    schema: &Schema,
) -> Result<Vec<(usize, ArrowColumnChunk)>, ParquetError> {
    let mut share = share;
    for part in recv {
        for ((k, writer), (k2, col)) in share.iter_mut().zip(part) {
            debug_assert_eq!(*k, k2);
            for leaf in compute_leaves(schema.field(*k), &col)? {
                writer.write(&leaf)?;
            }
        }
    }
    share.into_iter().map(|(k, w)| Ok((k, w.close()?))).collect()
}

/// Appends one row to `batch`.
fn push(batch: &mut Batch, row: &super::DyadYear<'_>, written: &mut Written) -> Result<(), ParquetError> {
    batch.states_a.push(state(row.state_a)?);
    batch.states_b.push(state(row.state_b)?);
    batch.years.push(row.year);
    written.rows += 1;
    let c = row.alliances.unwrap_or_default();
    written.allied += u64::from(c.atopally);
    batch.covered.push(row.alliances.is_some());
    let f = [c.atopally, c.defense, c.offense, c.neutral, c.nonagg, c.consul, c.shareob, c.transyr];
    for (col, v) in batch.flags.iter_mut().zip(f) {
        col.push(u8::from(v));
    }
    for (col, v) in batch.counts.iter_mut().zip([c.bilatno, c.multino, c.number]) {
        col.push(v);
    }
    batch.asymm.push(u8::from(c.asymm));
    for (k, (ids, valid)) in batch.ids.iter_mut().zip(&mut batch.ids_valid).enumerate() {
        let id = c.atopids.get(k).map(|&id| i32::try_from(id)).transpose().map_err(|_| {
            ParquetError::General(format!("alliance id {} does not fit the Int32 column", c.atopids[k]))
        })?;
        ids.push(id.unwrap_or(0));
        valid.push(id.is_some());
    }
    Ok(())
}

/// A state code as Int16, which holds every COW code.
fn state(ccode: u16) -> Result<i16, ParquetError> {
    i16::try_from(ccode).map_err(|_| ParquetError::General(format!("state code {ccode} does not fit the Int16 column")))
}

/// A writer that counts the bytes passed through it.
struct Counter<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
