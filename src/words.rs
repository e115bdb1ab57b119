//! Words shown to the user that the reader and the command line share, in each language.
//! The language is Chinese unless the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, the first
//! that is set) starts with `en`.

/// A language of the words on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// The language of the locale.
    pub fn from_env() -> Lang {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let locale = var("LC_ALL").or_else(|| var("LC_MESSAGES")).or_else(|| var("LANG"));
        Lang::of_locale(locale.as_deref())
    }

    /// The language of a locale name (`en_US.UTF-8`, `zh_CN.UTF-8`, `C`).
    pub fn of_locale(locale: Option<&str>) -> Lang {
        if locale.is_some_and(|l| l.starts_with("en")) { Lang::En } else { Lang::Zh }
    }
}

/// The count of a search's hits: exact ones, and variants (the chars in order but apart);
/// `so_far` while the search still runs (a `+`), `unlisted` when the variants are not
/// listed.
pub fn counts(exact: usize, variant: usize, so_far: bool, unlisted: bool, lang: Lang) -> String {
    let more = if so_far { "+" } else { "" };
    match (lang, unlisted) {
        (Lang::Zh, false) => format!("{exact}{more} 处 · 相近 {variant}{more}"),
        (Lang::Zh, true) => format!("{exact}{more} 处 · 相近 {variant}{more} 未列出"),
        (Lang::En, false) => format!("{exact}{more} exact · {variant}{more} {}", variants(variant)),
        (Lang::En, true) => format!("{exact}{more} exact · {variant}{more} {} not listed", variants(variant)),
    }
}

fn variants(n: usize) -> &'static str {
    if n == 1 { "variant" } else { "variants" }
}

/// A query that found nothing exact, and was found by its pinyin instead.
pub fn retried(query: &str, pinyin: &str, found: usize, lang: Lang) -> String {
    let query = query.trim();
    match lang {
        Lang::Zh => format!("没有 {query}；按拼音 {pinyin} 找到 {found} 处"),
        Lang::En => format!("no {query}; by its pinyin {pinyin}, {found} found"),
    }
}

/// A damaged cache pack (or an entry in it), discarded: its reports were parsed again, so
/// nothing is missing. `path` names the pack.
pub fn cache_discarded(path: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("缓存文件 {path} 已损坏，已丢弃并重新解析其中的报告"),
        Lang::En => format!("the cache file {path} was damaged: discarded, and its reports parsed again"),
    }
}

/// The column heads of `baogao trend`'s table: place and year (as the cells are keyed),
/// then reports, chars, exact occurrences, their rate per 10,000 chars, the paragraphs
/// holding them and the paragraphs with only variants.
pub fn trend_heads(place: bool, year: bool, lang: Lang) -> Vec<&'static str> {
    let (p, y, rest): (&str, &str, [&str; 6]) = match lang {
        Lang::Zh => ("地方", "年份", ["报告", "字数", "出现", "每万字", "段落", "相近段落"]),
        Lang::En => ("place", "year", ["reports", "chars", "exact", "per 10k", "paragraphs", "variants"]),
    };
    let mut heads = Vec::new();
    if place {
        heads.push(p);
    }
    if year {
        heads.push(y);
    }
    heads.extend(rest);
    heads
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locale_picks_the_language() {
        assert_eq!(Lang::of_locale(Some("en_US.UTF-8")), Lang::En);
        assert_eq!(Lang::of_locale(Some("en")), Lang::En);
        assert_eq!(Lang::of_locale(Some("zh_CN.UTF-8")), Lang::Zh);
        assert_eq!(Lang::of_locale(Some("C.UTF-8")), Lang::Zh);
        assert_eq!(Lang::of_locale(None), Lang::Zh);
    }

    #[test]
    fn words_in_each_language() {
        assert_eq!(counts(133, 1, false, false, Lang::Zh), "133 处 · 相近 1");
        assert_eq!(counts(133, 1, true, true, Lang::Zh), "133+ 处 · 相近 1+ 未列出");
        assert_eq!(counts(2, 0, false, false, Lang::En), "2 exact · 0 variants");
        assert_eq!(counts(2, 1, false, false, Lang::En), "2 exact · 1 variant");
        assert_eq!(
            retried("营商环竟", "yingshanghuanjing", 133, Lang::Zh),
            "没有 营商环竟；按拼音 yingshanghuanjing 找到 133 处"
        );
        assert!(retried("营商环竟", "yingshanghuanjing", 133, Lang::En).starts_with("no 营商环竟; by its pinyin"));
    }
}
