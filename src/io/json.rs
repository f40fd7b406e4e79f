//! Pretty JSON that is safe on a terminal, written in one pass.
//!
//! `check --format json` and SARIF stream megabytes of JSON. Through `serde_json`'s pretty
//! printer and then the terminal filter every byte was examined twice (JSON escaping one
//! byte at a time, then the terminal scan) and every indentation level was its own write; at
//! 1,000 elements that was a quarter of `check`'s instructions. This serializer writes the same
//! text `serde_json::to_writer_pretty` made printable wrote, byte for byte:
//! the same layout, the same escapes, and inside strings the characters a terminal would act on
//! (C1 controls, DEL, bidirectional overrides) written as their JSON escapes, which is the same
//! character to a JSON reader. Outside strings JSON is ASCII punctuation, numbers and literals,
//! so nothing else can carry them.

use std::any::Any;
use std::cell::RefCell;
use std::io::Write;
use std::sync::Arc;

use serde::Serialize;
use serde::ser::{self, Impossible};

/// Why a value could not be written as JSON.
#[derive(Debug, thiserror::Error)]
pub enum JsonError {
    /// The writer failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The value has no JSON form (a map key that is not a string or a number).
    #[error("cannot write as JSON: {0}")]
    Value(String),
}

impl ser::Error for JsonError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        JsonError::Value(msg.to_string())
    }
}

impl From<serde_json::Error> for JsonError {
    fn from(e: serde_json::Error) -> Self {
        JsonError::Value(e.to_string())
    }
}

/// Writes `value` as pretty JSON (two-space indent), every string printable on a terminal.
pub fn to_writer_pretty<W: Write, T: ?Sized + Serialize>(out: W, value: &T) -> Result<(), JsonError> {
    let mut ser = Pretty {
        out,
        plain_keys: [(0, 0); PLAIN_KEYS],
        buf: Vec::with_capacity(CHUNK + CHUNK / 4),
        depth: 0,
        shared: Shared::default(),
    };
    value.serialize(&mut ser)?;
    ser.flush()
}

/// The name a value written through [`shared`] is handed on under: a newtype struct, which
/// every other serializer writes as the value itself.
const SHARED: &str = "$bulwark::io::json::shared";

thread_local! {
    // The `Arc` [`shared`] is writing, for the writer to keep alive while it holds a copy of
    // its text (an address is only a key while nothing else can be allocated there).
    static HANDED: RefCell<Option<Arc<dyn Any + Send + Sync>>> = const { RefCell::new(None) };
}

/// Writes a value that many items share (a rule's framework references, on every one of its
/// findings; `#[serde(serialize_with = "...")]`). [`to_writer_pretty`] writes it once per
/// indentation depth and copies that text wherever the same `Arc` comes again; any other
/// serializer writes the value as it is.
pub fn shared<T, S>(value: &Arc<T>, s: S) -> Result<S::Ok, S::Error>
where
    T: Serialize + Send + Sync + 'static,
    S: ser::Serializer,
{
    HANDED.with_borrow_mut(|h| *h = Some(value.clone()));
    let written = s.serialize_newtype_struct(SHARED, &**value);
    HANDED.with_borrow_mut(|h| *h = None);
    written
}

/// Text already written for shared values, by the value's address and the depth it was
/// written at (which sets its indentation).
#[derive(Default)]
struct Shared {
    written: rustc_hash::FxHashMap<(usize, usize), std::ops::Range<usize>>,
    text: Vec<u8>,
    /// The values whose text is kept, so their addresses stay theirs.
    kept: Vec<Arc<dyn Any + Send + Sync>>,
    /// Nonzero while a shared value's text is being written: the buffer is not handed on then,
    /// so the text can be copied from it.
    writing: usize,
}

/// The text is gathered in a buffer of its own and handed to the writer about this many bytes
/// at a time: the many small pieces (a quote, a key, an indentation) are then appends to a
/// `Vec`, with no error to carry and no writer's capacity test for each.
const CHUNK: usize = 1 << 16;

/// A newline and up to 32 levels of indentation, written with one call.
const BREAKS: &[u8] = b"\n                                                                ";

/// Slots of the cache of keys known to need no escaping.
const PLAIN_KEYS: usize = 64;

