//! Query syntax: fzf's extended search syntax, adapted to Chinese text.
//!
//! | token     | meaning                                                          |
//! |-----------|------------------------------------------------------------------|
//! | `word`    | fuzzy match (pinyin too, for Latin letters)                      |
//! | `'word`   | exact substring                                                  |
//! | `^word`   | paragraph starts with `word`                                     |
//! | `word$`   | paragraph ends with `word`                                       |
//! | `^word$`  | paragraph is `word` (prefix AND suffix, see [`Query::parse`])    |
//! | `!word`   | paragraph must NOT contain `word` (exact); `!^word`, `!word$` too |
//! | `!'word`  | paragraph must NOT fuzzy-match `word` (fzf's inverse fuzzy)      |
//! | `a \| b`  | `a` OR `b` (the bar is its own token)                            |
//!
//! Terms are separated by any whitespace, including the full-width space U+3000 that Chinese
//! IMEs type; all terms (OR-groups) must match. `\ ` puts a literal space into a term (folding
//! then removes it, so `增长\ 19` is the single term `增长19`). As in fzf, an operator with no word
//! yet (a lone `'`, `^`, `!`, `!'` or `!^`) is no term: `营商环境 !` finds what `营商环境`
//! finds while the word to exclude is typed. A lone `$` is the literal char, and `'!` finds a
//! literal `!`. Term text is folded with
//! [`fold_str`], like the paragraphs it is matched against; terms that fold to nothing are dropped.

use super::fold::fold_str;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TermKind {
    Fuzzy,
    Exact,
    Prefix,
    Suffix,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub kind: TermKind,
    pub negate: bool,
    /// Folded with [`fold_str`]; never empty when produced by [`Query::parse`].
    pub text: String,
}

/// AND of OR-groups: every group must match; within a group, any term.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub groups: Vec<Vec<Term>>,
}

