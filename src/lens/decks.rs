//! Temporary stand-in for the card decks (replaced by the decks branch at merge).
#![allow(missing_docs, dead_code)]
use crate::catalog::Catalog;
use crate::model::KindId;
pub struct Deck {
    pub id: String,
    pub title: String,
    pub cards: Vec<Card>,
}
pub struct Card {
    pub suit: String,
    pub card: String,
    pub prompt: String,
}
#[derive(Clone, Copy)]
pub enum Target<'a> {
    Kind(&'a KindId),
    Flow,
}
pub fn builtin() -> Result<&'static [Deck], String> {
    Ok(&[])
}
pub fn prompts_for<'a>(deck: &'a Deck, _t: Target<'_>, _c: &Catalog) -> Vec<&'a Card> {
    deck.cards.iter().collect()
}
pub fn pick<'a>(cards: &[&'a Card], seed: u64) -> Option<&'a Card> {
    let n = cards.len() as u64;
    (n > 0).then(|| cards[(seed % n) as usize])
}
pub fn seed_for(key: &str) -> u64 {
    key.len() as u64
}