struct Pretty<W> {
    out: W,
    /// Static keys known to need no escaping, by address and length (direct-mapped).
    plain_keys: [(usize, usize); PLAIN_KEYS],
    /// What is written but not yet handed to `out`.
    buf: Vec<u8>,
    depth: usize,
    shared: Shared,
}

impl<W: Write> Pretty<W> {
    fn raw(&mut self, bytes: &[u8]) -> Result<(), JsonError> {
        self.buf.extend_from_slice(bytes);
        Ok(())
    }

    /// Hands the buffer to the writer once it holds [`CHUNK`] bytes or more.
    fn spill(&mut self) -> Result<(), JsonError> {
        if self.buf.len() >= CHUNK && self.shared.writing == 0 {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), JsonError> {
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        Ok(())
    }

    /// A newline, then indentation for `depth`.
    fn line(&mut self, depth: usize) -> Result<(), JsonError> {
        let width = 1 + 2 * depth;
        if width <= BREAKS.len() {
            return self.raw(&BREAKS[..width]);
        }
        self.raw(b"\n")?;
        for _ in 0..depth {
            self.raw(b"  ")?;
        }
        Ok(())
    }

    fn string(&mut self, text: &str) -> Result<(), JsonError> {
        self.buf.push(b'"');
        write_escaped(&mut self.buf, text);
        self.buf.push(b'"');
        Ok(())
    }

    /// Numbers and literals exactly as `serde_json` writes them.
    fn scalar<T: Serialize>(&mut self, v: T) -> Result<(), JsonError> {
        serde_json::to_writer(&mut self.buf, &v).map_err(JsonError::from)
    }

    /// A value handed on by [`shared`]: its text copied when the same value was written at
    /// this depth before, else written and kept.
    fn shared<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), JsonError> {
        let key = (std::ptr::from_ref(value).cast::<()>() as usize, self.depth);
        if let Some(range) = self.shared.written.get(&key) {
            self.buf.extend_from_slice(&self.shared.text[range.clone()]);
            return Ok(());
        }
        let Some(keep) = HANDED.with_borrow_mut(Option::take) else {
            return value.serialize(self);
        };
        let from = self.buf.len();
        self.shared.writing += 1;
        let written = value.serialize(&mut *self);
        self.shared.writing -= 1;
        written?;
        let at = self.shared.text.len();
        self.shared.text.extend_from_slice(&self.buf[from..]);
        self.shared.written.insert(key, at..self.shared.text.len());
        self.shared.kept.push(keep);
        Ok(())
    }

    fn open(&mut self, bracket: &'static [u8; 1], close: &'static [u8; 1]) -> Result<Compound<'_, W>, JsonError> {
        self.raw(bracket)?;
        self.depth += 1;
        Ok(Compound {
            ser: self,
            first: true,
            close,
        })
    }
}

/// Bytes that can never pass unexamined: controls, the quote, the backslash, DEL and every
/// byte of a multi-byte character (some of those are C1 controls or bidi overrides).
fn block_is_plain(block: u64) -> bool {
    special(block) == 0
}

/// The bytes of `block` that need a look, each flagged by its high bit (as [`block_is_plain`]
/// tests). Never misses one; a byte above a flagged one may be flagged too (a borrow), so the
/// lowest flag is exact.
fn special(block: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let equal = |b: u8| {
        let x = block ^ (ONES * u64::from(b));
        x.wrapping_sub(ONES) & !x & HIGH
    };
    // Below 0x20 (exact for ASCII bytes; a byte of 0x80 or more is caught by `HIGH` anyway).
    let control = block.wrapping_sub(ONES * 0x20) & !block & HIGH;
    control | (block & HIGH) | equal(b'"') | equal(b'\\') | equal(0x7f)
}

