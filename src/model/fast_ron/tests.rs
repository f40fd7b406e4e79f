//! The fast reader against `ron`: whatever it reads, `ron` reads the same; what it declines is
//! left to `ron`.

use super::from_str;
use crate::model::{Model, check_fast_read, source_opts, to_string};
use proptest::prelude::*;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::fmt::Debug;

/// Reads `text` both ways; panics if the fast reader read something `ron` does not. Returns
/// whether the fast reader read it.
fn same<T: DeserializeOwned + PartialEq + Debug>(text: &str) -> bool {
    let fast = from_str::<T>(text);
    let slow = source_opts().from_str::<T>(text);
    match (&fast, &slow) {
        (Ok(f), Ok(s)) => assert_eq!(f, s, "{text:?}"),
        (Ok(f), Err(e)) => panic!("fast read {f:?} where ron says {e}: {text:?}"),
        (Err(_), _) => {}
    }
    fast.is_ok()
}

/// The fast reader reads `text`, to the same value as `ron`.
fn reads<T: DeserializeOwned + PartialEq + Debug>(text: &str) {
    assert!(same::<T>(text), "declined {text:?}: {:?}", from_str::<T>(text).err());
}

/// The fast reader declines `text`, whatever `ron` makes of it.
fn declines<T: DeserializeOwned + PartialEq + Debug>(text: &str) {
    assert!(!same::<T>(text), "read {text:?}");
}

/// `ron` rejects `text` and so does the fast reader.
fn both_reject<T: DeserializeOwned + PartialEq + Debug>(text: &str) {
    assert!(source_opts().from_str::<T>(text).is_err(), "ron reads {text:?}");
    declines::<T>(text);
}

#[derive(Debug, PartialEq, Deserialize)]
struct Point {
    x: f32,
    y: f32,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    name: String,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    at: Option<Point>,
    #[serde(default)]
    count: u32,
}

#[derive(Debug, PartialEq, Deserialize)]
enum Shape {
    Empty,
    Named(String),
    Pair(i32, i32),
    Box { w: f32, h: f32 },
}

#[derive(Debug, PartialEq, Deserialize)]
struct Wrapper(String);

/// Recursive, to find where both stop nesting.
#[derive(Debug, PartialEq, Deserialize)]
enum Tree {
    Leaf,
    Node(Box<Tree>),
}

