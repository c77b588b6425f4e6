//! Tables declared once: a row type lists its columns (name, type, getter,
//! setter) and the Parquet schema, the frame a batch becomes and the rows a
//! frame is read back into all come from that list.
//!
//! To add a table: a `#[derive(Default, Clone)]` row struct, `impl Table`
//! with its file name and one [`Col`] per field. Categorical fields stay
//! enums in the row; their column converts to the contract string and back.

use crate::error::{Error, IoContext, Result};
use polars::prelude::*;
use std::fs::File;
use std::path::{Path, PathBuf};

/// A column's type in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    Str,
    I32,
    U32,
    U64,
    F64,
    Bin,
}

impl Type {
    fn dtype(self) -> DataType {
        match self {
            Type::Str => DataType::String,
            Type::I32 => DataType::Int32,
            Type::U32 => DataType::UInt32,
            Type::U64 => DataType::UInt64,
            Type::F64 => DataType::Float64,
            Type::Bin => DataType::Binary,
        }
    }
}

/// Reads a column's value from a row (`None`: null).
type Get<R, T> = Box<dyn Fn(&R) -> Option<T>>;
/// Reads a borrowed value (text, bytes) from a row.
type GetRef<R, T> = Box<dyn Fn(&R) -> Option<&T>>;
/// Writes a value read back into a row.
type Set<R, T> = Box<dyn Fn(&mut R, Option<T>)>;
/// Writes a borrowed value (text) read back into a row: a categorical
/// column parses it without an allocation.
type SetRef<R, T> = Box<dyn Fn(&mut R, Option<&T>)>;

/// How a column reads its value from a row and writes it back. Boxed, so
/// that a column every row has wraps its field's plain getter and setter.
enum Access<R> {
    Str(GetRef<R, str>, SetRef<R, str>),
    I32(Get<R, i32>, Set<R, i32>),
    U32(Get<R, u32>, Set<R, u32>),
    U64(Get<R, u64>, Set<R, u64>),
    F64(Get<R, f64>, Set<R, f64>),
    Bin(GetRef<R, [u8]>, Set<R, Vec<u8>>),
}

/// One column of a table of rows `R`.
pub struct Col<R> {
    pub name: &'static str,
    access: Access<R>,
}

/// Declares the two constructors of each column type: `Col::str(name,
/// get, set)` for a field every row has (a null reads back as the type's
/// default), `Col::opt_str(…)` for an `Option` field (`None` is null); and
/// likewise `i32`, `u32`, `u64`, `f64` and `bin`.
macro_rules! constructors {
    ($($req:ident, $opt:ident: $variant:ident, $get:ty, $set:ty;)+) => {
        impl<R: 'static> Col<R> {
            $(
                pub fn $req(name: &'static str, get: fn(&R) -> $get, set: fn(&mut R, $set)) -> Self {
                    let access = Access::$variant(
                        Box::new(move |r| Some(get(r))),
                        Box::new(move |r, v| set(r, v.unwrap_or_default())),
                    );
                    Col { name, access }
                }

                pub fn $opt(
                    name: &'static str,
                    get: fn(&R) -> Option<$get>,
                    set: fn(&mut R, Option<$set>),
                ) -> Self {
                    Col { name, access: Access::$variant(Box::new(get), Box::new(set)) }
                }
            )+
        }
    };
}

constructors! {
    str, opt_str: Str, &str, &str;
    i32, opt_i32: I32, i32, i32;
    u32, opt_u32: U32, u32, u32;
    u64, opt_u64: U64, u64, u64;
    f64, opt_f64: F64, f64, f64;
    bin, opt_bin: Bin, &[u8], Vec<u8>;
}

impl<R> Col<R> {
    /// The column's type.
    pub fn ty(&self) -> Type {
        match self.access {
            Access::Str(..) => Type::Str,
            Access::I32(..) => Type::I32,
            Access::U32(..) => Type::U32,
            Access::U64(..) => Type::U64,
            Access::F64(..) => Type::F64,
            Access::Bin(..) => Type::Bin,
        }
    }

    /// The column of `rows` as a polars column.
    fn column(&self, rows: &[R]) -> Column {
        let name = self.name.into();
        match &self.access {
            Access::Str(g, _) => Column::new(name, rows.iter().map(g).collect::<Vec<_>>()),
            Access::I32(g, _) => Column::new(name, rows.iter().map(g).collect::<Vec<_>>()),
            Access::U32(g, _) => Column::new(name, rows.iter().map(g).collect::<Vec<_>>()),
            Access::U64(g, _) => Column::new(name, rows.iter().map(g).collect::<Vec<_>>()),
            Access::F64(g, _) => Column::new(name, rows.iter().map(g).collect::<Vec<_>>()),
            Access::Bin(g, _) => Column::new(name, rows.iter().map(g).collect::<Vec<_>>()),
        }
    }