/// Whether `text` can be written between quotes as it is (nothing to escape), eight bytes at a
/// time. Most strings (ids, names, keys) are short, so the last block overlaps the one before
/// it instead of leaving a tail to test byte by byte, and a string under eight bytes is read as
/// two overlapping halves (or its first, middle and last byte), padded with spaces.
fn is_plain(text: &str) -> bool {
    let b = text.as_bytes();
    let n = b.len();
    let word = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().unwrap_or([0; 8]));
    let half = |at: usize| u64::from(u32::from_le_bytes(b[at..at + 4].try_into().unwrap_or([0; 4])));
    const SPACES: u64 = 0x2020_2020_2020_2020;
    if n >= 8 {
        let mut i = 0;
        while i + 8 < n {
            if !block_is_plain(word(i)) {
                return false;
            }
            i += 8;
        }
        block_is_plain(word(n - 8))
    } else if n >= 4 {
        block_is_plain(half(0) | (half(n - 4) << 32))
    } else if n > 0 {
        let three = u64::from(b[0]) | (u64::from(b[n / 2]) << 8) | (u64::from(b[n - 1]) << 16);
        block_is_plain(three | (SPACES << 24))
    } else {
        true
    }
}

fn write_escaped(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    // Nearly every string (ids, names, sentences) has nothing to escape: one pass over its
    // eight-byte blocks (`is_plain`), and one copy.
    if is_plain(text) {
        out.extend_from_slice(bytes);
        return;
    }
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Past a block with no flag, or straight to the first flagged byte of one.
        if let Some(chunk) = bytes.get(i..i + 8) {
            let flags = special(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
            if flags == 0 {
                i += 8;
                continue;
            }
            i += (flags.trailing_zeros() / 8) as usize;
        }
        let b = bytes[i];
        // The short tail of a string, or a byte flagged only by a borrow: tested one by one.
        if (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\' {
            i += 1;
            continue;
        }
        let escape: Option<&[u8]> = match b {
            b'"' => Some(b"\\\""),
            b'\\' => Some(b"\\\\"),
            b'\n' => Some(b"\\n"),
            b'\r' => Some(b"\\r"),
            b'\t' => Some(b"\\t"),
            0x08 => Some(b"\\b"),
            0x0c => Some(b"\\f"),
            _ => None,
        };
        let width;
        let hazard = if let Some(escape) = escape {
            out.extend_from_slice(&bytes[start..i]);
            out.extend_from_slice(escape);
            i += 1;
            start = i;
            continue;
        } else if b < 0x80 {
            width = 1;
            (b < 0x20 || b == 0x7f).then_some(u32::from(b))
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            width = c.len_utf8();
            super::terminal::is_hazard(c, false).then_some(u32::from(c))
        };
        if let Some(code) = hazard {
            out.extend_from_slice(&bytes[start..i]);
            let _ = write!(out, "\\u{code:04x}");
            start = i + width;
        }
        i += width;
    }
    out.extend_from_slice(&bytes[start..]);
}

struct Compound<'a, W> {
    ser: &'a mut Pretty<W>,
    first: bool,
    close: &'static [u8; 1],
}

impl<W: Write> Compound<'_, W> {
    fn item(&mut self) -> Result<(), JsonError> {
        self.ser.spill()?;
        if !std::mem::take(&mut self.first) {
            self.ser.buf.push(b',');
        }
        self.ser.line(self.ser.depth)
    }

    /// A key the serializer was given as a `&'static str` (a struct's field, an enum's variant):
    /// one found plain before, at the same address and length, is not tested again.
    fn key(&mut self, key: &'static str) -> Result<(), JsonError> {
        self.item()?;
        let tag = (key.as_ptr() as usize, key.len());
        let slot = ((tag.0 >> 3) ^ tag.1) % PLAIN_KEYS;
        let known = self.ser.plain_keys[slot] == tag;
        if known || is_plain(key) {
            self.ser.plain_keys[slot] = tag;
            let buf = &mut self.ser.buf;
            buf.push(b'"');
            buf.extend_from_slice(key.as_bytes());
            buf.extend_from_slice(b"\": ");
            return Ok(());
        }
        self.ser.string(key)?;
        self.ser.raw(b": ")
    }

    fn finish(self) -> Result<(), JsonError> {
        self.ser.depth -= 1;
        if !self.first {
            self.ser.line(self.ser.depth)?;
        }
        self.ser.raw(self.close)
    }
}

