//! The index stage: the on-disk index ([`store`]) and the indexing run that brings it up to date
//! with the folders ([`update`]).

pub mod duplicates;
pub mod merges;
pub mod readonly;
pub mod store;
pub mod update;

pub use store::{Store, StoreError, resolve_index_dir};
pub use update::{Failure, IndexOptions, IndexReport, run};