    /// Sets this column of `rows` from `c`.
    fn fill(&self, c: &Column, rows: &mut [R]) -> PolarsResult<()> {
        let each = rows.iter_mut();
        match &self.access {
            Access::Str(_, s) => each.zip(c.str()?.iter()).for_each(|(r, v)| s(r, v)),
            Access::I32(_, s) => each.zip(c.i32()?.iter()).for_each(|(r, v)| s(r, v)),
            Access::U32(_, s) => each.zip(c.u32()?.iter()).for_each(|(r, v)| s(r, v)),
            Access::U64(_, s) => each.zip(c.u64()?.iter()).for_each(|(r, v)| s(r, v)),
            Access::F64(_, s) => each.zip(c.f64()?.iter()).for_each(|(r, v)| s(r, v)),
            Access::Bin(_, s) => each
                .zip(c.binary()?.iter())
                .for_each(|(r, v)| s(r, v.map(<[u8]>::to_vec))),
        }
        Ok(())
    }
}

/// A row type stored as a table of a generation.
pub trait Table: Default + Clone + Send + Sync + 'static {
    /// The table's file name inside a generation.
    const FILE: &'static str;
    /// The columns, in contract order.
    fn columns() -> Vec<Col<Self>>;
}

pub(crate) fn frame_err(path: &Path) -> impl FnOnce(PolarsError) -> Error + '_ {
    move |error| Error::Frame {
        path: path.to_path_buf(),
        error,
    }
}

/// The schema of table `T`.
pub fn schema<T: Table>() -> Schema {
    Schema::from_iter(
        T::columns()
            .iter()
            .map(|c| Field::new(c.name.into(), c.ty().dtype())),
    )
}

/// Rows of `T` as a frame.
pub fn to_frame<T: Table>(rows: &[T]) -> Result<DataFrame> {
    let cols = T::columns().iter().map(|c| c.column(rows)).collect();
    DataFrame::new(rows.len(), cols).map_err(|e| Error::Invalid(format!("{} frame: {e}", T::FILE)))
}

/// A frame of table `T` (all of its columns or some) back as rows; the
/// columns the frame lacks keep their defaults.
pub fn from_frame<T: Table>(df: &DataFrame, path: &Path) -> Result<Vec<T>> {
    let mut rows = vec![T::default(); df.height()];
    fill(df, &mut rows, path)?;
    Ok(rows)
}

/// Sets the columns `df` has (of table `T`) in `rows`, one row of the
/// frame per row, in order; the other fields stay as they are.
pub fn fill<T: Table>(df: &DataFrame, rows: &mut [T], path: &Path) -> Result<()> {
    for col in T::columns() {
        if let Ok(c) = df.column(col.name) {
            col.fill(c, rows).map_err(frame_err(path))?;
        }
    }
    Ok(())
}

/// Reads rows `[offset, offset + len)` (all when `None`) of a Parquet
/// file, optionally only some columns.
pub fn read_frame(
    path: &Path,
    columns: Option<&[&str]>,
    slice: Option<(usize, usize)>,
) -> Result<DataFrame> {
    let file = File::open(path).at(path)?;
    ParquetReader::new(file)
        .with_columns(columns.map(|c| c.iter().map(|s| s.to_string()).collect()))
        .with_slice(slice)
        .finish()
        .map_err(frame_err(path))
}

/// Reads some columns of a Parquet file whole, with each row's number in
/// the file as column `number` (polars' index type). (Reading row group
/// by row group and filtering each, to hold less, was twice as slow on
/// the 1 GB benchmark store: polars reads a whole file in parallel.)
pub fn read_numbered(path: &Path, columns: &[&str], number: &str) -> Result<DataFrame> {
    let file = File::open(path).at(path)?;
    ParquetReader::new(file)
        .with_columns(Some(columns.iter().map(|s| s.to_string()).collect()))
        .with_row_index(Some(RowIndex {
            name: number.into(),
            offset: 0,
        }))
        .finish()
        .map_err(frame_err(path))
}