/// A serializer's integer methods, each handing its value to `self.$with`.
macro_rules! integers {
    ($with:ident) => {
        integers!(@each $with: serialize_i8 i8, serialize_i16 i16, serialize_i32 i32, serialize_i64 i64,
            serialize_i128 i128, serialize_u8 u8, serialize_u16 u16, serialize_u32 u32, serialize_u64 u64,
            serialize_u128 u128);
    };
    (@each $with:ident: $($method:ident $t:ty),*) => {
        $(fn $method(self, v: $t) -> Result<(), JsonError> {
            self.$with(v)
        })*
    };
}

impl<'a, W: Write> ser::Serializer for &'a mut Pretty<W> {
    type Ok = ();
    type Error = JsonError;
    type SerializeSeq = Compound<'a, W>;
    type SerializeTuple = Compound<'a, W>;
    type SerializeTupleStruct = Compound<'a, W>;
    type SerializeTupleVariant = Variant<'a, W>;
    type SerializeMap = Compound<'a, W>;
    type SerializeStruct = Compound<'a, W>;
    type SerializeStructVariant = Variant<'a, W>;

    fn serialize_bool(self, v: bool) -> Result<(), JsonError> {
        self.raw(if v { b"true" } else { b"false" })
    }
    integers!(scalar);
    fn serialize_f32(self, v: f32) -> Result<(), JsonError> {
        self.scalar(v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), JsonError> {
        self.scalar(v)
    }
    fn serialize_char(self, v: char) -> Result<(), JsonError> {
        self.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), JsonError> {
        self.string(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), JsonError> {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result<(), JsonError> {
        self.raw(b"null")
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), JsonError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), JsonError> {
        self.raw(b"null")
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), JsonError> {
        self.raw(b"null")
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<(), JsonError> {
        self.string(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, name: &'static str, value: &T) -> Result<(), JsonError> {
        if name == SHARED {
            return self.shared(value);
        }
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), JsonError> {
        let mut outer = self.open(b"{", b"}")?;
        outer.key(variant)?;
        value.serialize(&mut *outer.ser)?;
        outer.finish()
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a, W>, JsonError> {
        self.open(b"[", b"]")
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, W>, JsonError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a, W>, JsonError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Variant<'a, W>, JsonError> {
        Variant::open(self, variant, b"[", b"]")
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a, W>, JsonError> {
        self.open(b"{", b"}")
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a, W>, JsonError> {
        self.open(b"{", b"}")
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Variant<'a, W>, JsonError> {
        Variant::open(self, variant, b"{", b"}")
    }
}

impl<W: Write> ser::SerializeSeq for Compound<'_, W> {
    type Ok = ();
    type Error = JsonError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), JsonError> {
        self.item()?;
        value.serialize(&mut *self.ser)
    }
    fn end(self) -> Result<(), JsonError> {
        self.finish()
    }
}

impl<W: Write> ser::SerializeTuple for Compound<'_, W> {
    type Ok = ();
    type Error = JsonError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), JsonError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), JsonError> {
        self.finish()
    }
}

impl<W: Write> ser::SerializeTupleStruct for Compound<'_, W> {
    type Ok = ();
    type Error = JsonError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), JsonError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), JsonError> {
        self.finish()
    }
}

impl<W: Write> ser::SerializeMap for Compound<'_, W> {
    type Ok = ();
    type Error = JsonError;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), JsonError> {
        self.item()?;
        key.serialize(MapKey { ser: &mut *self.ser })?;
        self.ser.raw(b": ")
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), JsonError> {
        value.serialize(&mut *self.ser)
    }
    fn end(self) -> Result<(), JsonError> {
        self.finish()
    }
}

impl<W: Write> ser::SerializeStruct for Compound<'_, W> {
    type Ok = ();
    type Error = JsonError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), JsonError> {
        self.key(key)?;
        value.serialize(&mut *self.ser)
    }
    fn end(self) -> Result<(), JsonError> {
        self.finish()
    }
}

/// `{"Variant": [..]}` or `{"Variant": {..}}`: the inner compound inside a one-key object.
struct Variant<'a, W> {
    inner: Compound<'a, W>,
}

impl<'a, W: Write> Variant<'a, W> {
    fn open(
        ser: &'a mut Pretty<W>,
        variant: &'static str,
        bracket: &'static [u8; 1],
        close: &'static [u8; 1],
    ) -> Result<Self, JsonError> {
        let mut outer = ser.open(b"{", b"}")?;
        outer.key(variant)?;
        let ser = outer.ser;
        let inner = ser.open(bracket, close)?;
        Ok(Variant { inner })
    }

