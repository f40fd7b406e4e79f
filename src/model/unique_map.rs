//! Deserializes a map and refuses duplicate keys. serde's own `BTreeMap` silently keeps the last
//! duplicate, which would hide a copy-paste error in a hand-edited file.

use serde::de::{Deserialize, Deserializer, Error, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// Deserialize a `BTreeMap`, failing with "duplicate id" when a key appears twice.
pub fn deserialize<'de, D, K, V>(d: D) -> Result<BTreeMap<K, V>, D::Error>
where
    D: Deserializer<'de>,
    K: Deserialize<'de> + Ord + fmt::Display,
    V: Deserialize<'de>,
{
    struct MapVisitor<K, V>(PhantomData<(K, V)>);
    impl<'de, K, V> Visitor<'de> for MapVisitor<K, V>
    where
        K: Deserialize<'de> + Ord + fmt::Display,
        V: Deserialize<'de>,
    {
        type Value = BTreeMap<K, V>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a map keyed by id")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
            // Files Bulwark writes have their keys in order: those entries are gathered in a list
            // and the map built from it in one go, which packs the tree's nodes (inserting one by
            // one leaves them about two-thirds full: a fifth of a 10,000-element model's memory
            // is its maps; issue 15). A key out of order switches to inserting.
            let mut in_order: Vec<(K, V)> = Vec::new();
            let mut map: Option<BTreeMap<K, V>> = None;
            while let Some(key) = access.next_key::<K>()? {
                let m = match &mut map {
                    None if in_order.last().is_none_or(|(last, _)| *last < key) => {
                        in_order.push((key, access.next_value()?));
                        continue;
                    }
                    None => map.insert(std::mem::take(&mut in_order).into_iter().collect()),
                    Some(m) => m,
                };
                if m.contains_key(&key) {
                    return Err(A::Error::custom(format!("duplicate id {:?}", key.to_string())));
                }
                let value = access.next_value()?;
                m.insert(key, value);
            }
            Ok(map.unwrap_or_else(|| in_order.into_iter().collect()))
        }
    }
    d.deserialize_map(MapVisitor(PhantomData))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    #[derive(Debug, serde::Deserialize)]
    struct Doc {
        #[serde(deserialize_with = "super::deserialize")]
        map: BTreeMap<String, u32>,
    }

    fn read(text: &str) -> Result<BTreeMap<String, u32>, String> {
        ron::from_str::<Doc>(text).map(|d| d.map).map_err(|e| e.to_string())
    }

    #[test]
    fn keys_in_any_order_give_the_same_map() {
        let want: BTreeMap<String, u32> = [("a", 1), ("b", 2), ("c", 3)]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        assert_eq!(read(r#"(map: {"a": 1, "b": 2, "c": 3})"#), Ok(want.clone()));
        assert_eq!(read(r#"(map: {"b": 2, "c": 3, "a": 1})"#), Ok(want.clone()));
        assert_eq!(read(r#"(map: {"c": 3, "b": 2, "a": 1})"#), Ok(want));
        assert_eq!(read("(map: {})"), Ok(BTreeMap::new()));
    }

    #[test]
    fn a_duplicate_is_refused_in_order_or_not() {
        for text in [
            r#"(map: {"a": 1, "a": 2})"#,
            r#"(map: {"a": 1, "b": 2, "a": 3})"#,
            r#"(map: {"b": 1, "a": 2, "c": 3, "a": 4})"#,
        ] {
            let err = read(text).expect_err(text);
            assert!(err.contains("duplicate id \"a\""), "{err}");
        }
    }
}