/// Reads some columns of the rows numbered `at` of a Parquet file, in the
/// order of `at`. Rows less than `gap` apart are read as one slice, and
/// the file's metadata once: a few hundred rows of a table of millions
/// cost a few slices, not the whole columns.
pub fn read_rows(path: &Path, columns: &[&str], at: &[usize], gap: usize) -> Result<DataFrame> {
    let err = || frame_err(path);
    let columns: Vec<String> = columns.iter().map(|s| s.to_string()).collect();
    let mut order: Vec<usize> = (0..at.len()).collect();
    order.sort_by_key(|&i| at[i]);
    let metadata = ParquetReader::new(File::open(path).at(path)?)
        .get_metadata()
        .map_err(err())?
        .clone();
    let mut sorted: Option<DataFrame> = None;
    for run in order.chunk_by(|&a, &b| at[b] < at[a] + gap) {
        let lo = at[run[0]];
        let hi = at[run[run.len() - 1]] + 1;
        let mut reader = ParquetReader::new(File::open(path).at(path)?)
            .with_columns(Some(columns.clone()))
            .with_slice(Some((lo, hi - lo)));
        reader.set_metadata(metadata.clone());
        let slice = reader.finish().map_err(err())?;
        let take = IdxCa::from_vec(
            "".into(),
            run.iter().map(|&i| (at[i] - lo) as IdxSize).collect(),
        );
        let part = slice.take(&take).map_err(err())?;
        match sorted.as_mut() {
            Some(df) => drop(df.vstack_mut(&part).map_err(err())?),
            None => sorted = Some(part),
        }
    }
    // Back from the file's order to that of `at`.
    let mut back = vec![0 as IdxSize; at.len()];
    for (pos, &i) in order.iter().enumerate() {
        back[i] = pos as IdxSize;
    }
    match sorted {
        Some(df) => df.take(&IdxCa::from_vec("".into(), back)).map_err(err()),
        None => read_frame(
            path,
            Some(&columns.iter().map(String::as_str).collect::<Vec<_>>()),
            Some((0, 0)),
        ),
    }
}

/// The row groups of a Parquet file: (first row, rows) each.
pub fn row_groups(path: &Path) -> Result<Vec<(usize, usize)>> {
    let metadata = ParquetReader::new(File::open(path).at(path)?)
        .get_metadata()
        .map_err(frame_err(path))?
        .clone();
    let mut offset = 0;
    Ok(metadata
        .row_groups
        .iter()
        .map(|g| {
            let group = (offset, g.num_rows());
            offset += g.num_rows();
            group
        })
        .collect())
}

/// Reads table `T` of generation folder `dir`, optionally only some
/// columns (the others keep their defaults).
pub fn read<T: Table>(dir: &Path, columns: Option<&[&str]>) -> Result<Vec<T>> {
    let path = dir.join(T::FILE);
    from_frame(&read_frame(&path, columns, None)?, &path)
}

/// Reads rows `[offset, offset + len)` of table `T` of generation `dir`.
pub fn read_slice<T: Table>(dir: &Path, offset: usize, len: usize) -> Result<Vec<T>> {
    let path = dir.join(T::FILE);
    from_frame(&read_frame(&path, None, Some((offset, len)))?, &path)
}

/// Writes all rows of table `T` into generation folder `dir` at once.
pub fn write<T: Table>(dir: &Path, rows: &[T]) -> Result<()> {
    let mut sink = ParquetSink::new(&dir.join(T::FILE), schema::<T>());
    sink.write(&to_frame(rows)?)?;
    sink.finish()
}

/// Writes frames with one schema to a Parquet file, one row group per
/// batch, so that no table has to be held whole in memory.
pub struct ParquetSink {
    path: PathBuf,
    schema: Schema,
    writer: Option<polars::io::parquet::write::BatchedWriter<File>>,
}

impl ParquetSink {
    pub fn new(path: &Path, schema: Schema) -> ParquetSink {
        ParquetSink {
            path: path.to_path_buf(),
            schema,
            writer: None,
        }
    }

    /// Appends a batch (its schema must be the sink's).
    pub fn write(&mut self, df: &DataFrame) -> Result<()> {
        if df.height() == 0 {
            return Ok(());
        }
        self.writer()?
            .write_batch(df)
            .map_err(frame_err(&self.path))
    }

    fn writer(&mut self) -> Result<&mut polars::io::parquet::write::BatchedWriter<File>> {
        if self.writer.is_none() {
            let file = File::create(&self.path).at(&self.path)?;
            let w = ParquetWriter::new(file)
                .with_compression(ParquetCompression::Zstd(None))
                .batched(&self.schema)
                .map_err(frame_err(&self.path))?;
            self.writer = Some(w);
        }
        Ok(self.writer.as_mut().expect("writer just created"))
    }

    /// Finishes the file; an empty table is written with its schema.
    pub fn finish(mut self) -> Result<()> {
        if self.writer.is_none() {
            let mut empty = DataFrame::empty_with_schema(&self.schema);
            let file = File::create(&self.path).at(&self.path)?;
            ParquetWriter::new(file)
                .finish(&mut empty)
                .map_err(frame_err(&self.path))?;
            return Ok(());
        }
        self.writer()?.finish().map_err(frame_err(&self.path))?;
        Ok(())
    }
}