    fn finish(self) -> Result<(), JsonError> {
        let Compound { ser, first, close } = self.inner;
        Compound { ser, first, close }.finish()?;
        // The one-key object around it: its key was written, so it closes on its own line.
        Compound {
            ser,
            first: false,
            close: b"}",
        }
        .finish()
    }
}

impl<W: Write> ser::SerializeTupleVariant for Variant<'_, W> {
    type Ok = ();
    type Error = JsonError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), JsonError> {
        ser::SerializeSeq::serialize_element(&mut self.inner, value)
    }
    fn end(self) -> Result<(), JsonError> {
        self.finish()
    }
}

impl<W: Write> ser::SerializeStructVariant for Variant<'_, W> {
    type Ok = ();
    type Error = JsonError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), JsonError> {
        ser::SerializeStruct::serialize_field(&mut self.inner, key, value)
    }
    fn end(self) -> Result<(), JsonError> {
        self.finish()
    }
}

/// Object keys: JSON keys are strings, so numbers and booleans are quoted (as `serde_json`
/// does); anything else is refused.
struct MapKey<'a, W> {
    ser: &'a mut Pretty<W>,
}

impl<W: Write> MapKey<'_, W> {
    fn quoted(self, text: &str) -> Result<(), JsonError> {
        self.ser.string(text)
    }

    fn integer<T: std::fmt::Display>(self, v: T) -> Result<(), JsonError> {
        self.quoted(&v.to_string())
    }
}

fn key_refused() -> JsonError {
    JsonError::Value("key must be a string".into())
}