#[test]
fn structs_with_and_without_names_and_trailing_commas() {
    reads::<Point>("(x: 1.0, y: 2.5)");
    reads::<Point>("Point(x: 1, y: -2.5e3)");
    reads::<Point>("Point (x: 1.0, y: 2.0,)");
    reads::<Point>("  (\n  y: 2.0,\n  x: .5\n)\n");
    reads::<Record>(r#"(name: "a", tags: ["x", "y",], count: 7)"#);
    // Another struct's name, a missing comma, a doubled comma, an unknown field.
    both_reject::<Point>("Pos(x: 1.0, y: 2.0)");
    both_reject::<Point>("(x: 1.0 y: 2.0)");
    both_reject::<Point>("(x: 1.0,, y: 2.0)");
    both_reject::<Record>(r#"(name: "a", colour: "red")"#);
    both_reject::<Record>(r#"(name: "a", name: "b")"#);
    both_reject::<Point>("(x: 1.0, y: 2.0) (");
}

#[test]
fn maps_sequences_and_tuples() {
    reads::<BTreeMap<String, Vec<u8>>>(r#"{"a": [1, 2], "b": [], "c": [3,],}"#);
    reads::<BTreeMap<String, (i64, String)>>(r#"{ "k" : (-9223372036854775808, "v") }"#);
    reads::<(u8, char, bool)>("(255, 'x', false)");
    reads::<Vec<(f32, f32)>>("[(1.0, 2.0), (3, 4)]");
    both_reject::<Vec<u8>>("[1 2]");
    both_reject::<Vec<u8>>("[,]");
    both_reject::<BTreeMap<String, u8>>(r#"{"a" 1}"#);
    both_reject::<(u8, u8)>("(1, 2, 3)");
}

#[test]
fn strings_with_escapes_raw_strings_and_chars() {
    reads::<String>(r#""plain, borrowed""#);
    reads::<String>(r#""tab\there \"quoted\" back\\slash \u{1F600} \x41 \0 \' é""#);
    reads::<String>("\"a\\\n    joined\"");
    reads::<String>("\"a\\\r\n\t joined\"");
    reads::<String>("\"multi\nline\"");
    reads::<String>(r#""\xc3\xa9""#);
    reads::<String>(r##"r#"raw "quoted" \n"#"##);
    reads::<String>(r#"r"raw""#);
    reads::<String>(r###"r##"a "# b"##"###);
    reads::<char>(r"'\n'");
    reads::<char>("'é'");
    reads::<char>("'''");
    // Invalid escapes, lone surrogates, byte escapes that are no UTF-8, unterminated strings.
    for bad in [
        r#""\q""#,
        r#""\u{D800}""#,
        r#""\u{110000}""#,
        r#""\u{}""#,
        r#""\u{1234567}""#,
        r#""\xff""#,
        r#""\xc3""#,
        r#""\xc3\x41""#,
        "\"open",
        "\"open\\",
        r##"r#"open"##,
        "r\"open",
    ] {
        both_reject::<String>(bad);
    }
    both_reject::<char>(r"'\xc3'");
    both_reject::<char>("'ab'");
}

#[test]
fn numbers() {
    reads::<u32>("0");
    reads::<u32>("007");
    reads::<u64>("18446744073709551615");
    reads::<i8>("-128");
    reads::<i64>("9223372036854775807");
    reads::<f32>("1e400");
    reads::<f32>("-0.0");
    reads::<f64>("3.141592653589793238");
    reads::<f32>("5.");
    for huge in ["18446744073709551616", "99999999999999999999999999999"] {
        both_reject::<u64>(huge);
        both_reject::<u32>(huge);
    }
    both_reject::<u8>("256");
    both_reject::<i8>("-129");
    both_reject::<u32>("-1");
    both_reject::<u32>("1.5");
    both_reject::<f32>("1..2");
    both_reject::<f32>("-");
    // What ron reads but the fast reader leaves to it.
    for other in ["0x1F", "+5", "1_000", "5u32", "0b101"] {
        declines::<u32>(other);
    }
    for other in ["inf", "NaN", "-inf", "1_0.5", "1.5f32"] {
        declines::<f32>(other);
    }
}

#[test]
fn options_with_and_without_some() {
    reads::<Option<String>>("None");
    reads::<Option<String>>(r#"Some("x")"#);
    reads::<Option<String>>(r#"Some ( "x" , )"#);
    reads::<Option<String>>(r#""implicit""#);
    reads::<Option<Point>>("(x: 1.0, y: 2.0)");
    reads::<Option<Option<u8>>>("Some(None)");
    reads::<Record>(r#"(name: "a", note: "implicit", at: Some((x: 1.0, y: 1.0)))"#);
    both_reject::<Option<u8>>("Some(1");
    both_reject::<Option<u8>>("Some(1, 2)");
    both_reject::<Option<String>>("Nonesuch");
}

#[test]
fn enums_and_newtypes() {
    reads::<Shape>("Empty");
    reads::<Shape>(r#"Named("n")"#);
    reads::<Shape>("Pair(1, -2)");
    reads::<Shape>("Box(w: 1.0, h: 2.0)");
    reads::<Shape>("Box (w: 1.0, h: 2.0,)");
    reads::<Vec<Shape>>(r#"[Empty, Named("x",), Pair(3, 4)]"#);
    reads::<Wrapper>(r#"("w")"#);
    reads::<Wrapper>(r#"Wrapper("w")"#);
    both_reject::<Shape>("Round");
    both_reject::<Shape>("Empty(1)");
    both_reject::<Shape>("Named");
    both_reject::<Wrapper>(r#"Other("w")"#);
    // Raw identifiers and identifiers ron reads further are left to it.
    declines::<Shape>("r#Empty");
    both_reject::<Shape>("Emp-ty");
}

#[test]
fn comments_and_whitespace() {
    reads::<Point>("// a line\n(x /* inside */ : 1.0, // after\n y: 2.0) // last line, unclosed");
    reads::<Point>("/* nested /* block */ comment */ (x: 1.0, y: 2.0)");
    reads::<Point>("(x: 1.0,\r\n\ty: 2.0)\r\n");
    both_reject::<Point>("/* unclosed (x: 1.0, y: 2.0)");
    both_reject::<Point>("/* nested /* once */ (x: 1.0, y: 2.0)");
    both_reject::<Point>("(x: 1.0, y: 2.0) /");
    both_reject::<Point>("(x: 1.0, y: 2.0) /x");
    // Attributes and Unicode spaces are left to ron.
    declines::<Point>("#![enable(implicit_some)] (x: 1.0, y: 2.0)");
    declines::<Point>("(x:\u{2028}1.0, y: 2.0)");
}

#[test]
fn untagged_property_values_read_only_plain_scalars() {
    use crate::model::Value;
    reads::<Value>("true");
    reads::<Value>("-5");
    reads::<Value>("255");
    reads::<Value>("65536");
    reads::<Value>("-9223372036854775808");
    reads::<Value>(r#""text""#);
    reads::<Value>(r#"r"raw""#);
    both_reject::<Value>("18446744073709551615");
    both_reject::<Value>("1.5");
    both_reject::<Value>("[1]");
    both_reject::<Value>("None");
    // `ron` reads a bare word there as text (a unit variant's name); left to it.
    declines::<Value>("trueish");
    both_reject::<Value>("5..6");
    for other in ["'c'", "(1)", "Some(1)", "b\"x\""] {
        declines::<Value>(other);
    }
}

#[test]
fn nesting_stops_exactly_where_ron_stops() {
    let mut ron_stopped = false;
    for depth in 1..80 {
        let text = format!("{}Leaf{}", "Node(".repeat(depth), ")".repeat(depth));
        let ron_reads = source_opts().from_str::<Tree>(&text).is_ok();
        assert_eq!(same::<Tree>(&text), ron_reads, "depth {depth}");
        ron_stopped |= !ron_reads;
    }
    assert!(ron_stopped, "ron's recursion limit never hit");
    // Deep nesting in a model where none is allowed ends at once with an error.
    let deep = format!(
        "(format: 9, name: \"x\", description: {}1{})",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    both_reject::<Model>(&deep);
    let deep = format!(
        "(format: 9, name: \"x\", elements: {{\"el-a\": (kind: \"k\", name: \"n\", properties: {{\"p\": {}1{}}})}})",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    both_reject::<Model>(&deep);
}

#[test]
fn duplicate_ids_are_errors_both_ways() {
    both_reject::<Model>(
        r#"(format: 9, name: "m", elements: {"el-a": (kind: "k", name: "a"), "el-a": (kind: "k", name: "b")})"#,
    );
    both_reject::<Model>(r#"(format: 9, name: "m", name: "n")"#);
}

/// The loader's own files: what `to_string` writes, read back by the fast reader, equal to what
/// `ron` reads; and every file the fuzz harness is seeded with (README "Hostile input").
#[test]
fn every_shipped_model_and_fuzz_seed_is_read_the_same() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["assets/examples", "tests/fixtures"] {
        for e in std::fs::read_dir(root.join(dir)).expect("dir").flatten() {
            files.push(e.path());
        }
    }
    for e in std::fs::read_dir(root.join("tests/accuracy/cases"))
        .expect("dir")
        .flatten()
    {
        files.push(e.path().join("model.bulwark.ron"));
    }
    files.retain(|f| f.to_string_lossy().ends_with(".bulwark.ron") && f.exists());
    assert!(files.len() >= 20, "{files:?}");
    let mut read = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).expect("read");
        let fast = check_fast_read(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        // Files of older formats that the current schema does not read are left to `ron`.
        let current = source_opts().from_str::<Model>(&text).is_ok();
        assert_eq!(fast, current, "{}", f.display());
        read += usize::from(fast);
        // Written by this build: always the fast path.
        if let Ok(m) = crate::model::from_str(&text, "m") {
            let saved = to_string(&m).expect("save");
            assert_eq!(check_fast_read(&saved), Ok(true), "{}", f.display());
        }
    }
    assert!(read >= 10, "read {read} of {}", files.len());
}

/// Every one-character deletion and doubling of a small hand-written model.
#[test]
fn every_small_edit_of_a_model_is_read_the_same_or_left_to_ron() {
    let text = r#"// hand-written
Model(
    format: 9,
    name: "Chat \"bot\"",
    elements: {
        "el-user": (kind: "user", name: "User", tags: ["a"],),
        "el-llm": (kind: "llm-api", name: r"LLM", boundary: "tb", properties: {"replicas": 3, "third_party": true, "hosting": "x"}),
    },
    flows: {"fl-1": (from: "el-user", to: "el-llm", operation: Invoke, encrypted: Yes)},
    boundaries: {"tb": (name: "Cloud", kind: CloudAccount)},
    layout: (elements: {"el-user": (x: 1.5, y: -2.0)}),
    /* done */
)
"#;
    assert_eq!(check_fast_read(text), Ok(true));
    let mut accepted = 0;
    for (i, c) in text.char_indices() {
        let deleted = format!("{}{}", &text[..i], &text[i + c.len_utf8()..]);
        let doubled = format!("{}{c}{}", &text[..i], &text[i..]);
        for edited in [deleted, doubled] {
            accepted += usize::from(check_fast_read(&edited).unwrap_or_else(|e| panic!("{e}\n{edited}")));
        }
    }
    // Edits in names, strings and whitespace still read: the fast path is not just declining.
    assert!(accepted > text.len() / 2, "{accepted}");
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete,
    Double,
    Insert(char),
    Replace(char),
    Comment,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    // Characters that mean something to RON, so changes hit tokens, not only text.
    let significant = proptest::sample::select(
        "\"'(){}[],:/*\\#r-+.0159eE_ \nSomeNnx\u{e9}"
            .chars()
            .collect::<Vec<_>>(),
    );
    prop_oneof![
        Just(Mutation::Delete),
        Just(Mutation::Double),
        significant.clone().prop_map(Mutation::Insert),
        significant.prop_map(Mutation::Replace),
        Just(Mutation::Comment),
    ]
}

fn mutate(text: &str, at: proptest::sample::Index, m: &Mutation) -> String {
    let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let i = boundaries[at.index(boundaries.len())];
    let next = text[i..].chars().next().map_or(i, |c| i + c.len_utf8());
    let (before, here, after) = (&text[..i], &text[i..next], &text[next..]);
    match m {
        Mutation::Delete => format!("{before}{after}"),
        Mutation::Double => format!("{before}{here}{here}{after}"),
        Mutation::Insert(c) => format!("{before}{c}{here}{after}"),
        Mutation::Replace(c) => format!("{before}{c}{after}"),
        Mutation::Comment => format!("{before}/* c */{here}// d\n{after}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever the fast reader makes of a saved model, and of the text with a few characters
    /// changed, `ron` reads the same model (or the fast reader declined).
    #[test]
    fn the_fast_reader_reads_what_ron_reads(
        m in crate::model::tests::proptests::full_model(),
        edits in proptest::collection::vec((any::<proptest::sample::Index>(), mutation()), 0..4),
    ) {
        let text = to_string(&m).expect("save");
        prop_assert_eq!(check_fast_read(&text), Ok(true));
        let mut edited = text;
        for (at, mutation) in &edits {
            edited = mutate(&edited, *at, mutation);
            prop_assert!(check_fast_read(&edited).is_ok(), "{:?}\n{}", check_fast_read(&edited), edited);
        }
    }
}
