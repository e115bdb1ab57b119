//! Line-breaking of one paragraph into screen rows, following UAX #14 with
//! the Chinese tailoring of W3C clreq and GB/T 15834.
//!
//! One linear pass classifies every position between two chars, then a
//! greedy pass fills the rows. There are three tiers of break positions:
//!
//! 1. **Preferred** breaks: UAX #14 opportunities (computed once per
//!    paragraph with [`unicode_linebreak::linebreaks`]), corrected for Chinese
//!    quotation marks, minus every position forbidden by the Chinese rules
//!    below and minus positions inside numbers with their units.
//! 2. **Emergency** breaks, used when a row holds no preferred break (a Latin
//!    word or number run longer than the row): any position that still obeys
//!    the line-start/line-end prohibitions and does not split —— or …….
//! 3. **Hard** breaks at the width, used when a row holds no break of either
//!    kind (e.g. a run of forbidden punctuation wider than the row).
//!
//! When the next char does not fit, the row ends at the last break of the
//! best available tier; characters after it are carried down to the next row
//! (clreq's "push-down"). A row never grows wider than the available width,
//! with one exception: a single char wider than the whole row (a wide char
//! at width 1) is placed alone on its own row.

use unicode_linebreak::{BreakClass, BreakOpportunity, break_property, linebreaks};
use unicode_width::UnicodeWidthChar;

use super::width::{Ambiguous, char_width};

/// One screen row of a wrapped paragraph: a half-open range of CHAR offsets
/// (not bytes) into the paragraph text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    /// Offset (in chars) of the first char of the row.
    pub start: usize,
    /// Offset (in chars) one past the last char of the row.
    pub end: usize,
}