impl<W: Write> ser::Serializer for MapKey<'_, W> {
    type Ok = ();
    type Error = JsonError;
    type SerializeSeq = Impossible<(), JsonError>;
    type SerializeTuple = Impossible<(), JsonError>;
    type SerializeTupleStruct = Impossible<(), JsonError>;
    type SerializeTupleVariant = Impossible<(), JsonError>;
    type SerializeMap = Impossible<(), JsonError>;
    type SerializeStruct = Impossible<(), JsonError>;
    type SerializeStructVariant = Impossible<(), JsonError>;

    fn serialize_bool(self, v: bool) -> Result<(), JsonError> {
        self.quoted(if v { "true" } else { "false" })
    }
    integers!(integer);
    fn serialize_f32(self, _v: f32) -> Result<(), JsonError> {
        Err(key_refused())
    }
    fn serialize_f64(self, _v: f64) -> Result<(), JsonError> {
        Err(key_refused())
    }
    fn serialize_char(self, v: char) -> Result<(), JsonError> {
        self.quoted(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), JsonError> {
        self.quoted(v)
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), JsonError> {
        Err(key_refused())
    }
    fn serialize_none(self) -> Result<(), JsonError> {
        Err(key_refused())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, _value: &T) -> Result<(), JsonError> {
        Err(key_refused())
    }
    fn serialize_unit(self) -> Result<(), JsonError> {
        Err(key_refused())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), JsonError> {
        Err(key_refused())
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<(), JsonError> {
        self.quoted(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _name: &'static str, value: &T) -> Result<(), JsonError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), JsonError> {
        Err(key_refused())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, JsonError> {
        Err(key_refused())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, JsonError> {
        Err(key_refused())
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeTupleStruct, JsonError> {
        Err(key_refused())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, JsonError> {
        Err(key_refused())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, JsonError> {
        Err(key_refused())
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct, JsonError> {
        Err(key_refused())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, JsonError> {
        Err(key_refused())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    /// What `check` wrote before: `serde_json`'s pretty printer, then made printable.
    fn before<T: Serialize>(value: &T) -> String {
        super::super::printable(&serde_json::to_string_pretty(value).unwrap()).into_owned()
    }

    fn now<T: Serialize>(value: &T) -> String {
        let mut out = Vec::new();
        to_writer_pretty(&mut out, value).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        New(u32),
        Tuple(i8, String),
        Struct { a: Option<f64>, b: Vec<()> },
        Empty {},
    }

    #[derive(Serialize)]
    struct Everything {
        shapes: Vec<Shape>,
        keys: BTreeMap<u16, bool>,
        nested: Vec<Vec<Vec<u8>>>,
        empty_map: BTreeMap<String, u8>,
        text: String,
        c: char,
        floats: [f64; 4],
        deep: serde_json::Value,
    }

    #[test]
    fn writes_what_serde_json_wrote_made_printable_for_every_shape() {
        let mut deep = serde_json::json!("bottom");
        for i in 0..40 {
            deep = serde_json::json!({ format!("level {i}"): [deep, i] });
        }
        let value = Everything {
            shapes: vec![
                Shape::Unit,
                Shape::New(7),
                Shape::Tuple(-3, "t".into()),
                Shape::Struct {
                    a: Some(1.5),
                    b: vec![(), ()],
                },
                Shape::Struct { a: None, b: vec![] },
                Shape::Empty {},
            ],
            keys: [(1, true), (20, false)].into_iter().collect(),
            nested: vec![vec![], vec![vec![], vec![1, 2]]],
            empty_map: BTreeMap::new(),
            text: "quote \" back \\ nl \n tab \t esc \u{1b}[2J del \u{7f} c1 \u{9b} bidi a\u{202e}b naïve → ok \u{1}"
                .into(),
            c: '\u{2066}',
            floats: [0.1, -0.0, f64::NAN, 1e300],
            deep,
        };
        let expected = before(&value);
        assert!(
            expected.contains("\\u001b") && expected.contains("\\u202e"),
            "{expected}"
        );
        assert_eq!(now(&value), expected);
    }

    #[test]
    fn a_key_that_is_not_a_string_or_number_is_an_error_not_a_panic() {
        let map: BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into_iter().collect();
        assert!(matches!(to_writer_pretty(Vec::new(), &map), Err(JsonError::Value(_))));
    }

    #[test]
    fn a_byte_to_escape_is_seen_at_every_place_in_short_and_long_strings() {
        for n in 0..40 {
            let plain = "a".repeat(n);
            assert!(is_plain(&plain));
            for at in 0..n {
                for odd in ['"', '\\', '\n', '\u{1f}', '\u{7f}', 'é', '\u{202e}'] {
                    let mut text: Vec<char> = plain.chars().collect();
                    text[at] = odd;
                    let text: String = text.into_iter().collect();
                    assert!(!is_plain(&text), "{text:?}");
                    assert_eq!(now(&text), before(&text));
                }
            }
        }
    }

    #[test]
    fn output_longer_than_the_buffer_is_written_whole() {
        let long = vec!["ab\"c→".repeat(40_000), "plain".repeat(30_000)];
        let many: Vec<String> = (0..50_000).map(|i| format!("id-{i}")).collect();
        assert_eq!(now(&long), before(&long));
        assert_eq!(now(&many), before(&many));
    }

    #[derive(Serialize)]
    struct Holder {
        #[serde(serialize_with = "shared")]
        refs: Arc<BTreeMap<String, Vec<u8>>>,
        nested: Vec<Holder>,
    }

    #[test]
    fn a_shared_value_is_written_as_it_is_at_every_depth_and_past_the_buffer() {
        let refs = Arc::new(BTreeMap::from([
            ("a".to_owned(), vec![1, 2]),
            ("b\"".to_owned(), vec![]),
        ]));
        let other = Arc::new(BTreeMap::from([("a".to_owned(), vec![1, 2])]));
        let leaf = |r: &Arc<BTreeMap<String, Vec<u8>>>| Holder {
            refs: r.clone(),
            nested: Vec::new(),
        };
        // Enough holders that the writer hands its buffer on between them.
        let value: Vec<Holder> = (0..3000)
            .map(|i| Holder {
                refs: if i % 3 == 0 { other.clone() } else { refs.clone() },
                nested: vec![leaf(&refs), leaf(&other)],
            })
            .collect();
        assert_eq!(now(&value), before(&value));
    }

    proptest! {
        #[test]
        fn any_text_is_escaped_as_before(text in any::<String>(), ascii in "[ -~\\n\\t\"\\\\]{0,40}") {
            let value = serde_json::json!({ "a": text, ascii.clone(): [ascii, 1, null] });
            prop_assert_eq!(now(&value), before(&value));
        }
    }
}
