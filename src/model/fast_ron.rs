//! A fast first try at reading a model file (#15): a serde deserializer for the RON that
//! [`super::to_string`] writes and people write by hand, several times faster than the `ron`
//! crate on a large model.
//!
//! It is only ever a first try. It declines everything it does not read exactly as `ron` 0.12
//! does with the model options (implicit `Some`, recursion limit 64), and the loader then parses
//! the text again with `ron`, so every error message and line people see is `ron`'s. So it must
//! never accept a text `ron` rejects nor read a different value: each rule here is `ron`'s
//! (`ron::parse::Parser`, `ron::de`) or stricter, and the tests check that differentially.
//!
//! What it declines: document attributes (`#![enable(..)]`), non-ASCII identifiers and
//! whitespace, raw identifiers (`r#name`), integers other than plain decimals (`+1`, `0x1F`,
//! `1_000`, suffixes), `inf`/`NaN`, byte strings, ranges, and in `deserialize_any` (untagged
//! enums such as property values) anything but booleans, integers and strings.

use serde::de::{self, DeserializeSeed, Visitor};
use std::fmt;

/// Why the fast reader declined a text. Never shown to people: the text is parsed again with
/// `ron`, whose error they get.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Declined(String);

impl de::Error for Declined {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Declined(msg.to_string())
    }
}

type Result<T> = std::result::Result<T, Declined>;

/// The same limit as the `ron` options in [`super::source_opts`], counted at the same places,
/// so a file deep enough for `ron` to refuse is declined here too.
const RECURSION_LIMIT: usize = 64;

/// Reads a whole document, or declines it.
pub fn from_str<'de, T: de::Deserialize<'de>>(text: &'de str) -> Result<T> {
    let mut r = Reader {
        text,
        src: text.as_bytes(),
        pos: 0,
        depth: RECURSION_LIMIT,
    };
    r.skip_ws()?;
    if r.peek() == Some(b'#') {
        return Err(r.decline("document attributes are left to ron"));
    }
    let value = T::deserialize(&mut r)?;
    r.skip_ws()?;
    if r.pos != r.src.len() {
        return Err(r.decline("trailing characters"));
    }
    Ok(value)
}

struct Reader<'de> {
    text: &'de str,
    src: &'de [u8],
    pos: usize,
    /// How many more nested values `ron` would allow.
    depth: usize,
}

/// A string as read: borrowed from the text when it has no escapes.
enum Str<'de> {
    Borrowed(&'de str),
    Owned(String),
}

fn is_ident_byte(b: u8) -> bool {
    IDENT_BYTES[usize::from(b)]
}

/// ASCII letters, digits and `_`, by byte: a table look-up per byte of every field name and
/// variant a model spells out.
static IDENT_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    t
};

impl<'de> Reader<'de> {
    fn decline(&self, why: &str) -> Declined {
        Declined(format!("{why} at byte {}", self.pos))
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    #[inline]
    fn peek_at(&self, offset: usize) -> Option<u8> {
        self.src.get(self.pos + offset).copied()
    }

    fn slice(&self, start: usize, end: usize) -> Result<&'de str> {
        // Both ends are next to ASCII delimiters, so this never fails; checked all the same.
        self.text
            .get(start..end)
            .ok_or_else(|| self.decline("not at a character boundary"))
    }

