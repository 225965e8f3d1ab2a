//! Ranking parameters: field weights, exact-form weights, the all-words rule, proximity.
//! The defaults are what `search` uses; `kiosque eval --param name=value` tries others.

use serde::Serialize;

/// How scores are put together (on top of tantivy's BM25, k1 = 1.2, b = 0.75).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RankingParams {
    /// Weight of a match in the headline.
    pub title_weight: f32,
    /// Weight of a match in the standfirst.
    pub lede_weight: f32,
    /// Weight of a match in the body.
    pub body_weight: f32,
    /// Extra weight of an exact-form match (`Meta` rather than the stem `met`).
    pub exact_weight: f32,
    /// The same when the query word was typed with a capital, in a short query: the user
    /// names something (`Meta`, `Orange`) and the stem alone (`met`, `orang`) is mostly noise.
    /// Measured on the keyword queries of `scripts/eval-ranking` (MRR@10, 2 / 3 words of each
    /// headline, 2 / 3 of each standfirst): 0.4351 / 0.5082 / 0.3724 / 0.4448 at 3 (the
    /// default until session 10), 0.4348 / 0.5319 / 0.3727 / 0.4513 at 1; on all 1,500 of
    /// each, 0.75 / 1 / 1.25 / 1.5 / 2 / 3 gave 3-word headlines 0.532 / 0.529 / 0.525 / 0.519
    /// / 0.512 / 0.503. (The names' stems keep their 0.2: at 0.5, `Meta` put articles saying
    /// `met` above some saying `Meta`.)
    pub exact_weight_capitalized: f32,
    /// The same in a long query (a pasted headline or sentence), where capitals are mostly
    /// typography (sentence starts, title case).
    pub exact_weight_capitalized_long: f32,
    /// Weight of the stem of a name (a capitalised word of a short query whose exact form the
    /// index holds): `met` for `Meta` is mostly the verb.
    pub name_stem_weight: f32,
    /// Bonus that puts articles with every query clause above those with some (short queries).
    pub all_words_bonus: f32,
    /// A query of at most this many clauses is short: a list of words the user wants, not a
    /// pasted sentence.
    pub short_query_max_clauses: usize,
    /// Weight of the bonus for query words found close together.
    pub proximity_weight: f32,
    /// How many positions apart words may be for that bonus.
    pub proximity_slop: u32,
    /// Weight of the bonus for each pair of neighbouring query words found close together
    /// (sequential dependence: what a long query's word pairs say beyond its single words).
    pub pair_weight: f32,
    /// How many positions apart the two words of a pair may be (in order).
    pub pair_slop: u32,
    /// How many of the best articles (without proximity) get their proximity bonuses computed:
    /// reading word positions for every matching article made common-word queries slow on
    /// large archives.
    pub rerank_depth: usize,
    /// Weight of a synonym's match (`intelligence artificielle` for `IA`) beside the word's own.
    pub synonym_weight: f32,
    /// Weight of the bonus for a short query's words as typed, stop words included (`mariage
    /// pour tous`; see `wording`), read from the stored text of the best candidates.
    /// Measured with `kiosque eval` on the team's topical queries (bench/topical, 48 queries,
    /// nDCG@10): 0.8593 without, 0.8639 / 0.8661 / 0.8628 / 0.8596 / 0.8576 at 0.5 / 1 / 2 /
    /// 3 / 5 (`mariage pour tous` 0.28 -> 0.57 at 1; `PMA pour toutes` 0.95 at 0, 1.00 at
    /// 1, 0.93 at 2, 0.70 at 3). Known-item titles 0.7106 -> 0.7121 MRR@10 (short headlines with a quoted
    /// phrase), standfirsts and PIAF unchanged.
    pub wording_weight: f32,
    /// How many of the best articles (with their proximity bonuses) get their wording bonus:
    /// it reads their stored text, which costs more than positions. 30, 50, 100 and 200 give
    /// the same figures above. Callgrind, 36k index, whole process: `mariage` 8.0 M
    /// instructions, `mariage pour tous` 22.9 M at 50; `la poste` 24.9 M at 50, 71 M at 200
    /// (133 M at 200 with a first version that split the texts with the analyzer).
    pub wording_depth: usize,
}

impl Default for RankingParams {
    fn default() -> Self {
        RankingParams {
            title_weight: 2.0,
            lede_weight: 1.5,
            body_weight: 1.0,
            exact_weight: 0.0,
            exact_weight_capitalized: 1.0,
            exact_weight_capitalized_long: 0.5,
            name_stem_weight: 0.2,
            all_words_bonus: 1000.0,
            short_query_max_clauses: 4,
            proximity_weight: 1.0,
            proximity_slop: 3,
            synonym_weight: 1.0,
            pair_weight: 0.15,
            pair_slop: 3,
            rerank_depth: 200,
            wording_weight: 1.0,
            wording_depth: 50,
        }
    }
}

impl RankingParams {
    /// Sets one parameter from `name=value`.
    pub fn set(&mut self, assignment: &str) -> Result<(), String> {
        let (name, value) = assignment
            .split_once('=')
            .ok_or_else(|| format!("expected name=value, got {assignment:?}"))?;
        let float = || {
            value
                .trim()
                .parse::<f32>()
                .map_err(|_| format!("{name}: {value:?} is not a number"))
        };
        let int = || {
            value
                .trim()
                .parse::<u32>()
                .map_err(|_| format!("{name}: {value:?} is not a whole number"))
        };
        match name.trim() {
            "title_weight" => self.title_weight = float()?,
            "lede_weight" => self.lede_weight = float()?,
            "body_weight" => self.body_weight = float()?,
            "exact_weight" => self.exact_weight = float()?,
            "exact_weight_capitalized" => self.exact_weight_capitalized = float()?,
            "exact_weight_capitalized_long" => self.exact_weight_capitalized_long = float()?,
            "name_stem_weight" => self.name_stem_weight = float()?,
            "all_words_bonus" => self.all_words_bonus = float()?,
            "short_query_max_clauses" => self.short_query_max_clauses = int()? as usize,
            "proximity_weight" => self.proximity_weight = float()?,
            "proximity_slop" => self.proximity_slop = int()?,
            "synonym_weight" => self.synonym_weight = float()?,
            "pair_weight" => self.pair_weight = float()?,
            "pair_slop" => self.pair_slop = int()?,
            "rerank_depth" => self.rerank_depth = int()? as usize,
            "wording_weight" => self.wording_weight = float()?,
            "wording_depth" => self.wording_depth = int()? as usize,
            other => return Err(format!("unknown ranking parameter {other:?}")),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_parses_and_rejects() {
        let mut p = RankingParams::default();
        p.set("title_weight=3.5").expect("valid");
        p.set("proximity_slop = 5").expect("valid");
        assert_eq!(p.title_weight, 3.5);
        assert_eq!(p.proximity_slop, 5);
        assert!(p.set("nope=1").is_err());
        assert!(p.set("title_weight=x").is_err());
        assert!(p.set("title_weight").is_err());
    }
}
