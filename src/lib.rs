//! kiosque: full-text search for folders of French news articles.
//!
//! The pipeline, one module per stage: [`discover`] walks folders into `SourceFile`s,
//! [`extract`] turns each into `Article`s, [`schema`] maps them onto tantivy documents,
//! [`index`] writes them; [`search`] parses a query with the same [`analysis`] and returns hits
//! with snippets, which [`output`] prints. [`commands`] glue stages together per subcommand.

pub mod analysis;
pub mod article;
pub mod commands;
pub mod discover;
pub mod eval;
pub mod extract;
pub mod index;
pub mod output;
pub mod schema;
pub mod search;