    fn expect(&mut self, b: u8, why: &str) -> Result<()> {
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.decline(why))
        }
    }

    /// Whitespace and comments. Only ASCII whitespace: `ron` also skips a few Unicode spaces,
    /// which then stop the next token here and the text is declined.
    #[inline]
    fn skip_ws(&mut self) -> Result<()> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => {
                    self.pos += 1;
                    // Indentation, most of a written model's whitespace: a run of spaces
                    // measured eight bytes at a time.
                    while let Some(&word) = self.src.get(self.pos..).and_then(|r| r.first_chunk::<8>()) {
                        let other = u64::from_le_bytes(word) ^ u64::from_le_bytes(*b"        ");
                        self.pos += (other.trailing_zeros() / 8) as usize;
                        if other != 0 {
                            break;
                        }
                    }
                }
                Some(b'/') => self.skip_comment()?,
                _ => return Ok(()),
            }
        }
    }

    fn skip_comment(&mut self) -> Result<()> {
        match self.peek_at(1) {
            Some(b'/') => {
                // Up to the newline, which the next round skips as whitespace.
                self.pos = memchr::memchr(b'\n', &self.src[self.pos..]).map_or(self.src.len(), |i| self.pos + i);
                Ok(())
            }
            Some(b'*') => {
                // Block comments nest, as in `ron`.
                self.pos += 2;
                let mut level = 1usize;
                while level > 0 {
                    let Some(i) = memchr::memchr2(b'/', b'*', &self.src[self.pos..]) else {
                        return Err(self.decline("unclosed block comment"));
                    };
                    self.pos += i;
                    if self.src[self.pos..].starts_with(b"/*") {
                        level += 1;
                        self.pos += 2;
                    } else if self.src[self.pos..].starts_with(b"*/") {
                        level -= 1;
                        self.pos += 2;
                    } else {
                        self.pos += 1;
                    }
                }
                Ok(())
            }
            _ => Err(self.decline("a lone /")),
        }
    }

    /// `ron`'s comma after a value: optional, with whitespace around it.
    fn comma(&mut self) -> Result<bool> {
        self.skip_ws()?;
        if self.peek() == Some(b',') {
            self.pos += 1;
            self.skip_ws()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// Counts one level of nesting where `ron` does (its `guard_recursion!`).
    #[inline]
    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        if self.depth == 0 {
            return Err(self.decline("nested too deeply"));
        }
        self.depth -= 1;
        let result = f(self);
        self.depth += 1;
        result
    }

    /// The end of the identifier starting at `pos` (ASCII letters, digits and `_`), or a
    /// refusal where `ron` would read on differently: a non-ASCII character that may continue
    /// it, a raw-identifier character (`-`, `.`, `+`) or a string prefix (`r"`, `b'`, `r#`).
    fn ident_end(&self) -> Result<usize> {
        let rest = self.src.get(self.pos..).unwrap_or_default();
        let end = self.pos + rest.iter().take_while(|&&b| is_ident_byte(b)).count();
        match self.src.get(end) {
            Some(&b) if b >= 0x80 || matches!(b, b'-' | b'.' | b'+' | b'"' | b'\'' | b'#') => {
                Err(self.decline("identifier ron reads differently"))
            }
            _ => Ok(end),
        }
    }

    fn ident(&mut self) -> Result<&'de str> {
        if !self.peek().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_') {
            return Err(self.decline("expected an identifier"));
        }
        let end = self.ident_end()?;
        let ident = self.slice(self.pos, end)?;
        self.pos = end;
        Ok(ident)
    }

    /// Whether the text continues with the word `word` as a whole identifier (`ron`'s
    /// `check_ident`); the word is not consumed.
    fn at_word(&self, word: &str) -> Result<bool> {
        if !self.src[self.pos..].starts_with(word.as_bytes()) {
            return Ok(false);
        }
        match self.src.get(self.pos + word.len()) {
            Some(&b) if b >= 0x80 => Err(self.decline("non-ASCII after a keyword")),
            Some(&b) => Ok(!is_ident_byte(b)),
            None => Ok(true),
        }
    }

    /// An optional struct name, which must be the type's (`ron`'s `consume_struct_name`).
    fn struct_name(&mut self, name: &str) -> Result<()> {
        match self.peek() {
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => {
                if self.ident()? == name {
                    Ok(())
                } else {
                    Err(self.decline("another struct's name"))
                }
            }
            Some(b) if b.is_ascii_digit() || b >= 0x80 => Err(self.decline("not a struct name")),
            _ => Ok(()),
        }
    }

    fn string(&mut self) -> Result<Str<'de>> {
        match self.peek() {
            Some(b'"') => {
                self.pos += 1;
                self.escaped_string()
            }
            Some(b'r') => {
                self.pos += 1;
                self.raw_string().map(Str::Borrowed)
            }
            _ => Err(self.decline("expected a string")),
        }
    }

    fn escaped_string(&mut self) -> Result<Str<'de>> {
        let rest = &self.src[self.pos..];
        let Some(end) = memchr::memchr(b'"', rest) else {
            return Err(self.decline("unterminated string"));
        };
        let Some(escape) = memchr::memchr(b'\\', &rest[..end]) else {
            let s = self.slice(self.pos, self.pos + end)?;
            self.pos += end + 1;
            return Ok(Str::Borrowed(s));
        };
        let mut out = String::with_capacity(end);
        out.push_str(self.slice(self.pos, self.pos + escape)?);
        self.pos += escape;
        loop {
            // At a backslash.
            self.pos += 1;
            if !self.string_continuation() {
                out.push(self.escape(false)?);
            }
            let Some(next) = memchr::memchr2(b'"', b'\\', &self.src[self.pos..]) else {
                return Err(self.decline("unterminated string"));
            };
            out.push_str(self.slice(self.pos, self.pos + next)?);
            self.pos += next;
            if self.src[self.pos] == b'"' {
                self.pos += 1;
                return Ok(Str::Owned(out));
            }
        }
    }

    /// A backslash at the end of a line joins the next, without its leading whitespace.
    fn string_continuation(&mut self) -> bool {
        let len = if self.src[self.pos..].starts_with(b"\r\n") {
            2
        } else if self.peek() == Some(b'\n') {
            1
        } else {
            return false;
        };
        self.pos += len;
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
        true
    }

    fn hex_digit(&mut self) -> Result<u32> {
        let digit = self.peek().and_then(|b| char::from(b).to_digit(16));
        match digit {
            Some(d) => {
                self.pos += 1;
                Ok(d)
            }
            None => Err(self.decline("not a hex digit")),
        }
    }

    fn byte_escape(&mut self) -> Result<u8> {
        let high = self.hex_digit()?;
        let low = self.hex_digit()?;
        // Two hex digits always fit a byte.
        u8::try_from(high << 4 | low).map_err(|_| self.decline("byte escape"))
    }

    /// The character after a backslash, as `ron`'s `parse_escape` reads it in a string or a
    /// character literal.
    fn escape(&mut self, in_char: bool) -> Result<char> {
        let Some(b) = self.peek() else {
            return Err(self.decline("unterminated escape"));
        };
        self.pos += 1;
        Ok(match b {
            b'\'' => '\'',
            b'"' => '"',
            b'\\' => '\\',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'0' => '\0',
            b'x' => {
                let mut bytes = [self.byte_escape()?, 0, 0, 0];
                if bytes[0].is_ascii() {
                    return Ok(char::from(bytes[0]));
                }
                if in_char {
                    return Err(self.decline("byte escapes in a character"));
                }
                // A UTF-8 character spelled as up to four `\xNN` escapes.
                for i in 1..4 {
                    if !self.src[self.pos..].starts_with(b"\\x") {
                        return Err(self.decline("incomplete UTF-8 escape"));
                    }
                    self.pos += 2;
                    bytes[i] = self.byte_escape()?;
                    if let Some(c) = std::str::from_utf8(&bytes[..=i]).ok().and_then(|s| s.chars().next()) {
                        return Ok(c);
                    }
                }
                return Err(self.decline("invalid UTF-8 escape"));
            }
            b'u' => {
                self.expect(b'{', "unicode escape without {")?;
                let (mut code, mut digits) = (0u32, 0);
                while digits < 6 && self.peek() != Some(b'}') {
                    code = code << 4 | self.hex_digit()?;
                    digits += 1;
                }
                if digits == 0 {
                    return Err(self.decline("empty unicode escape"));
                }
                self.expect(b'}', "unicode escape without }")?;
                char::from_u32(code).ok_or_else(|| self.decline("not a unicode scalar value"))?
            }
            _ => return Err(self.decline("unknown escape")),
        })
    }

    /// After the `r`: `#`s, a quote, and everything up to a quote followed by as many `#`s.
    fn raw_string(&mut self) -> Result<&'de str> {
        let hashes = self.src[self.pos..].iter().take_while(|&&b| b == b'#').count();
        self.pos += hashes;
        self.expect(b'"', "expected a raw string")?;
        let start = self.pos;
        let mut from = start;
        loop {
            let Some(i) = memchr::memchr(b'"', &self.src[from..]) else {
                return Err(self.decline("unterminated raw string"));
            };
            let quote = from + i;
            let closing = &self.src[quote + 1..];
            if closing.len() >= hashes && closing[..hashes].iter().all(|&b| b == b'#') {
                let s = self.slice(start, quote)?;
                self.pos = quote + 1 + hashes;
                return Ok(s);
            }
            from = quote + 1;
        }
    }

    fn char_literal(&mut self) -> Result<char> {
        self.expect(b'\'', "expected a character")?;
        let rest = self.slice(self.pos, self.src.len())?;
        let Some(c) = rest.chars().next() else {
            return Err(self.decline("unterminated character"));
        };
        self.pos += c.len_utf8();
        let c = if c == '\\' { self.escape(true)? } else { c };
        self.expect(b'\'', "unterminated character")?;
        Ok(c)
    }

    /// Where a number ends: a number followed by anything that could continue it in `ron` (a
    /// letter for a suffix or hex digit, `_`, `.`, a sign) is declined.
    fn number_end(&self, end: usize) -> Result<()> {
        match self.src.get(end) {
            Some(&b) if b >= 0x80 || is_ident_byte(b) || matches!(b, b'.' | b'+' | b'-') => {
                Err(self.decline("number ron reads differently"))
            }
            _ => Ok(()),
        }
    }

    /// A plain decimal integer, `-` allowed only when `signed`; its magnitude and sign.
    fn integer(&mut self, signed: bool) -> Result<(bool, u64)> {
        let negative = signed && self.peek() == Some(b'-');
        let start = self.pos + usize::from(negative);
        let mut end = start;
        let mut value = 0u64;
        while let Some(d) = self.src.get(end).filter(|b| b.is_ascii_digit()) {
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(u64::from(d - b'0')))
                .ok_or_else(|| self.decline("integer too large"))?;
            end += 1;
        }
        if end == start {
            return Err(self.decline("expected an integer"));
        }
        self.number_end(end)?;
        self.pos = end;
        Ok((negative, value))
    }

    fn unsigned<T: TryFrom<u64>>(&mut self) -> Result<T> {
        let (_, value) = self.integer(false)?;
        T::try_from(value).map_err(|_| self.decline("integer out of range"))
    }

    fn signed<T: TryFrom<i64>>(&mut self) -> Result<T> {
        let (negative, magnitude) = self.integer(true)?;
        let value = if negative {
            0i64.checked_sub_unsigned(magnitude)
        } else {
            i64::try_from(magnitude).ok()
        };
        value
            .and_then(|v| T::try_from(v).ok())
            .ok_or_else(|| self.decline("integer out of range"))
    }

    /// The characters `ron` hands to `str::parse` for a float, when they are plain: no `_`,
    /// no `..`, no suffix, `inf` or `NaN`.
    fn float_token(&mut self) -> Result<&'de str> {
        let start = self.pos;
        let mut end = start;
        while self
            .src
            .get(end)
            .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'e' | b'E' | b'.' | b'+' | b'-'))
        {
            end += 1;
        }
        let token = self.slice(start, end)?;
        if token.is_empty() || token.contains("..") {
            return Err(self.decline("expected a float"));
        }
        match self.src.get(end) {
            Some(&b) if b >= 0x80 || is_ident_byte(b) => return Err(self.decline("float ron reads differently")),
            _ => {}
        }
        self.pos = end;
        Ok(token)
    }

    fn float<T: std::str::FromStr>(&mut self) -> Result<T> {
        let start = self.pos;
        let token = self.float_token()?;
        token.parse().map_err(|_| {
            self.pos = start;
            self.decline("not a float")
        })
    }

    /// `(`, the fields or elements, `)` or the closing bracket, with `ron`'s nesting count.
    fn delimited<V: Visitor<'de>>(&mut self, kind: Kind, visitor: V) -> Result<V::Value> {
        let (open, close) = match kind {
            Kind::Seq => (b'[', b']'),
            Kind::Tuple | Kind::Struct => (b'(', b')'),
            Kind::Map => (b'{', b'}'),
        };
        self.expect(open, "expected an opening bracket")?;
        let value = self.nested(|r| {
            let access = Access {
                r,
                kind,
                close,
                had_comma: true,
            };
            match kind {
                Kind::Seq | Kind::Tuple => visitor.visit_seq(access),
                Kind::Map | Kind::Struct => visitor.visit_map(access),
            }
        })?;
        self.skip_ws()?;
        self.expect(close, "expected a closing bracket")?;
        Ok(value)
    }

    /// `Some(` was read: the value, an optional comma, `)`.
    fn parenthesised<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        self.skip_ws()?;
        self.expect(b'(', "expected (")?;
        self.skip_ws()?;
        let value = self.nested(f)?;
        self.comma()?;
        self.expect(b')', "expected )")?;
        Ok(value)
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Seq,
    Tuple,
    Map,
    Struct,
}