/// Splits on unescaped whitespace (any kind, U+3000 included); `\` + whitespace is kept as that
/// whitespace char inside the token. A `\` before anything else is kept as is.
fn tokenize(s: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut cur = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && next.is_whitespace()
        {
            cur.push(next);
            chars.next();
        } else if c.is_whitespace() {
            if !cur.is_empty() {
                tokens.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        tokens.push(cur);
    }
    tokens
}

/// One token's terms: usually one; two (prefix + suffix) for `^word$`. Empty if the text folds to
/// nothing. The bool is true for the two-term `^word$` form.
fn parse_token(token: &str) -> (Vec<Term>, bool) {
    let one = |kind, negate, text: &str| {
        let text = fold_str(text);
        if text.is_empty() { Vec::new() } else { vec![Term { kind, negate, text }] }
    };
    if matches!(token, "'" | "^" | "!" | "!'" | "!^") {
        return (Vec::new(), false);
    }
    if token == "$" {
        return (one(TermKind::Fuzzy, false, token), false);
    }
    let mut text = token;
    let mut kind = TermKind::Fuzzy;
    let mut negate = false;
    if let Some(rest) = text.strip_prefix('!') {
        negate = true;
        kind = TermKind::Exact;
        text = rest;
    }
    let mut suffix = false;
    if text != "$"
        && let Some(rest) = text.strip_suffix('$')
    {
        suffix = true;
        text = rest;
    }
    if text.chars().count() > 2
        && let Some(rest) = text.strip_prefix('\'').and_then(|t| t.strip_suffix('\''))
    {
        // fzf's `'word'` (word-boundary exact); boundaries mean little in Chinese: plain exact.
        return (one(TermKind::Exact, negate, rest), false);
    }
    if let Some(rest) = text.strip_prefix('\'') {
        // fzf flips exactness: `'word` is exact, `!'word` is inverse fuzzy; a `$` is forgotten.
        let kind = if negate { TermKind::Fuzzy } else { TermKind::Exact };
        return (one(kind, negate, rest), false);
    }
    if let Some(rest) = text.strip_prefix('^') {
        if suffix {
            let mut terms = one(TermKind::Prefix, negate, rest);
            if let Some(t) = terms.first() {
                terms.push(Term { kind: TermKind::Suffix, ..t.clone() });
            }
            return (terms, true);
        }
        return (one(TermKind::Prefix, negate, rest), false);
    }
    if suffix {
        kind = TermKind::Suffix;
    }
    (one(kind, negate, text), false)
}

impl Query {
    /// Parses fzf's extended syntax (see the module docs).
    ///
    /// `^word$` (fzf's "equal") becomes a prefix term and a suffix term: as a standalone token two
    /// AND-groups (starts with AND ends with `word`); negated, or inside an `|` chain, both terms
    /// join the OR-group (`!^word$` rejects paragraphs that both start and end with `word`).
    pub fn parse(s: &str) -> Query {
        let mut groups: Vec<Vec<Term>> = Vec::new();
        let mut group: Vec<Term> = Vec::new();
        // As in fzf: after a term, the next term starts a new group unless a `|` came between.
        let mut switch_group = false;
        let mut after_bar = false;
        // Pending second AND-group of a standalone `^word$`.
        let mut equal_suffix: Option<Term> = None;
        for token in tokenize(s) {
            if !group.is_empty() && !after_bar && token == "|" {
                switch_group = false;
                after_bar = true;
                continue;
            }
            after_bar = false;
            let (mut terms, is_equal) = parse_token(&token);
            if terms.is_empty() {
                continue;
            }
            // This token joins the current group through a `|`.
            let joins = !switch_group && !group.is_empty();
            if switch_group {
                groups.push(std::mem::take(&mut group));
                if let Some(t) = equal_suffix.take() {
                    groups.push(vec![t]);
                }
            } else if let Some(t) = equal_suffix.take() {
                // The `^word$` is in an OR chain after all: its suffix term joins the group.
                group.push(t);
            }
            if is_equal && !terms[0].negate && !joins {
                equal_suffix = terms.pop();
            }
            group.extend(terms);
            switch_group = true;
        }
        if !group.is_empty() {
            groups.push(group);
        }
        if let Some(t) = equal_suffix {
            groups.push(vec![t]);
        }
        Query { groups }
    }

    /// True if the query has no terms (every paragraph matches, with score 0).
    pub fn is_empty(&self) -> bool {
        self.groups.iter().all(|g| g.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TermKind::*;

    fn t(kind: TermKind, negate: bool, text: &str) -> Term {
        Term { kind, negate, text: text.to_string() }
    }

    fn groups(s: &str) -> Vec<Vec<Term>> {
        Query::parse(s).groups
    }

    #[test]
    fn plain_terms_are_fuzzy_and_anded() {
        assert_eq!(groups("石墨 产业"), vec![vec![t(Fuzzy, false, "石墨")], vec![t(Fuzzy, false, "产业")]]);
    }

    #[test]
    fn full_width_space_separates_terms() {
        assert_eq!(groups("石墨\u{3000}产业"), vec![vec![t(Fuzzy, false, "石墨")], vec![t(Fuzzy, false, "产业")]]);
    }

    #[test]
    fn operators() {
        assert_eq!(groups("'营商环境"), vec![vec![t(Exact, false, "营商环境")]]);
        assert_eq!(groups("^各位"), vec![vec![t(Prefix, false, "各位")]]);
        assert_eq!(groups("奋斗!$"), vec![vec![t(Suffix, false, "奋斗!")]]);
        assert_eq!(groups("!鸡西"), vec![vec![t(Exact, true, "鸡西")]]);
        assert_eq!(groups("!^各位"), vec![vec![t(Prefix, true, "各位")]]);
        assert_eq!(groups("!奋斗$"), vec![vec![t(Suffix, true, "奋斗")]]);
        assert_eq!(groups("!'石墨"), vec![vec![t(Fuzzy, true, "石墨")]]);
        assert_eq!(groups("'石墨'"), vec![vec![t(Exact, false, "石墨")]]);
    }

    #[test]
    fn equal_becomes_prefix_and_suffix_groups() {
        assert_eq!(
            groups("^各位代表：$"),
            vec![vec![t(Prefix, false, "各位代表:")], vec![t(Suffix, false, "各位代表:")]]
        );
        assert_eq!(groups("!^abc$"), vec![vec![t(Prefix, true, "abc"), t(Suffix, true, "abc")]]);
        assert_eq!(groups("^a$ | b"), vec![vec![t(Prefix, false, "a"), t(Suffix, false, "a"), t(Fuzzy, false, "b")]]);
        assert_eq!(groups("b | ^a$"), vec![vec![t(Fuzzy, false, "b"), t(Prefix, false, "a"), t(Suffix, false, "a")]]);
        assert_eq!(
            groups("^a$ c"),
            vec![vec![t(Prefix, false, "a")], vec![t(Suffix, false, "a")], vec![t(Fuzzy, false, "c")]]
        );
    }

    #[test]
    fn bar_ors_adjacent_terms() {
        assert_eq!(
            groups("石墨 | 煤炭 产业"),
            vec![vec![t(Fuzzy, false, "石墨"), t(Fuzzy, false, "煤炭")], vec![t(Fuzzy, false, "产业")]]
        );
        assert_eq!(
            groups("'a | ^b | c$ !d"),
            vec![vec![t(Exact, false, "a"), t(Prefix, false, "b"), t(Suffix, false, "c")], vec![t(Exact, true, "d")]]
        );
        // Stray bars are ignored; a bar glued to a word is not an operator.
        assert_eq!(groups("| a |"), vec![vec![t(Fuzzy, false, "a")]]);
        assert_eq!(groups("a | | b"), vec![vec![t(Fuzzy, false, "a"), t(Fuzzy, false, "b")]]);
        assert_eq!(groups("a |b"), vec![vec![t(Fuzzy, false, "a")], vec![t(Fuzzy, false, "b")]]);
    }

    #[test]
    fn escaped_space_stays_in_the_term() {
        assert_eq!(groups(r"增长\ 19.1%"), vec![vec![t(Fuzzy, false, "增长19.1%")]]);
        assert_eq!(groups(r"'a\ b c"), vec![vec![t(Exact, false, "ab")], vec![t(Fuzzy, false, "c")]]);
        // An escaped full-width space too.
        assert_eq!(groups("石墨\\\u{3000}产业"), vec![vec![t(Fuzzy, false, "石墨产业")]]);
    }

    #[test]
    fn a_trailing_lone_operator_is_ignored_while_its_word_is_typed() {
        let none = Vec::<Vec<Term>>::new();
        for op in ["'", "!", "^", "!'", "!^"] {
            assert_eq!(groups(op), none, "{op}");
            assert_eq!(groups(&format!("营商环境 {op}")), vec![vec![t(Fuzzy, false, "营商环境")]], "{op}");
        }
        // A lone $ is the char (as in fzf), and '! or '' the literal chars.
        assert_eq!(groups("$"), vec![vec![t(Fuzzy, false, "$")]]);
        assert_eq!(groups("'!"), vec![vec![t(Exact, false, "!")]]);
        assert_eq!(groups("''"), vec![vec![t(Exact, false, "'")]]);
    }

    #[test]
    fn terms_are_folded_and_empty_terms_dropped() {
        assert_eq!(groups("ＰＰＰ 习*近平"), vec![vec![t(Fuzzy, false, "ppp")], vec![t(Fuzzy, false, "习近平")]]);
        assert_eq!(groups("  *  ** !* "), Vec::<Vec<Term>>::new());
        assert!(Query::parse("   \u{3000} ").is_empty());
        assert!(Query::parse("").is_empty());
        assert!(!Query::parse("a").is_empty());
    }
}