impl Row {
    /// Number of chars in the row.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True for the single empty row of an empty paragraph.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// Parameters of [`wrap`].
#[derive(Clone, Copy, Debug)]
pub struct WrapOptions {
    /// Columns available for every row. A width of 0 is treated as 1.
    pub width: usize,
    /// Columns the caller draws before the first row (e.g. 4 for two
    /// U+3000). Ignored for fitting when `width <= first_indent`; the caller
    /// should then not draw the indent either.
    pub first_indent: usize,
    /// Width of East Asian Ambiguous characters.
    pub amb: Ambiguous,
}

/// Characters that must not begin a row (GB/T 15834 点号, closing brackets
/// and quotes, 间隔号/连接号, and their half-width forms seen in reports).
pub const fn is_forbidden_start(c: char) -> bool {
    matches!(
        c,
        '、' | '，'
            | '。'
            | '．'
            | '；'
            | '：'
            | '！'
            | '？'
            | '）'
            | '］'
            | '｝'
            | '》'
            | '〉'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '〗'
            | '”'
            | '’'
            | '%'
            | '％'
            | '‰'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '・'
            | '·'
            | '～'
            | '〜'
    )
}

/// Characters that must not end a row (opening brackets and quotes).
pub const fn is_forbidden_end(c: char) -> bool {
    matches!(c, '（' | '［' | '｛' | '《' | '〈' | '「' | '『' | '【' | '〔' | '〖' | '“' | '‘' | '(' | '[' | '{')
}

const fn is_open_quote(c: char) -> bool {
    matches!(c, '“' | '‘')
}

const fn is_close_quote(c: char) -> bool {
    matches!(c, '”' | '’')
}

const fn is_digit(c: char) -> bool {
    matches!(c, '0'..='9' | '０'..='９')
}

/// Separators that stay inside a number: 19.1, 7・13, 15:53.
const fn is_number_infix(c: char) -> bool {
    matches!(c, '.' | '．' | '・' | '·' | ':' | '：' | ',')
}

const fn is_ideograph(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// "Chinese context" for the quote correction: a wide (East Asian W/F) char.
fn is_cjk_context(c: char) -> bool {
    c.width() == Some(2)
}

/// The Chinese correction of UAX #14's quotation mark rules.
///
/// UAX #14 (Unicode 15.0, LB19) gives “ ” ‘ ’ the class QU, whose direction
/// is unknown, and forbids a break on either side of them, which glues
/// quotes to the ideographs around them and makes Chinese rows ragged. In
/// Chinese text “ ‘ are opening marks (a break is allowed before, never
/// after) and ” ’ closing marks (allowed after, never before).
///
/// Returns whether a break between `p` and `c` is allowed, or `None` to
/// leave the decision to UAX #14 when the other side is not Chinese (e.g.
/// the apostrophe in "don’t", or an English “quote”).
fn quote_override(p: char, c: char) -> Option<bool> {
    if is_open_quote(p) || is_close_quote(c) {
        return Some(false);
    }
    if is_open_quote(c) && (is_cjk_context(p) || is_close_quote(p)) {
        let blocked = is_forbidden_end(p)
            || matches!(
                break_property(p as u32),
                BreakClass::OpenPunctuation
                    | BreakClass::NonBreakingGlue
                    | BreakClass::WordJoiner
                    | BreakClass::ZeroWidthJoiner
            );
        return Some(!blocked);
    }
    if is_close_quote(p) && (is_cjk_context(c) || is_open_quote(c)) {
        let blocked = is_forbidden_start(c)
            || matches!(
                break_property(c as u32),
                BreakClass::ClosePunctuation
                    | BreakClass::CloseParenthesis
                    | BreakClass::Exclamation
                    | BreakClass::InfixSeparator
                    | BreakClass::NonStarter
                    | BreakClass::After
                    | BreakClass::Hyphen
                    | BreakClass::NonBreakingGlue
                    | BreakClass::WordJoiner
                    | BreakClass::ZeroWidthSpace
                    | BreakClass::CombiningMark
                    | BreakClass::ZeroWidthJoiner
                    | BreakClass::Space
                    | BreakClass::Inseparable
            );
        return Some(!blocked);
    }
    None
}

/// Per-char cell, one byte: the char's width (bits 0-1; no char is wider
/// than 2) and the break flags for the position *before* the char.
type Cell = u8;
const WIDTH_MASK: Cell = 0b11;
/// Preferred break before this char.
const PREFERRED: Cell = 1 << 2;
/// Mandatory break before this char (after a newline inside the text).
const MANDATORY: Cell = 1 << 3;
/// Emergency break before this char (prohibition rules only).
const EMERGENCY: Cell = 1 << 4;

/// Character properties used by the rules, computed once per char.
type Kind = u16;
const K_FORBIDDEN_START: Kind = 1;
const K_FORBIDDEN_END: Kind = 1 << 1;
const K_DIGIT: Kind = 1 << 2;
const K_IDEOGRAPH: Kind = 1 << 3;
const K_QUOTE: Kind = 1 << 4;
const K_INFIX: Kind = 1 << 5;
const K_DASH: Kind = 1 << 6;
const K_CJK: Kind = 1 << 7;

/// The [`Kind`] of `c` (everything but [`K_CJK`], which needs its width).
const fn kind_of(c: char) -> Kind {
    let mut kind = 0;
    if is_forbidden_start(c) {
        kind |= K_FORBIDDEN_START;
    }
    if is_forbidden_end(c) {
        kind |= K_FORBIDDEN_END;
    }
    if is_digit(c) {
        kind |= K_DIGIT;
    }
    if is_ideograph(c) {
        kind |= K_IDEOGRAPH;
    }
    if is_open_quote(c) || is_close_quote(c) {
        kind |= K_QUOTE;
    }
    if is_number_infix(c) {
        kind |= K_INFIX;
    }
    // Never split when doubled: ——, ……, ―― (U+2015, the dash of
    // GBK-converted text) and ⋯⋯.
    if matches!(c, '—' | '…' | '―' | '⋯') {
        kind |= K_DASH;
    }
    kind
}

/// [`kind_of`] for the `N` code points from `base`, at compile time.
const fn kind_table<const N: usize>(base: u32) -> [Kind; N] {
    let mut table = [0; N];
    let mut i = 0;
    while i < N {
        if let Some(c) = char::from_u32(base + i as u32) {
            table[i] = kind_of(c);
        }
        i += 1;
    }
    table
}

/// Kinds of the blocks where nearly all punctuation of a report lives.
static ASCII_KINDS: [Kind; 0x80] = kind_table(0);
static GENERAL_PUNCTUATION_KINDS: [Kind; 0x70] = kind_table(0x2000);
static CJK_PUNCTUATION_KINDS: [Kind; 0x40] = kind_table(0x3000);
static FULLWIDTH_KINDS: [Kind; 0x70] = kind_table(0xFF00);

/// Width and [`Kind`] of `c`, with fast paths for the main CJK block,
/// ASCII and the punctuation blocks (which together are almost all of a
/// report).
#[inline]
fn classify(c: char, amb: Ambiguous) -> (usize, Kind) {
    let cp = c as u32;
    let kind = match cp {
        0x4E00..=0x9FFF => return (2, K_IDEOGRAPH | K_CJK),
        0x20..=0x7E => return (1, ASCII_KINDS[cp as usize]),
        // U+3000..U+3029 and U+FF01..U+FF60 are all wide (W or F).
        0x3000..=0x3029 => return (2, CJK_PUNCTUATION_KINDS[(cp - 0x3000) as usize] | K_CJK),
        0xFF01..=0xFF60 => return (2, FULLWIDTH_KINDS[(cp - 0xFF00) as usize] | K_CJK),
        0x2000..=0x206F => GENERAL_PUNCTUATION_KINDS[(cp - 0x2000) as usize],
        0x302A..=0x303F => CJK_PUNCTUATION_KINDS[(cp - 0x3000) as usize],
        _ => kind_of(c),
    };
    let narrow = char_width(c, Ambiguous::Narrow);
    let cjk = if narrow == 2 { K_CJK } else { 0 };
    let w = match amb {
        Ambiguous::Narrow => narrow,
        Ambiguous::Wide => char_width(c, amb),
    };
    (w, kind | cjk)
}

/// Break flags for the position between `p` and `c` (i > 0), given the
/// UAX #14 flags `uax` for that position.
#[inline]
fn rule_flags(p: char, pk: Kind, ppk: Kind, c: char, ck: Kind, w: usize, uax: Cell) -> Cell {
    let mut flags = uax & MANDATORY;
    let kinsoku_ok = w > 0 && ck & K_FORBIDDEN_START == 0 && pk & K_FORBIDDEN_END == 0 && !(ck & K_DASH != 0 && p == c);
    if kinsoku_ok {
        flags |= EMERGENCY;
        let uax_allows = uax & PREFERRED != 0;
        let preferred = if (ck | pk) & K_QUOTE != 0 { quote_override(p, c).unwrap_or(uax_allows) } else { uax_allows };
        // Numbers stay whole: digit runs (also full-width digits), 7・13 /
        // 19.1 / 15:53 separators between digits, and the one ideograph
        // (unit: 万, 亿, 年...) right after the digits.
        let number_glue = (pk & K_DIGIT != 0 && ck & (K_DIGIT | K_IDEOGRAPH) != 0)
            || (ppk & K_DIGIT != 0 && pk & K_INFIX != 0 && ck & K_DIGIT != 0);
        if preferred && !number_glue {
            flags |= PREFERRED;
        }
    }
    flags
}

/// UAX #14 opportunities, computed lazily stretch by stretch.
///
/// Between two ideographs of U+4E00–U+9FFF UAX #14 always allows a break
/// (LB31, ID ÷ ID), and [`analyse`] does not ask there. Everywhere else
/// [`Uax14::at`] answers exactly what [`linebreaks`] on the whole text
/// would: it runs `linebreaks` once per stretch of other chars, from the
/// ideograph before the stretch (after an ID char the UAX #14 state does not
/// depend on what came before it) to the ideograph after it, inclusive.
/// Every byte is covered by at most two runs, so this stays linear, and a
/// report is mostly ideographs, so most of the text is skipped.
#[derive(Default)]
struct Uax14 {
    /// Flags ([`PREFERRED`], [`MANDATORY`]) before each byte of the current
    /// stretch `from..to`, indexed by `byte - from`.
    flags: Vec<Cell>,
    from: usize,
    to: usize,
}

impl Uax14 {
    /// The UAX #14 flags for the position before the char at byte `bi`
    /// (> 0), whose previous char is `prev_len` bytes long.
    #[inline]
    fn at(&mut self, text: &str, bi: usize, prev_len: usize) -> Cell {
        if bi >= self.to {
            self.run(text, bi - prev_len, bi);
        }
        self.flags[bi - self.from]
    }

    /// Runs `linebreaks` from `from` to just after the first ideograph at or
    /// after `bi` (or the end of the text).
    #[cold]
    fn run(&mut self, text: &str, from: usize, bi: usize) {
        // U+4E00..=U+9FFF is E4 B8 80 ..= E9 BF BF in UTF-8; E4..E9 only
        // ever start a char, so a byte scan finds the next ideograph.
        let bytes = text.as_bytes();
        let to = (bi..bytes.len().saturating_sub(2))
            .find(|&j| is_plain_ideograph_start(bytes[j], bytes[j + 1]))
            .map_or(text.len(), |j| j + 3);
        let slice = &text[from..to];
        self.flags.clear();
        self.flags.resize(slice.len() + 1, 0);
        // Internal iteration (`for_each`) is much faster than pulling the
        // opportunities one by one. The end-of-text break of a slice that
        // ends before the text is not a real opportunity: skip it.
        let flags = &mut self.flags;
        linebreaks(slice).for_each(|(pos, op)| {
            if pos < slice.len() {
                flags[pos] = match op {
                    BreakOpportunity::Allowed => PREFERRED,
                    BreakOpportunity::Mandatory => PREFERRED | MANDATORY,
                };
            }
        });
        (self.from, self.to) = (from, to);
    }
}

/// Whether the char starting with bytes `b0`, `b1` is in U+4E00..=U+9FFF
/// (UTF-8 E4 B8 80 ..= E9 BF BF; E4..E9 only ever start a char).
#[inline(always)]
fn is_plain_ideograph_start(b0: u8, b1: u8) -> bool {
    matches!(b0, 0xE5..=0xE9) || (b0 == 0xE4 && b1 >= 0xB8)
}

/// Computes widths and break flags for every char of `text`, in one pass.
fn analyse(text: &str, amb: Ambiguous, cells: &mut Vec<Cell>) {
    const PLAIN_IDEOGRAPH: Kind = K_IDEOGRAPH | K_CJK;
    /// Cell of an ideograph after an ideograph: width 2, and every rule
    /// allows the break between them (UAX #14 LB31, ID ÷ ID).
    const IDEOGRAPH_CELL: Cell = EMERGENCY | PREFERRED | 2;
    cells.clear();
    cells.reserve(text.len() / 3 + 16);
    let mut uax14 = Uax14::default();
    let bytes = text.as_bytes();
    // The two previous chars and their kinds (0 before the text).
    let (mut p, mut pk): (char, Kind) = ('\0', 0);
    let mut ppk: Kind = 0;
    let mut bi = 0;
    while bi < bytes.len() {
        if pk == PLAIN_IDEOGRAPH {
            // Fast path, most of a report: a run of ideographs.
            let run = bi;
            while bi + 2 < bytes.len() && is_plain_ideograph_start(bytes[bi], bytes[bi + 1]) {
                cells.push(IDEOGRAPH_CELL);
                bi += 3;
            }
            if bi > run {
                p = text[bi - 3..].chars().next().unwrap_or('\u{4e00}');
                ppk = PLAIN_IDEOGRAPH;
                if bi == bytes.len() {
                    break;
                }
            }
        }
        let Some(c) = text[bi..].chars().next() else {
            break;
        };
        let (w, ck) = classify(c, amb);
        debug_assert!(w <= WIDTH_MASK as usize);
        let mut flags = if bi == 0 {
            0
        } else {
            let uax = uax14.at(text, bi, p.len_utf8());
            rule_flags(p, pk, ppk, c, ck, w, uax)
        };
        // A hyphen-minus between a wide char and a digit is a minus sign:
        // allow the break before it that UAX #14 (LB21, "× HY") forbids, so
        // that "下降-3.2%" can break as "下降" / "-3.2%".
        if c == '-' && pk & K_CJK != 0 && flags & EMERGENCY != 0 && bytes.get(bi + 1).is_some_and(u8::is_ascii_digit) {
            flags |= PREFERRED;
        }
        cells.push(flags | (w as Cell & WIDTH_MASK));
        ppk = pk;
        (p, pk) = (c, ck);
        bi += c.len_utf8();
    }
}

/// `text` wrapped to `width` columns (at least 1) as the rows' text: for short plain text
/// such as a notice or a help line, where the rows' offsets are not needed.
pub fn wrap_lines(text: &str, width: usize, amb: Ambiguous) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let opts = WrapOptions { width: width.max(1), first_indent: 0, amb };
    wrap(text, &opts).iter().map(|r| chars[r.start..r.end].iter().collect()).collect()
}

/// Wrap `text` into rows no wider than `width` columns; the first row has
/// `first_indent` columns less (the caller draws the indent, e.g. two
/// U+3000). If `width <= first_indent` the indent is ignored for fitting
/// (the caller drops it). Empty text gives one empty row.
///
/// Guarantees: the rows are contiguous, cover every char, and their
/// concatenation is `text`. No row is wider than its available width,
/// except that a single char wider than the available width (a wide char
/// at width one) gets a row of its own: the only unavoidable overflow. A
/// width of 0 is treated as 1. Text is not trimmed: spaces count and stay
/// where they are. A newline inside `text` (a UAX #14 mandatory break) ends
/// a row, but text should be sanitised before it is wrapped, so that the
/// widths measured here are the widths drawn.
///
/// Runs in O(n) time in the number of chars, with one allocation for the
/// per-char cells besides the returned rows.
pub fn wrap(text: &str, opts: &WrapOptions) -> Vec<Row> {
    let mut cells = Vec::new();
    analyse(text, opts.amb, &mut cells);
    let n = cells.len();
    let width = opts.width.max(1);
    let first_avail = if width > opts.first_indent { width - opts.first_indent } else { width };

    let mut rows = Vec::with_capacity(n / width + 1);
    let mut start = 0;
    let mut avail = first_avail;
    loop {
        // Take chars while they fit (stopping at a mandatory break).
        let mut used = 0;
        let mut i = start;
        let mut mandatory = false;
        while i < n {
            let cell = cells[i];
            if cell & MANDATORY != 0 && i > start {
                mandatory = true;
                break;
            }
            let w = (cell & WIDTH_MASK) as usize;
            if used + w > avail {
                break;
            }
            used += w;
            i += 1;
        }
        if i == n {
            rows.push(Row { start, end: n });
            break;
        }
        let end = if mandatory {
            i
        } else if i == start {
            // A single char wider than the whole row: the only overflow.
            i + 1
        } else {
            // `cells[i]` does not fit: end the row at the last preferred
            // break, else the last emergency break, else at the width. The
            // chars after the break are carried down and measured again;
            // as the break is the last usable one, the next row (or the one
            // after) places them all, so this stays linear.
            let last = |flag: Cell| (start + 1..=i).rev().find(|&j| cells[j] & flag != 0);
            last(PREFERRED).or_else(|| last(EMERGENCY)).unwrap_or(i)
        };
        rows.push(Row { start, end });
        if end == n {
            break;
        }
        start = end;
        avail = width;
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::test_data::all_paragraphs;
    use Ambiguous::{Narrow, Wide};

    fn opts(width: usize, first_indent: usize, amb: Ambiguous) -> WrapOptions {
        WrapOptions { width, first_indent, amb }
    }

    /// The rows of `text` as strings.
    fn lines(text: &str, width: usize, first_indent: usize, amb: Ambiguous) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        wrap(text, &opts(width, first_indent, amb)).iter().map(|r| chars[r.start..r.end].iter().collect()).collect()
    }

    /// Char offsets where a row starts (row boundaries), excluding 0.
    fn boundaries(text: &str, width: usize, amb: Ambiguous) -> Vec<usize> {
        wrap(text, &opts(width, 0, amb)).iter().skip(1).map(|r| r.start).collect()
    }

    /// Asserts that no row boundary falls strictly inside the first
    /// occurrence of `part` in `text`, for every width >= `min_width`.
    fn assert_kept_whole(text: &str, part: &str, min_width: usize) {
        let byte = text.find(part).expect("part in text");
        let from = text[..byte].chars().count();
        let to = from + part.chars().count();
        for amb in [Narrow, Wide] {
            for width in min_width..=40 {
                for b in boundaries(text, width, amb) {
                    assert!(
                        b <= from || b >= to,
                        "{part:?} split at width {width} {amb:?}: {:?}",
                        lines(text, width, 0, amb)
                    );
                }
            }
        }
    }

    // ---- unit tests for each special case ----

    #[test]
    fn empty_text_gives_one_empty_row() {
        assert_eq!(wrap("", &opts(10, 4, Narrow)), vec![Row { start: 0, end: 0 }]);
    }

    #[test]
    fn spec_forbidden_sets_are_covered() {
        for c in "、，。；：！？）］｝》〉」』】〕〗”’%‰,.;:!?)".chars() {
            assert!(is_forbidden_start(c), "{c:?}");
            assert!(!is_forbidden_end(c), "{c:?}");
        }
        for c in "（［｛《〈「『【〔〖“‘([".chars() {
            assert!(is_forbidden_end(c), "{c:?}");
            assert!(!is_forbidden_start(c), "{c:?}");
        }
        assert!(!is_forbidden_start('中') && !is_forbidden_end('中'));
    }

    #[test]
    fn em_dash_pair_never_split() {
        // At width 7 (Narrow) the first — would fill the row exactly.
        assert_eq!(lines("一二三——四五", 7, 0, Narrow), ["一二三", "——四五"]);
        assert_kept_whole("一二三——四五六七八九十", "——", 4);
        // The GBK-converted form ―― (U+2015) in jixi-2017 too.
        assert_kept_whole("叫响“美丽鸡西――不一样的江湖”品牌", "――", 4);
    }

    #[test]
    fn ellipsis_pair_never_split() {
        // … may not start a row (UAX #14 "× IN"), so 三 comes down with it.
        assert_eq!(lines("一二三……四五", 7, 0, Narrow), ["一二", "三……四", "五"]);
        assert_kept_whole("一二三……四五六七八九十", "……", 4);
    }

    #[test]
    fn percentage_kept_whole() {
        assert_eq!(lines("全年增长19.1%，好", 10, 0, Narrow), ["全年增长", "19.1%，好"]);
        assert_kept_whole("预计全年增长19.1%，好于预期", "19.1%", 7);
        assert_kept_whole("能耗下降-3.2%，好于预期", "-3.2%", 7);
        assert_kept_whole("增长12.5‰以上", "12.5‰", 6);
    }

    #[test]
    fn number_with_cjk_unit_kept_whole() {
        assert_eq!(lines("推广到2.5万户", 10, 0, Narrow), ["推广到", "2.5万户"]);
        assert_kept_whole("累计推广到2.5万户家庭", "2.5万", 5);
        assert_kept_whole("各类资金近12.5亿元", "12.5亿", 6);
        // Only the one unit char is glued: 亿|元 may break.
        assert_eq!(lines("资金12.5亿元", 10, 0, Narrow), ["资金12.5亿", "元"]);
    }

    #[test]
    fn dotted_date_kept_whole() {
        assert_eq!(lines("连续遭遇7・13洪灾", 10, 0, Narrow), ["连续遭遇", "7・13洪灾"]);
        assert_kept_whole("我市连续遭遇“7・13”“7・19”两次特大洪涝灾害", "“7・13”", 9);
    }

    #[test]
    fn long_latin_run_is_hard_broken_at_width() {
        assert_eq!(
            lines("项目ABCDEFGHIJKLMNOPQRSTUVWXYZ", 10, 0, Narrow),
            ["项目", "ABCDEFGHIJ", "KLMNOPQRST", "UVWXYZ"]
        );
    }

    #[test]
    fn short_latin_run_moves_whole_to_next_row() {
        assert_eq!(lines("一二三四GDPGROWTH增长", 10, 0, Narrow), ["一二三四", "GDPGROWTH", "增长"]);
        assert_eq!(lines("Hello world again", 8, 0, Narrow), ["Hello ", "world ", "again"]);
        // English apostrophe: ’ is not treated as closing inside a word.
        assert_eq!(lines("we don’t stop", 6, 0, Narrow), ["we ", "don’t ", "stop"]);
    }

    #[test]
    fn break_allowed_before_opening_quote() {
        // Plain UAX #14 forbids breaking on either side of “, which would
        // give "我们实" on the first row; in Chinese “ is an opening mark.
        assert_eq!(lines("我们实施“三大战略”", 8, 0, Narrow), ["我们实施", "“三大战", "略”"]);
    }

    #[test]
    fn break_allowed_after_closing_quote() {
        // UAX #14 would glue ” to 转.
        assert_eq!(lines("“三大战略”转型", 11, 0, Narrow), ["“三大战略”", "转型"]);
        assert_eq!(lines("“7・13”“7・19”", 8, 0, Narrow), ["“7・13”", "“7・19”"]);
    }

    #[test]
    fn closing_quote_never_starts_a_row() {
        // ” would be first on row 2 at width 10: carry 略 down with it.
        assert_eq!(lines("实施“三大战略”转型", 11, 0, Narrow), ["实施“三大战", "略”转型"]);
    }

    #[test]
    fn comma_pushes_previous_char_down() {
        assert_eq!(lines("一二三四，五六", 8, 0, Narrow), ["一二三", "四，五六"]);
        assert_eq!(lines("一二三四。", 8, 0, Narrow), ["一二三", "四。"]);
        // Half-width comma as used in qiqihar-2022.
        assert_eq!(lines("一二三四,五六", 8, 0, Narrow), ["一二三", "四,五六"]);
    }

    #[test]
    fn opening_marks_never_end_a_row() {
        assert_eq!(lines("一二三《四五》", 8, 0, Narrow), ["一二三", "《四五》"]);
        assert_eq!(lines("一二三“四五”", 7, 0, Narrow), ["一二三", "“四五”"]);
        assert_eq!(lines("一二三（四五）", 8, 0, Narrow), ["一二三", "（四五）"]);
    }

    #[test]
    fn first_indent_narrows_first_row_only() {
        assert_eq!(lines("一二三四五六七八", 8, 4, Narrow), ["一二", "三四五六", "七八"]);
        // width <= first_indent: the indent is ignored.
        assert_eq!(lines("一二三", 4, 4, Narrow), ["一二", "三"]);
        assert_eq!(lines("一二三", 4, 9, Narrow), ["一二", "三"]);
    }

    #[test]
    fn over_wide_char_gets_own_row() {
        assert_eq!(lines("中文a", 1, 0, Narrow), ["中", "文", "a"]);
        assert_eq!(lines("“a", 1, 0, Wide), ["“", "a"]);
        // Width 0 is treated as 1.
        assert_eq!(lines("ab", 0, 0, Narrow), ["a", "b"]);
    }

    #[test]
    fn forbidden_run_wider_than_row_is_hard_broken() {
        assert_eq!(lines("，，，，，", 4, 0, Narrow), ["，，", "，，", "，"]);
    }

    #[test]
    fn newline_is_a_mandatory_break() {
        assert_eq!(lines("ab\ncd", 10, 0, Narrow), ["ab\n", "cd"]);
    }

    // ---- golden rows from the seed reports ----
    // Rows read and checked by hand; all with the reader's two-U+3000 indent.

    /// Returns `sentence` after checking it really occurs in `report`.
    fn seed(report: &str, sentence: &'static str) -> &'static str {
        let text = crate::layout::test_data::read_report(report);
        assert!(text.contains(sentence), "not in {report}: {sentence}");
        sentence
    }

    const JILIN: &str = "去年，我市连续遭遇“7・13”“7・19”两次特大洪涝灾害，袭击范围之广，破坏力之强，突破历史极值。";

    #[test]
    fn golden_jilin_quoted_dates() {
        let t = seed("jilin-2018", JILIN);
        assert_eq!(
            lines(t, 20, 4, Narrow),
            [
                "去年，我市连续遭",
                "遇“7・13”“7・19”两次",
                "特大洪涝灾害，袭击范",
                "围之广，破坏力之强，",
                "突破历史极值。",
            ]
        );
        assert_eq!(
            lines(t, 33, 4, Narrow),
            ["去年，我市连续遭遇“7・13”", "“7・19”两次特大洪涝灾害，袭击范围", "之广，破坏力之强，突破历史极值。",]
        );
        assert_eq!(
            lines(t, 41, 4, Narrow),
            ["去年，我市连续遭遇“7・13”“7・19”两次", "特大洪涝灾害，袭击范围之广，破坏力之强，", "突破历史极值。",]
        );
        assert_eq!(
            lines(t, 80, 4, Narrow),
            ["去年，我市连续遭遇“7・13”“7・19”两次特大洪涝灾害，袭击范围之广，破坏力之强，", "突破历史极值。",]
        );
        assert_eq!(
            lines(t, 33, 4, Wide),
            ["去年，我市连续遭遇“7・13”", "“7・19”两次特大洪涝灾害，袭击范", "围之广，破坏力之强，突破历史极", "值。",]
        );
    }

    #[test]
    fn golden_mudanjiang_percentages() {
        let t = seed(
            "mudanjiang-2020",
            "初步预计，全市地区生产总值增长4%左右，规上工业增加值增长3%左右，固定资产投资增长5%左右，社会消费品零售总额增长6.5%，对外贸易进出口总额增长5%（扣除原油），一般公共预算收入下降1.2%、剔除减税降费因素增长6.1%，城乡居民人均可支配收入增长高于经济增速，万元GDP能耗下降3.2%。",
        );
        assert_eq!(
            lines(t, 33, 4, Narrow),
            [
                "初步预计，全市地区生产总值增",
                "长4%左右，规上工业增加值增长3%左",
                "右，固定资产投资增长5%左右，社会",
                "消费品零售总额增长6.5%，对外贸易",
                "进出口总额增长5%（扣除原油），一",
                "般公共预算收入下降1.2%、剔除减税",
                "降费因素增长6.1%，城乡居民人均可",
                "支配收入增长高于经济增速，万元GDP",
                "能耗下降3.2%。",
            ]
        );
        assert_eq!(
            lines(t, 41, 4, Narrow),
            [
                "初步预计，全市地区生产总值增长4%左",
                "右，规上工业增加值增长3%左右，固定资产投",
                "资增长5%左右，社会消费品零售总额增长",
                "6.5%，对外贸易进出口总额增长5%（扣除原",
                "油），一般公共预算收入下降1.2%、剔除减税",
                "降费因素增长6.1%，城乡居民人均可支配收入",
                "增长高于经济增速，万元GDP能耗下降3.2%。",
            ]
        );
    }

    #[test]
    fn golden_qiqihar_half_width_commas() {
        let t = seed("qiqihar-2022", "现在,我代表市十六届人民政府,向大会报告工作,请予审议,并请各位政协委员提出意见。");
        assert_eq!(
            lines(t, 20, 4, Narrow),
            ["现在,我代表市十", "六届人民政府,向大会", "报告工作,请予审议,并", "请各位政协委员提出意", "见。",]
        );
        assert_eq!(
            lines(t, 80, 4, Narrow),
            ["现在,我代表市十六届人民政府,向大会报告工作,请予审议,并请各位政协委员提出意", "见。",]
        );
    }

    #[test]
    fn golden_didao_numbered_quotes() {
        let t = seed("didao-2025", "11.“123+N”产业板块：“1”是突出以石墨为主导； “2”是重点以新型材料、智能制造为优势；");
        assert_eq!(
            lines(t, 20, 4, Narrow),
            ["11.“123+N”产业板", "块：“1”是突出以石墨", "为主导； “2”是重点以", "新型材料、智能制造为", "优势；",]
        );
    }

    #[test]
    fn golden_jixi_dashes_and_quotes() {
        let t = seed(
            "jixi-2017",
            "树立“全域发展、全景鸡西”理念，实施“旅游+”工程，推动旅游跨界融合发展，全力打造生态度假边境观光旅游基地。",
        );
        assert_eq!(
            lines(t, 41, 4, Narrow),
            [
                "树立“全域发展、全景鸡西”理念，实施“旅",
                "游+”工程，推动旅游跨界融合发展，全力打造",
                "生态度假边境观光旅游基地。",
            ]
        );
        let t = seed(
            "jixi-2017",
            "持续加强营销，建立“龙江东部旅游产业联盟”，加强与龙广传媒、同程、途牛的合作，不断提升鸡西旅游影响力和知名度，叫响“美丽鸡西――不一样的江湖”品牌。",
        );
        assert_eq!(
            lines(t, 20, 4, Narrow),
            [
                "持续加强营销，建",
                "立“龙江东部旅游产业",
                "联盟”，加强与龙广传",
                "媒、同程、途牛的合",
                "作，不断提升鸡西旅游",
                "影响力和知名度，叫响",
                "“美丽鸡西――不一样的",
                "江湖”品牌。",
            ]
        );
        assert_eq!(
            lines(t, 33, 4, Narrow),
            [
                "持续加强营销，建立“龙江东部旅",
                "游产业联盟”，加强与龙广传媒、同",
                "程、途牛的合作，不断提升鸡西旅游",
                "影响力和知名度，叫响“美丽鸡西――不",
                "一样的江湖”品牌。",
            ]
        );
    }

    // ---- properties over every paragraph of the seed reports ----

    /// Checks every guarantee of `wrap` for one call; returns a description
    /// of the first violation.
    fn check(text: &str, chars: &[char], o: &WrapOptions, kinsoku: bool) -> Result<(), String> {
        let rows = wrap(text, o);
        let ctx = || format!("width {} indent {} {:?} in {text:?}", o.width, o.first_indent, o.amb);
        // Contiguous, covering, and concatenating back to the text.
        if rows.is_empty() || rows[0].start != 0 || rows[rows.len() - 1].end != chars.len() {
            return Err(format!("rows {rows:?} do not cover, {}", ctx()));
        }
        for pair in rows.windows(2) {
            if pair[0].end != pair[1].start || pair[1].start >= pair[1].end {
                return Err(format!("rows {pair:?} not contiguous/non-empty, {}", ctx()));
            }
        }
        let joined: String = rows.iter().flat_map(|r| &chars[r.start..r.end]).collect();
        if joined != text {
            return Err(format!("concatenation differs, {}", ctx()));
        }
        let width = o.width.max(1);
        let avail = |row: usize| {
            if row == 0 && width > o.first_indent { width - o.first_indent } else { width }
        };
        let w = |c: char| char_width(c, o.amb);
        for (k, r) in rows.iter().enumerate() {
            let rw: usize = chars[r.start..r.end].iter().map(|&c| w(c)).sum();
            let single_over_wide = r.len() == 1 && rw > avail(k);
            if rw > avail(k) && !single_over_wide {
                return Err(format!("row {k} is {rw} > {} wide, {}", avail(k), ctx()));
            }
        }
        if !kinsoku {
            return Ok(());
        }
        // A position between chars that obeys the prohibitions.
        let legal = |j: usize| {
            j == 0
                || j == chars.len()
                || !(w(chars[j]) == 0
                    || is_forbidden_start(chars[j])
                    || is_forbidden_end(chars[j - 1])
                    || (chars[j] == chars[j - 1] && "—…―⋯".contains(chars[j])))
        };
        let row_of = |j: usize| rows.partition_point(|r| r.end <= j);
        for (k, r) in rows.iter().enumerate().skip(1) {
            let j = r.start;
            if legal(j) {
                continue;
            }
            // Excused only if the unbreakable cluster around the boundary is
            // wider than its row (or the row holds only forbidden chars).
            let a = (0..j).rev().find(|&x| legal(x)).unwrap_or(0);
            let b = (j + 1..=chars.len()).find(|&x| legal(x)).unwrap_or(chars.len());
            let cw: usize = chars[a..b].iter().map(|&c| w(c)).sum();
            let only_forbidden = chars[r.start..r.end].iter().all(|&c| is_forbidden_start(c) || is_forbidden_end(c));
            if cw <= avail(row_of(a)) && !only_forbidden {
                return Err(format!(
                    "row {k} boundary {:?}|{:?} breaks a prohibition, rows {:?}, {}",
                    chars[j - 1],
                    chars[j],
                    lines(text, o.width, o.first_indent, o.amb),
                    ctx()
                ));
            }
        }
        Ok(())
    }

    #[test]
    fn seed_paragraphs_obey_all_rules_at_every_width() {
        let paras = all_paragraphs();
        assert!(paras.len() > 300, "only {} paragraphs", paras.len());
        let mut calls = 0;
        for text in &paras {
            let chars: Vec<char> = text.chars().collect();
            for amb in [Narrow, Wide] {
                for width in 1..=120 {
                    // The reader indents paragraphs by two U+3000.
                    for first_indent in [0, 4] {
                        let o = opts(width, first_indent, amb);
                        if let Err(e) = check(text, &chars, &o, width >= 4) {
                            panic!("{e}");
                        }
                        calls += 1;
                    }
                }
            }
        }
        assert!(calls > 100_000);
    }

    // ---- the lazy UAX #14 runs agree with one run over the whole text ----

    /// The main CJK Unified Ideographs block, the fast path of `analyse`.
    fn is_plain_ideograph(c: char) -> bool {
        ('\u{4e00}'..='\u{9fff}').contains(&c)
    }

    /// Panics unless [`Uax14`] answers exactly what `linebreaks` on the whole
    /// of `text` says, and UAX #14 allows every break between ideographs.
    fn check_uax14(text: &str) {
        let mut full = vec![0 as Cell; text.len() + 1];
        for (pos, op) in linebreaks(text) {
            full[pos] = match op {
                BreakOpportunity::Allowed => PREFERRED,
                BreakOpportunity::Mandatory => PREFERRED | MANDATORY,
            };
        }
        let mut lazy = Uax14::default();
        let mut prev: Option<char> = None;
        for (bi, c) in text.char_indices() {
            if let Some(p) = prev {
                if is_plain_ideograph(p) && is_plain_ideograph(c) {
                    assert_eq!(full[bi], PREFERRED, "{p:?}{c:?} in {text:?}");
                } else {
                    let got = lazy.at(text, bi, p.len_utf8());
                    assert_eq!(got, full[bi], "before {c:?} at byte {bi} of {text:?}");
                }
            }
            prev = Some(c);
        }
    }

    #[test]
    fn lazy_uax14_matches_full_run_on_seeds() {
        for name in crate::layout::test_data::REPORTS {
            // Whole reports, newlines (mandatory breaks) included.
            check_uax14(&crate::layout::test_data::read_report(name));
        }
        for p in all_paragraphs() {
            check_uax14(&p);
        }
        for t in ["", "中", "a", "a中", "中a", "（ 中", "“ 中”", "中\n中", "中\r\n中", "中\u{200d}中", "🇨🇳🇨🇳中"]
        {
            check_uax14(t);
        }
    }

    #[test]
    fn pathological_inputs_stay_linear() {
        // Quadratic behaviour would take minutes here; linear takes ms.
        let cases = [
            "，".repeat(60_000),
            "a".repeat(120_000),
            "中a".repeat(60_000),
            "“”".repeat(60_000),
            format!("中{}", "7".repeat(120_000)),
            "——".repeat(60_000),
            "中\u{301}".repeat(60_000),
        ];
        for text in &cases {
            let n = text.chars().count();
            for width in [1, 7, 80] {
                for amb in [Narrow, Wide] {
                    let rows = wrap(text, &opts(width, 4, amb));
                    assert_eq!(rows.last().map(|r| r.end), Some(n));
                    assert!(rows.len() <= n);
                }
            }
        }
    }

    // ---- random text ----

    fn mixed_char() -> impl proptest::strategy::Strategy<Value = char> {
        use proptest::prelude::*;
        const POOL: &str = "中国经济发展报告万亿元年月日我们实施改革开放\
                            abcdefgXYZ0123456789\
                            、，。；：！？（）《》「」【】“”‘’——……%‰・·\
                            ,.;:!?()[]-+ \u{3000}\u{a0}\u{200b}\u{301}";
        let pool: Vec<char> = POOL.chars().collect();
        prop_oneof![
            8 => proptest::sample::select(pool),
            1 => any::<char>(),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn random_text_is_covered_and_fits(
            chars in proptest::collection::vec(mixed_char(), 0..160),
            width in 1usize..200,
            first_indent in 0usize..10,
            wide in proptest::bool::ANY,
        ) {
            let text: String = chars.iter().collect();
            let amb = if wide { Wide } else { Narrow };
            let o = opts(width, first_indent, amb);
            if let Err(e) = check(&text, &chars, &o, false) {
                proptest::prop_assert!(false, "{}", e);
            }
            check_uax14(&text);
        }

        #[test]
        fn random_text_at_tiny_widths(
            chars in proptest::collection::vec(mixed_char(), 0..60),
            width in 0usize..5,
            wide in proptest::bool::ANY,
        ) {
            let text: String = chars.iter().collect();
            let amb = if wide { Wide } else { Narrow };
            if let Err(e) = check(&text, &chars, &opts(width, 2, amb), false) {
                proptest::prop_assert!(false, "{}", e);
            }
        }
    }
}