/// The fields of a struct, entries of a map or elements of a sequence (`ron`'s
/// `CommaSeparated`): commas between, one trailing comma allowed.
struct Access<'a, 'de> {
    r: &'a mut Reader<'de>,
    kind: Kind,
    close: u8,
    had_comma: bool,
}

impl Access<'_, '_> {
    fn has_element(&mut self) -> Result<bool> {
        self.r.skip_ws()?;
        let at_close = self.r.peek() == Some(self.close);
        if self.had_comma || at_close {
            Ok(!at_close)
        } else {
            Err(self.r.decline("expected a comma"))
        }
    }
}

impl<'de> de::SeqAccess<'de> for Access<'_, 'de> {
    type Error = Declined;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.has_element()? {
            return Ok(None);
        }
        let value = self.r.nested(|r| seed.deserialize(r))?;
        self.had_comma = self.r.comma()?;
        Ok(Some(value))
    }
}

impl<'de> de::MapAccess<'de> for Access<'_, 'de> {
    type Error = Declined;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.has_element()? {
            return Ok(None);
        }
        let key = match self.kind {
            Kind::Struct => self.r.nested(|r| seed.deserialize(FieldName(r)))?,
            _ => self.r.nested(|r| seed.deserialize(r))?,
        };
        Ok(Some(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.r.skip_ws()?;
        self.r.expect(b':', "expected :")?;
        self.r.skip_ws()?;
        let value = self.r.nested(|r| seed.deserialize(r))?;
        self.had_comma = self.r.comma()?;
        Ok(value)
    }
}

impl<'de> de::EnumAccess<'de> for &mut Reader<'de> {
    type Error = Declined;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        self.skip_ws()?;
        let variant = self.nested(|r| seed.deserialize(&mut *r))?;
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for &mut Reader<'de> {
    type Error = Declined;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        self.parenthesised(|r| seed.deserialize(r))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.skip_ws()?;
        self.delimited(Kind::Tuple, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(self, _fields: &'static [&'static str], visitor: V) -> Result<V::Value> {
        self.skip_ws()?;
        self.delimited(Kind::Struct, visitor)
    }
}

