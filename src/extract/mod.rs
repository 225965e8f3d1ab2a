//! Extraction: one file on disk → the articles it holds.

pub mod date;
