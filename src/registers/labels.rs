//! Column labels and fixed words of the reports, one table per language in
//! `labels.toml` (embedded). Adding a language is data only: a new `[xx]`
//! table with every key of `[en]` (a test checks), then `--lang xx` works.

use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};

const TEXT: &str = include_str!("labels.toml");

type Tables = BTreeMap<String, BTreeMap<String, String>>;

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    // Our own embedded data, checked by the tests below: a parse failure is a
    // build defect, never an input error.
    toml::from_str(TEXT).unwrap_or_default()
});

/// The labels of one language, falling back to English for missing keys.
#[derive(Clone, Debug)]
pub struct Labels {
    lang: Arc<str>,
}

impl Labels {
    pub fn english() -> Labels {
        Labels {
            lang: Arc::from("en"),
        }
    }

    /// The labels of `lang` (`en`, `nl`, ...), or an error naming the languages.
    pub fn for_lang(lang: &str) -> Result<Labels, String> {
        if TABLES.contains_key(lang) {
            Ok(Labels {
                lang: Arc::from(lang),
            })
        } else {
            Err(format!(
                "no labels for language `{lang}`; available: {}",
                Labels::languages().join(", ")
            ))
        }
    }

    /// Every language with labels, sorted.
    pub fn languages() -> Vec<&'static str> {
        TABLES.keys().map(String::as_str).collect()
    }

    pub fn lang(&self) -> &str {
        &self.lang
    }

    /// The label of `key`; English when this language lacks it; the key itself
    /// when no table has it.
    pub fn get<'k>(&self, key: &'k str) -> &'k str
    where
        'static: 'k,
    {
        TABLES
            .get(&*self.lang)
            .and_then(|t| t.get(key))
            .or_else(|| TABLES.get("en").and_then(|t| t.get(key)))
            .map_or(key, String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_english_key() {
        let tables: Tables = toml::from_str(TEXT).unwrap();
        let en = &tables["en"];
        assert!(en.len() > 40);
        for (lang, table) in &tables {
            let missing: Vec<&String> = en.keys().filter(|k| !table.contains_key(*k)).collect();
            let extra: Vec<&String> = table.keys().filter(|k| !en.contains_key(*k)).collect();
            assert!(missing.is_empty(), "[{lang}] lacks {missing:?}");
            assert!(extra.is_empty(), "[{lang}] has keys [en] lacks: {extra:?}");
            for (k, v) in table {
                assert!(!v.trim().is_empty(), "[{lang}] {k} is empty");
            }
        }
        assert_eq!(Labels::languages(), ["en", "nl"]);
    }

    #[test]
    fn lookup_and_fallback() {
        let nl = Labels::for_lang("nl").unwrap();
        assert_eq!(nl.get("col.purposes"), "Doeleinden");
        assert_eq!(Labels::english().get("col.purposes"), "Purposes");
        assert_eq!(nl.get("no.such.key"), "no.such.key");
        assert!(Labels::for_lang("fr").unwrap_err().contains("en, nl"));
    }
}