/// Whether a visitor expects a struct: `ron` reads such maps (from `#[serde(flatten)]`) with
/// string keys, which is left to it.
fn expects_struct<'de, V: Visitor<'de>>(visitor: &V) -> bool {
    struct Prefix([u8; 7], usize);
    impl fmt::Write for Prefix {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            for &b in s.as_bytes() {
                if self.1 == self.0.len() {
                    return Err(fmt::Error);
                }
                self.0[self.1] = b;
                self.1 += 1;
            }
            Ok(())
        }
    }
    struct Expecting<'a, V>(&'a V);
    impl<'de, V: Visitor<'de>> fmt::Display for Expecting<'_, V> {
        fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
            self.0.expecting(f)
        }
    }
    let mut prefix = Prefix([0; 7], 0);
    // Writing stops with an error after seven bytes, which is all that is looked at.
    let _ = fmt::write(&mut prefix, format_args!("{}", Expecting(visitor)));
    &prefix.0[..prefix.1] == b"struct "
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Declined;

    /// Only what a property value holds: booleans, integers and strings.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek() {
            Some(b'"') => self.deserialize_str(visitor),
            Some(b'r') if matches!(self.peek_at(1), Some(b'"' | b'#')) => self.deserialize_str(visitor),
            Some(b'-' | b'0'..=b'9') => {
                // As `ron`: the smallest type that holds the number.
                let (negative, magnitude) = self.integer(true)?;
                if negative {
                    let v = 0i64
                        .checked_sub_unsigned(magnitude)
                        .ok_or_else(|| self.decline("integer out of range"))?;
                    if let Ok(v) = i8::try_from(v) {
                        visitor.visit_i8(v)
                    } else if let Ok(v) = i16::try_from(v) {
                        visitor.visit_i16(v)
                    } else if let Ok(v) = i32::try_from(v) {
                        visitor.visit_i32(v)
                    } else {
                        visitor.visit_i64(v)
                    }
                } else if let Ok(v) = u8::try_from(magnitude) {
                    visitor.visit_u8(v)
                } else if let Ok(v) = u16::try_from(magnitude) {
                    visitor.visit_u16(v)
                } else if let Ok(v) = u32::try_from(magnitude) {
                    visitor.visit_u32(v)
                } else {
                    visitor.visit_u64(magnitude)
                }
            }
            Some(b't' | b'f') if self.at_word("true")? || self.at_word("false")? => self.deserialize_bool(visitor),
            _ => Err(self.decline("a value left to ron")),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.ident()? {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            _ => Err(self.decline("expected a boolean")),
        }
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i8(self.signed()?)
    }

    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i16(self.signed()?)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i32(self.signed()?)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i64(self.signed()?)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u8(self.unsigned()?)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u16(self.unsigned()?)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u32(self.unsigned()?)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u64(self.unsigned()?)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f32(self.float()?)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f64(self.float()?)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_char(self.char_literal()?)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.string()? {
            Str::Borrowed(s) => visitor.visit_borrowed_str(s),
            Str::Owned(s) => visitor.visit_string(s),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(self.decline("bytes are left to ron"))
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(self.decline("bytes are left to ron"))
    }

    /// `None`, `Some(..)`, or (the implicit-Some extension) the value alone.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.at_word("None")? {
            self.pos += 4;
            visitor.visit_none()
        } else if self.at_word("Some")? {
            self.pos += 4;
            self.parenthesised(|r| visitor.visit_some(r))
        } else {
            self.nested(|r| visitor.visit_some(r))
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.src[self.pos..].starts_with(b"()") {
            self.pos += 2;
            visitor.visit_unit()
        } else {
            Err(self.decline("expected ()"))
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value> {
        if self.peek().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_') {
            self.struct_name(name)?;
            visitor.visit_unit()
        } else {
            self.deserialize_unit(visitor)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value> {
        if name.starts_with('$') {
            return Err(self.decline("ron's raw values are left to ron"));
        }
        self.struct_name(name)?;
        self.parenthesised(|r| visitor.visit_newtype_struct(r))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.delimited(Kind::Seq, visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.delimited(Kind::Tuple, visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.struct_name(name)?;
        self.delimited(Kind::Tuple, visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if expects_struct(&visitor) {
            return Err(self.decline("flattened structs are left to ron"));
        }
        self.delimited(Kind::Map, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        if name.starts_with("Range") {
            // `ron` reads `std::ops` ranges as `1..2`.
            return Err(self.decline("ranges are left to ron"));
        }
        self.struct_name(name)?;
        self.skip_ws()?;
        self.delimited(Kind::Struct, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.nested(|r| visitor.visit_enum(r))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.ident()?)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(self.decline("skipping values is left to ron"))
    }
}

/// A struct's field name: an identifier and nothing else (`ron`'s `id::Deserializer`).
struct FieldName<'a, 'de>(&'a mut Reader<'de>);

impl<'de> de::Deserializer<'de> for FieldName<'_, 'de> {
    type Error = Declined;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.0.ident()?)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(self.0.decline("skipping values is left to ron"))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_any(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_any(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_any(visitor)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, _v: V) -> Result<V::Value> {
        Err(self.0.decline("expected a field name"))
    }
    fn deserialize_i8<V: Visitor<'de>>(self, _v: V) -> Result<V::Value> {
        Err(self.0.decline("expected a field name"))
    }
    fn deserialize_i16<V: Visitor<'de>>(self, _v: V) -> Result<V::Value> {
        Err(self.0.decline("expected a field name"))
    }
    fn deserialize_i32<V: Visitor<'de>>(self, _v: V) -> Result<V::Value> {
        Err(self.0.decline("expected a field name"))
    }
    fn deserialize_i64<V: Visitor<'de>>(self, _v: V) -> Result<V::Value> {
        Err(self.0.decline("expected a field name"))
    }
    fn deserialize_u8<V: Visitor<'de>>(self, _v: V) -> Result<V::Value> {
        Err(self.0.decline("expected a field name"))
    }
    fn deserialize_u16<V: Visitor<'de>>(self, _v: V) -> Result<V::Value> {
        Err(self.0.decline("expected a field name"))
    }
    fn deserialize_u32<V: Visitor<'de>>(self, _v: V) -> Result<V::Value> {
        Err(self.0.decline("expected a field name"))
    }
    fn deserialize_u64<V: Visitor<'de>>(self, _v: V) -> Result<V::Value> {
        Err(self.0.decline("expected a field name"))
    }
    fn deserialize_f32<V: Visitor<'de>>(self, _v: V) -> Result<V::Value> {
        Err(self.0.decline("expected a field name"))
    }
    fn deserialize_f64<V: Visitor<'de>>(self, _v: V) -> Result<V::Value> {
        Err(self.0.decline("expected a field name"))
    }
    fn deserialize_char<V: Visitor<'de>>(self, _v: V) -> Result<V::Value> {
        Err(self.0.decline("expected a field name"))
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, _v: V) -> Result<V::Value> {
        Err(self.0.decline("expected a field name"))
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, _v: V) -> Result<V::Value> {
        Err(self.0.decline("expected a field name"))
    }
    fn deserialize_option<V: Visitor<'de>>(self, _v: V) -> Result<V::Value> {
        Err(self.0.decline("expected a field name"))
    }
    fn deserialize_unit<V: Visitor<'de>>(self, _v: V) -> Result<V::Value> {
        Err(self.0.decline("expected a field name"))
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(self, _n: &'static str, _v: V) -> Result<V::Value> {
        Err(self.0.decline("expected a field name"))
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _n: &'static str, _v: V) -> Result<V::Value> {
        Err(self.0.decline("expected a field name"))
    }
    fn deserialize_seq<V: Visitor<'de>>(self, _v: V) -> Result<V::Value> {
        Err(self.0.decline("expected a field name"))
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, _l: usize, _v: V) -> Result<V::Value> {
        Err(self.0.decline("expected a field name"))
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _n: &'static str, _l: usize, _v: V) -> Result<V::Value> {
        Err(self.0.decline("expected a field name"))
    }
    fn deserialize_map<V: Visitor<'de>>(self, _v: V) -> Result<V::Value> {
        Err(self.0.decline("expected a field name"))
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _n: &'static str,
        _f: &'static [&'static str],
        _v: V,
    ) -> Result<V::Value> {
        Err(self.0.decline("expected a field name"))
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _n: &'static str,
        _f: &'static [&'static str],
        _v: V,
    ) -> Result<V::Value> {
        Err(self.0.decline("expected a field name"))
    }
}

#[cfg(test)]
mod tests;
