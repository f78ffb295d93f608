//! Tables indexed by an enum: one value per outcome ([`PerOutcome`]) or per
//! kind of compromise move ([`PerMove`]), so that counts are read as
//! `moves[MoveKind::Deletion]` and written to JSON as a map with the enum's
//! keys (`{"consensus": 7, ...}`), never as unlabelled positions.

use std::fmt;
use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An enum whose every value has a place in a table and a JSON key.
pub trait TableKey: Copy + Eq + 'static {
    /// Every value, in table order.
    const ALL: &'static [Self];
    /// The value's place in `ALL`.
    fn index(self) -> usize;
    /// Its key in JSON and CSV.
    fn key(self) -> &'static str;
}

/// One `T` per value of `K` (`N` is the number of values of `K`).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Table<K, T, const N: usize> {
    values: [T; N],
    key: PhantomData<K>,
}

/// One value per [`crate::Outcome`].
pub type PerOutcome<T> = Table<crate::scenario::checked::Outcome, T, 4>;
/// One value per [`super::record::MoveKind`].
pub type PerMove<T> = Table<super::record::MoveKind, T, 6>;

impl<K: TableKey, T, const N: usize> Table<K, T, N> {
    /// A table with `value(k)` at every key.
    pub fn from_fn(mut value: impl FnMut(K) -> T) -> Self {
        debug_assert_eq!(K::ALL.len(), N);
        Table { values: std::array::from_fn(|i| value(K::ALL[i])), key: PhantomData }
    }

    /// Every key with its value, in table order.
    pub fn iter(&self) -> impl Iterator<Item = (K, &T)> + '_ {
        K::ALL.iter().copied().zip(&self.values)
    }

    /// Every value mutably, with its key.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (K, &mut T)> + '_ {
        K::ALL.iter().copied().zip(&mut self.values)
    }

    /// The values in table order.
    pub fn values(&self) -> &[T; N] {
        &self.values
    }

    /// A table of `f` applied to every value.
    pub fn map<U>(&self, mut f: impl FnMut(K, &T) -> U) -> Table<K, U, N> {
        Table::from_fn(|k| f(k, &self.values[k.index()]))
    }
}

impl<K: TableKey, T: Default, const N: usize> Default for Table<K, T, N> {
    fn default() -> Self {
        Table::from_fn(|_| T::default())
    }
}

impl<K: TableKey, T, const N: usize> Index<K> for Table<K, T, N> {
    type Output = T;
    fn index(&self, k: K) -> &T {
        &self.values[k.index()]
    }
}

impl<K: TableKey, T, const N: usize> IndexMut<K> for Table<K, T, N> {
    fn index_mut(&mut self, k: K) -> &mut T {
        &mut self.values[k.index()]
    }
}

impl<K: TableKey, T: fmt::Debug, const N: usize> fmt::Debug for Table<K, T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter().map(|(k, v)| (k.key(), v))).finish()
    }
}

impl<K: TableKey, T: Serialize, const N: usize> Serialize for Table<K, T, N> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(N))?;
        for (k, v) in self.iter() {
            map.serialize_entry(k.key(), v)?;
        }
        map.end()
    }
}

/// Read back as written: a map with every key once, and no other key.
impl<'de, K: TableKey, T: Deserialize<'de>, const N: usize> Deserialize<'de> for Table<K, T, N> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TableVisitor<K, T, const N: usize>(PhantomData<(K, T)>);
        impl<'de, K: TableKey, T: Deserialize<'de>, const N: usize> Visitor<'de> for TableVisitor<K, T, N> {
            type Value = Table<K, T, N>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "a map with the keys {}", KeyList::<K>::new())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut values: [Option<T>; N] = std::array::from_fn(|_| None);
                while let Some(name) = map.next_key::<String>()? {
                    let Some(k) = K::ALL.iter().find(|k| k.key() == name) else {
                        return Err(de::Error::custom(format!(
                            "unknown key `{name}`: expected {}",
                            KeyList::<K>::new()
                        )));
                    };
                    if values[k.index()].is_some() {
                        return Err(de::Error::custom(format!("duplicate key `{name}`")));
                    }
                    values[k.index()] = Some(map.next_value()?);
                }
                let mut missing = K::ALL.iter().filter(|k| values[k.index()].is_none());
                if let Some(k) = missing.next() {
                    return Err(de::Error::missing_field(k.key()));
                }
                Ok(Table { values: values.map(|v| v.expect("every key was checked")), key: PhantomData })
            }
        }
        deserializer.deserialize_map(TableVisitor(PhantomData))
    }
}

/// "consensus, adopted_by_vote, ..." for messages.
struct KeyList<K>(PhantomData<K>);

impl<K> KeyList<K> {
    fn new() -> Self {
        KeyList(PhantomData)
    }
}

impl<K: TableKey> fmt::Display for KeyList<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys: Vec<&str> = K::ALL.iter().map(|k| k.key()).collect();
        f.write_str(&keys.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::record::MoveKind;
    use crate::scenario::checked::Outcome;

    #[test]
    fn a_table_has_one_place_per_key_and_reads_back_as_written() {
        assert_eq!(Outcome::ALL.len(), 4);
        assert_eq!(MoveKind::ALL.len(), 6);
        for (i, k) in Outcome::ALL.iter().enumerate() {
            assert_eq!(k.index(), i);
        }
        let mut t = PerOutcome::<u64>::default();
        t[Outcome::NoText] += 3;
        t[Outcome::Consensus] = 1;
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, r#"{"consensus":1,"adopted_by_vote":0,"rejected_by_vote":0,"no_text":3}"#);
        assert_eq!(serde_json::from_str::<PerOutcome<u64>>(&json).unwrap(), t);
        let missing = serde_json::from_str::<PerOutcome<u64>>(r#"{"consensus":1}"#).unwrap_err();
        assert!(missing.to_string().contains("adopted_by_vote"), "{missing}");
        let twice = r#"{"consensus":1,"consensus":2,"adopted_by_vote":0,"rejected_by_vote":0,"no_text":3}"#;
        assert!(
            serde_json::from_str::<PerOutcome<u64>>(twice).unwrap_err().to_string().contains("duplicate")
        );
        assert!(serde_json::from_str::<PerOutcome<u64>>(r#"{"won":1}"#).is_err());
    }
}
