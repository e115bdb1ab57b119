//! The one keymap: every action with its config name, where it applies, its default keys and
//! what it does, in one table ([`ROWS`]). `[keys]` in the config rebinds rows, the app looks
//! keys up here ([`Keymap::action`]), and the help popup and the README's key table are
//! generated from it. Key names are parsed by the one parser, [`crate::keys::parse`].

use super::action::{Action, Edit};
use crate::config::{Config, KeyList, Keys};
use crate::keys::{Code, Key};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::{BTreeMap, HashMap};

/// Where a key is pressed; the app says which.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Context {
    /// The place tree has the focus.
    Tree,
    /// The reader has the focus.
    Reader,
    /// A list popup is open: help, outline, bookmarks, the compare picker, skipped files.
    List,
    /// The search panel is open.
    Search,
    /// Typing into a line: the tree filter or a bookmark's note.
    Edit,
    /// A research view is open: the trend or the concordance.
    Study,
    /// The search panel's results list has the keys (Ctrl-l): marking hits, writing them.
    Results,
}

const CONTEXTS: [Context; 7] =
    [Context::Tree, Context::Reader, Context::List, Context::Search, Context::Edit, Context::Study, Context::Results];

impl Context {
    fn name(self) -> &'static str {
        match self {
            Context::Tree => "tree",
            Context::Reader => "reader",
            Context::List => "lists",
            Context::Search => "search panel",
            Context::Edit => "tree filter and note",
            Context::Study => "research views",
            Context::Results => "results list",
        }
    }

    /// A char typed without Ctrl types itself here, whatever it is bound to elsewhere.
    fn types(self) -> bool {
        matches!(self, Context::Search | Context::Edit)
    }
}

/// A set of contexts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Where(u8);

const TREE: Where = Where(1);
const READER: Where = Where(2);
const LIST: Where = Where(4);
const SEARCH: Where = Where(8);
const EDIT: Where = Where(16);
const STUDY: Where = Where(32);
const RESULTS: Where = Where(64);
/// The tree and the reader.
const MAIN: Where = Where(1 | 2);
/// The tree, the reader, the lists and the research views.
const MAIN_LIST: Where = Where(1 | 2 | 4 | 32);
/// The same and the results list: moving in it.
const MOVES: Where = Where(1 | 2 | 4 | 32 | 64);
const TREE_LIST: Where = Where(1 | 4);
/// The tree, the reader and the lists.
const MAIN_POPUP: Where = Where(1 | 2 | 4);
/// The search panel and the other line editors.
const LINE: Where = Where(8 | 16);
/// The line editors and the results list.
const LINE_RESULTS: Where = Where(8 | 16 | 64);
/// The search panel, its line or its results list.
const PANEL: Where = Where(8 | 64);
const MAIN_LINE: Where = Where(1 | 2 | 8 | 16 | 32 | 64);
/// Where the research views open from: the tree, the reader, the search panel, a view.
const STUDIES: Where = Where(1 | 2 | 8 | 32 | 64);
const ALL: Where = Where(127);

impl Where {
    pub fn has(self, c: Context) -> bool {
        let bit = match c {
            Context::Tree => TREE,
            Context::Reader => READER,
            Context::List => LIST,
            Context::Search => SEARCH,
            Context::Edit => EDIT,
            Context::Study => STUDY,
            Context::Results => RESULTS,
        };
        self.0 & bit.0 != 0
    }
}

/// Chars that do a row's action without being bound one by one; the char goes with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Typed {
    /// Every char typed without Ctrl, before any bound key (it types itself).
    Any,
    /// Every non-ASCII char typed without Ctrl that no key is bound to (Chinese starts the filter).
    NonAscii,
}

/// One row of the table.
#[derive(Clone, Copy, Debug)]
pub struct Row {
    /// The name in `[keys]` (snake_case).
    pub name: &'static str,
    /// False only for typing itself, which has no key to rebind.
    pub bindable: bool,
    pub action: Action,
    pub ctx: Where,
    /// The default keys, as key names for [`crate::keys::parse`].
    pub keys: &'static [&'static str],
    pub typed: Option<Typed>,
    /// What it does, for the help (Chinese) and the README (English).
    pub zh: &'static str,
    pub en: &'static str,
    /// The part of the help it is listed in.
    pub section: Section,
}

/// The parts of the help, each under its heading but the first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Main,
    Study,
    Line,
    Results,
}

const fn r(
    name: &'static str,
    action: Action,
    ctx: Where,
    keys: &'static [&'static str],
    zh: &'static str,
    en: &'static str,
) -> Row {
    Row { name, bindable: true, action, ctx, keys, typed: None, zh, en, section: Section::Main }
}

/// A key of the line editor (the search line, the tree filter, a bookmark's note). It can
/// be rebound, but not to a plain char, which types itself there.
const fn line(row: Row) -> Row {
    Row { section: Section::Line, ..row }
}

/// A key of the research views.
const fn study(row: Row) -> Row {
    Row { section: Section::Study, ..row }
}

/// A key of the search panel's results list.
const fn results(row: Row) -> Row {
    Row { section: Section::Results, ..row }
}

const fn typed(row: Row, t: Typed) -> Row {
    Row { typed: Some(t), ..row }
}

use Action as A;

/// Every key baogao knows, in the order of the help. Rows that apply only while typing a
/// line come last, under their own heading.
#[rustfmt::skip]
pub const ROWS: &[Row] = &[
    r("help", A::Help, MAIN, &["?"], "全部按键（本帮助）", "all keys (this help)"),
    r("quit", A::Quit, ALL, &["q", "ctrl-c"], "退出", "quit"),
    r("suspend", A::Suspend, ALL, &["ctrl-z"], "挂起，fg 回来", "suspend; `fg` comes back"),
    r("switch_focus", A::SwitchFocus, MAIN, &["tab", "backtab"],
        "切换目录与正文；对照时切换两栏", "switch between tree and reader; in a comparison, between the panes"),
    r("down", A::Move(1), MOVES, &["j", "down"], "下移一行", "move or scroll down one row"),
    r("up", A::Move(-1), MOVES, &["k", "up"], "上移一行", "up one row"),
    r("next_paragraph", A::Para(1), MAIN, &["J"],
        "光标移到下一段（y、Y、m、c 作用于光标段）", "cursor to the next paragraph (y, Y, m and c act on the cursor's)"),
    r("prev_paragraph", A::Para(-1), MAIN, &["K"], "光标移到上一段", "cursor to the previous paragraph"),
    r("page_down", A::Page(1, false), MAIN_LIST, &["space", "pgdn", "ctrl-f"], "下一页", "next page"),
    r("page_up", A::Page(-1, false), MAIN_LIST, &["b", "pgup", "ctrl-b"], "上一页", "previous page"),
    r("half_page_down", A::Page(1, true), MOVES, &["ctrl-d"], "下移半页", "half a page down"),
    r("half_page_up", A::Page(-1, true), MOVES, &["ctrl-u"], "上移半页", "half a page up"),
    r("top", A::Top, MOVES, &["g", "home"], "到开头", "top"),
    r("bottom", A::Bottom, MOVES, &["G", "end"], "到结尾", "bottom"),
    r("open", A::Open, TREE_LIST, &["enter", "l"],
        "打开报告或分组（目录）；打开列表中所选", "open the report or group under the cursor (tree), or the entry chosen in a list"),
    r("collapse", A::Collapse, TREE, &["h", "left"], "收起，或回到上一级（目录）", "collapse, or go to the parent (tree)"),
    r("expand", A::Expand, TREE, &["right"], "展开（目录）", "expand (tree)"),
    typed(r("filter", A::Filter(None), TREE, &["f"],
        "按地名过滤目录，可用拼音（qqhe），Esc 清除（目录）", "filter the tree by place name, in pinyin too (`qqhe`); Esc clears"), Typed::NonAscii),
    r("next_section", A::NextHeading, MAIN, &["]"], "下一节（任意级别）", "next heading of any level"),
    r("prev_section", A::PrevHeading, MAIN, &["["], "上一节（任意级别）", "previous heading of any level"),
    r("next_part", A::NextTop, MAIN, &["}"], "下一部分（一、二、三…）", "next top-level part"),
    r("prev_part", A::PrevTop, MAIN, &["{"], "上一部分（一、二、三…）", "previous top-level part"),
    r("outline", A::Outline, MAIN_POPUP, &["o"], "本报告提纲，Enter 跳转", "outline of the report; Enter jumps to a heading"),
    r("search", A::OpenSearch, MAIN, &["/"],
        "搜索全部报告（模糊；'精确 ^开头 结尾$ !排除 a|b；拼音）",
        "search every paragraph of every report (fuzzy; 'exact ^prefix suffix$ !not a|b; pinyin)"),
    r("next_hit", A::NextHit, MAIN, &["n"],
        "光标后的下一处搜索结果，按阅读顺序跨报告，到末尾从头继续", "next search hit after the cursor in reading order, on across reports, wrapping at the end"),
    r("prev_hit", A::PrevHit, MAIN, &["N"],
        "光标前的上一处搜索结果，到开头从末尾继续", "previous search hit before the cursor, wrapping at the start"),
    r("jump_back", A::JumpBack, MAIN, &["ctrl-o"], "沿跳转记录后退", "back along the jump list"),
    r("jump_forward", A::JumpForward, MAIN, &["ctrl-i"],
        "沿跳转记录前进（Ctrl-i 须终端能与 Tab 区分）", "forward along the jump list (Ctrl-i needs a terminal that tells it from Tab)"),
    r("copy", A::Copy(false), MAIN_LINE, &["y", "ctrl-y"],
        "复制光标段及出处（OSC 52，另有 tmux 缓冲区或本机剪贴板）", "copy the cursor's paragraph with its citation (OSC 52, and the tmux buffer or a local clipboard)"),
    r("copy_section", A::Copy(true), MAIN, &["Y"], "复制光标所在一节及出处", "copy the cursor's section with its citation"),
    r("bookmark", A::Mark, MAIN, &["m"], "给光标段加书签，可写备注", "bookmark the cursor's paragraph, with an optional note"),
    r("bookmarks", A::Bookmarks, MAIN, &["'"], "书签列表", "list the bookmarks"),
    r("delete", A::Delete, LIST, &["d"], "删除所选书签（书签列表）", "delete the chosen bookmark (bookmark list)"),
    r("undo", A::Undo, LIST, &["u"], "撤销删除（书签列表）", "undo the last delete (bookmark list)"),
    r("compare", A::Compare, MAIN, &["c"],
        "对照：并排打开另一份报告，对齐到相应章节；再按关闭", "compare: a second report side by side at the matching section; again closes it"),
    r("trend", A::Trend, STUDIES, &["t", "ctrl-t"],
        "当前搜索词的趋势：各年每万字出现次数（搜索框中 Ctrl-t）", "the current query's trend: its occurrences per 10,000 chars by year (Ctrl-t in the search panel)"),
    r("concordance", A::Kwic, STUDIES, &["i", "ctrl-r"],
        "当前搜索词的语境：每处出现一行，前后文对齐（搜索框中 Ctrl-r）", "the current query's concordance (keyword in context): a row per occurrence, its context either side (Ctrl-r in the search panel)"),
    r("targets", A::Targets, MAIN, &["T"],
        "各报告的预期目标：本地按指标、年份列表，s 换成按地方（Enter 跳到原句）", "the targets each report sets: this place's indicators by year, or (s) the places by year for one indicator (Enter goes to the sentence)"),
    r("problems", A::Problems, MAIN, &["!"], "跳过的文件及原因", "the files that were skipped, and why"),
    r("close", A::Close, ALL, &["esc"], "关闭弹窗、搜索框或趋势、语境、目标视图（目标视图中先清除筛选）", "close the popup, the search panel, or the trend, concordance or targets (in the targets, the filter first)"),
    study(r("study_prev_year", A::Year(-1), STUDY, &["h", "left"], "前一年（趋势、目标）", "the year before (trend, targets)")),
    study(r("study_next_year", A::Year(1), STUDY, &["l", "right"], "后一年（趋势、目标）", "the year after (trend, targets)")),
    study(r("study_scope", A::StudyScope, STUDY, &["s"],
        "范围：全部、本地、按地方分行（趋势）；全部、本地（语境）；按指标、按地方（目标）", "scope: all, this place, a row per place (trend); all, this place (concordance); by indicator, by place (targets)")),
    study(r("study_place", A::StudyPlace, STUDY, &["p"], "只看所选地方（趋势按地方分行时）", "the chosen place alone (trend by place)")),
    study(r("study_variants", A::ToggleVariants, STUDY, &["v"],
        "相近命中作为淡色的第二组柱，显示或隐藏（趋势）", "variant hits as a second, lighter bar, or not (trend)")),
    study(r("study_sort", A::StudySort, STUDY, &["o"],
        "排序：地方年份、左侧语境（由近及远）、右侧语境（语境）；指标顺序、设定年数，或目录顺序、所选年份数值高低（目标）", "order: place and year, left context (read backwards), right context (concordance); vocabulary or years set, tree order or the chosen year's value (targets)")),
    study(r("study_filter", A::StudyFilter, STUDY, &["f"],
        "按指标筛选，可输入 gdp、cpi、jobs 或中文（目标）", "filter the indicators: gdp, cpi, jobs, or their Chinese names (targets)")),
    study(r("study_open", A::Open, STUDY, &["enter"],
        "趋势：在搜索框中列出所选年份的命中；语境：跳到原文；目标：跳到设定它的句子", "trend: list the chosen year's hits in the search panel; concordance: go to the occurrence; targets: go to the sentence that sets it")),
    line(typed(Row { bindable: false, ..r("type", A::Type(' '), LINE, &[], "输入文字", "type into the line") }, Typed::Any)),
    line(r("line_left", A::Edit(Edit::Left), LINE, &["left", "ctrl-b"], "光标左移", "cursor left")),
    line(r("line_right", A::Edit(Edit::Right), LINE, &["right", "ctrl-f"], "光标右移", "cursor right")),
    line(r("line_start", A::Edit(Edit::Home), LINE, &["home", "ctrl-a"], "到行首", "to the start of the line")),
    line(r("line_end", A::Edit(Edit::End), LINE, &["end", "ctrl-e"], "到行尾", "to the end of the line")),
    line(r("backspace", A::Edit(Edit::Backspace), LINE, &["backspace", "ctrl-h"], "删除光标前一字", "delete the char before the cursor")),
    line(r("delete_char", A::Edit(Edit::Delete), LINE, &["delete", "ctrl-d"], "删除光标处一字", "delete the char under the cursor")),
    line(r("kill_line", A::Edit(Edit::KillToStart), LINE, &["ctrl-u"], "删到行首", "delete to the start of the line")),
    line(r("kill_word", A::Edit(Edit::KillWord), LINE, &["ctrl-w"], "删除前一个词", "delete the word before the cursor")),
    line(r("next_result", A::Move(1), LINE, &["down"],
        "下一条结果；翻看搜索记录时，较新的一条", "next result; while walking the search history, a later query")),
    line(r("prev_result", A::Move(-1), LINE, &["up"],
        "上一条结果；在第一条上（或无结果时），更早的搜索", "previous result; on the first (or with none), an earlier query")),
    line(r("select_next_result", A::Select(1), LINE, &["ctrl-j"], "下一条结果", "next result")),
    line(r("select_prev_result", A::Select(-1), LINE, &["ctrl-k"], "上一条结果", "previous result")),
    line(r("earlier_query", A::History(-1), LINE, &["ctrl-p"],
        "搜索记录中更早的一条（确认或关闭时的搜索）", "an earlier query from the search history (the ones accepted or closed on)")),
    line(r("later_query", A::History(1), LINE, &["ctrl-n"], "搜索记录中较新的一条", "a later query from the search history")),
    line(r("results_page_down", A::Page(1, false), LINE_RESULTS, &["pgdn"], "结果下一页", "next page of results")),
    line(r("results_page_up", A::Page(-1, false), LINE_RESULTS, &["pgup"], "结果上一页", "previous page of results")),
    line(r("cycle_scope", A::CycleScope, PANEL, &["tab"], "搜索范围：全部、本地、本报告", "scope: all reports, this place, this report")),
    line(r("cycle_scope_back", A::CycleScopeBack, PANEL, &["backtab"], "搜索范围，反向", "scope, the other way round")),
    line(r("exact_only", A::ToggleExact, PANEL, &["ctrl-x"],
        "只列精确结果，或连同相近的（字序相同而不相连）", "list only exact hits, or variants too (the chars in order but apart)")),
    line(r("accept", A::Accept, LINE_RESULTS, &["enter"],
        "跳到所选结果；保留目录筛选；保存备注", "jump to the chosen hit; keep the tree filter; save the note")),
    results(r("results_list", A::ToggleResults, PANEL, &["ctrl-l", "/"],
        "在输入框与结果列表之间切换（/ 只从列表回到输入框；列表中输入不是按键的字也回到输入框）", "switch between the query line and the results list (/ only back to the line; a char that is not a key of the list goes back to the line, typed)")),
    results(r("mark", A::ToggleMark, RESULTS, &["space"],
        "标记或取消标记所选结果，移到下一条（改查询时清除标记）", "mark or unmark the chosen hit and move on (a new query clears the marks)")),
    results(r("write", A::Write, PANEL, &["w", "ctrl-s"],
        "把标记的结果（未标记则全部）写入文件：.csv、.jsonl 或 .md，按扩展名；不经确认不覆盖", "write the marked hits (or all, when none is) to a file: .csv, .jsonl or .md, by its extension; never over a file without asking")),
];

/// The language of the help: the one the rest of the words on screen use.
pub use crate::words::Lang;

/// The heading over the rows that apply only while typing a line.
fn line_heading(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "在搜索框、目录筛选和书签备注中：",
        Lang::En => "In the search panel, the tree filter and a bookmark's note:",
    }
}

/// The heading over a part of the help (the first part has none).
fn heading(section: Section, lang: Lang) -> Option<&'static str> {
    Some(match (section, lang) {
        (Section::Main, _) => return None,
        (Section::Study, Lang::Zh) => "在趋势、语境与目标视图中：",
        (Section::Study, Lang::En) => "In the trend, the concordance and the targets:",
        (Section::Line, _) => line_heading(lang),
        (Section::Results, Lang::Zh) => "在搜索结果列表中（Ctrl-l）：",
        (Section::Results, Lang::En) => "In the search panel's results list (Ctrl-l):",
    })
}

/// One line of the help, before it is wrapped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HelpLine {
    Heading(&'static str),
    /// The keys, and what they do.
    Keys(String, &'static str),
}

/// The keys bound to each row, and what each key does in each context.
#[derive(Clone, Debug)]
pub struct Keymap {
    /// The keys of each row of [`ROWS`], the defaults or the user's.
    keys: Vec<Vec<Key>>,
    /// (key, context) → the row it does there.
    bound: HashMap<(Key, Context), usize>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap::bind(&Keys::new(), &BTreeMap::new()).expect("the default keys parse and do not clash")
    }
}

impl Keymap {
    /// The default keys with the config's `[keys]` in their place. An unknown action, a bad
    /// key name, or a key bound to two actions where both apply is an error naming the line.
    pub fn from_config(config: &Config) -> Result<Keymap, String> {
        Keymap::bind(&config.keys, &config.key_lines)
    }

    fn bind(user: &Keys, lines: &BTreeMap<String, usize>) -> Result<Keymap, String> {
        let line_of = |name: &str| lines.get(name).copied().unwrap_or(0);
        for name in user.keys() {
            let at = line_of(name);
            match ROWS.iter().find(|r| r.name == name) {
                Some(r) if r.bindable => {}
                Some(_) => {
                    return Err(format!("line {at}: key `keys.{name}`: typing has no key to rebind"));
                }
                None => {
                    let names: Vec<&str> = ROWS.iter().filter(|r| r.bindable).map(|r| r.name).collect();
                    return Err(format!(
                        "line {at}: key `keys.{name}`: unknown action `{name}`; the actions are {}",
                        names.join(", ")
                    ));
                }
            }
        }
        let mut keys = Vec::with_capacity(ROWS.len());
        for row in ROWS {
            let names: Vec<&str> = match user.get(row.name) {
                Some(list) => list.0.iter().map(String::as_str).collect(),
                None => row.keys.to_vec(),
            };
            let mut list: Vec<Key> = Vec::new();
            for name in names {
                let k = crate::keys::parse(name)
                    .map_err(|e| format!("line {}: key `keys.{}`: {e}", line_of(row.name), row.name))?;
                let only_typing = CONTEXTS.into_iter().filter(|&c| row.ctx.has(c)).all(Context::types);
                if user.contains_key(row.name) && only_typing && k.typed_char().is_some() {
                    return Err(format!(
                        "line {}: key `keys.{}`: \"{name}\" would type itself in the search line; use a ctrl- or named key",
                        line_of(row.name),
                        row.name
                    ));
                }
                if !list.contains(&k) {
                    list.push(k);
                }
            }
            keys.push(list);
        }
        let mut bound: HashMap<(Key, Context), usize> = HashMap::new();
        for (i, row) in ROWS.iter().enumerate() {
            for &k in &keys[i] {
                // A plain char types in the line editors, so it is bound only elsewhere.
                let live = |c: Context, r: &Row| r.ctx.has(c) && !(c.types() && k.typed_char().is_some());
                for c in CONTEXTS.into_iter().filter(|&c| live(c, row)) {
                    let Some(&j) = bound.get(&(k, c)) else {
                        bound.insert((k, c), i);
                        continue;
                    };
                    // Name the user's binding first, and its line (the later one if both are).
                    let (a, b) = if user.contains_key(row.name) && line_of(row.name) >= line_of(ROWS[j].name)
                        || !user.contains_key(ROWS[j].name)
                    {
                        (row, &ROWS[j])
                    } else {
                        (&ROWS[j], row)
                    };
                    let both: Vec<&str> =
                        CONTEXTS.into_iter().filter(|&c| live(c, a) && live(c, b)).map(Context::name).collect();
                    return Err(format!(
                        "line {}: key \"{}\" is bound to both {} and {} ({})",
                        line_of(a.name),
                        k.name(),
                        a.name,
                        b.name,
                        both.join(", ")
                    ));
                }
            }
        }
        Ok(Keymap { keys, bound })
    }

    /// What `event` does in `ctx`.
    pub fn action(&self, event: KeyEvent, ctx: Context) -> Action {
        let Some(key) = key_of(event) else { return Action::None };
        let typed = |t: Typed| ROWS.iter().find(|r| r.typed == Some(t) && r.ctx.has(ctx));
        if let (Some(c), Some(row)) = (key.typed_char(), typed(Typed::Any)) {
            return with_char(row.action, c);
        }
        if let Some(&i) = self.bound.get(&(key, ctx)) {
            return ROWS[i].action;
        }
        // In the results list, a char that does nothing there goes back to the line, typed.
        if let (Context::Results, Some(c)) = (ctx, key.typed_char()) {
            return Action::Type(c);
        }
        match (key.typed_char(), typed(Typed::NonAscii)) {
            (Some(c), Some(row)) if !c.is_ascii() => with_char(row.action, c),
            _ => Action::None,
        }
    }

    /// The keys bound to the row named `name` (none for an unknown name).
    pub fn keys(&self, name: &str) -> &[Key] {
        ROWS.iter().position(|r| r.name == name).map_or(&[], |i| &self.keys[i])
    }

    /// The help: every row with its keys as bound now, the research views' and the line
    /// editor's under their headings.
    pub fn help(&self, lang: Lang) -> Vec<HelpLine> {
        let mut out = Vec::with_capacity(ROWS.len() + 3);
        for (i, row) in ROWS.iter().enumerate() {
            if i > 0
                && ROWS[i - 1].section != row.section
                && let Some(h) = heading(row.section, lang)
            {
                out.push(HelpLine::Heading(h));
            }
            let what = if lang == Lang::Zh { row.zh } else { row.en };
            out.push(HelpLine::Keys(labels(&self.keys[i], row.typed, lang), what));
        }
        out
    }
}

/// The keys of a row for the help: "j ↓", "f 或 汉字", "—" when none is bound.
fn labels(keys: &[Key], typed: Option<Typed>, lang: Lang) -> String {
    let mut s: Vec<String> = keys.iter().map(|k| k.label()).collect();
    if let Some(t) = typed {
        let (or, what) = match (lang, t) {
            (Lang::Zh, Typed::Any) => ("或", "字符"),
            (Lang::Zh, Typed::NonAscii) => ("或", "汉字"),
            (Lang::En, Typed::Any) => ("or", "any char"),
            (Lang::En, Typed::NonAscii) => ("or", "a Chinese char"),
        };
        if !s.is_empty() {
            s.push(or.to_string());
        }
        s.push(what.to_string());
    }
    if s.is_empty() { "—".to_string() } else { s.join(" ") }
}

/// A row's action, with the char that was typed.
fn with_char(action: Action, c: char) -> Action {
    match action {
        Action::Type(_) => Action::Type(c),
        Action::Filter(_) => Action::Filter(Some(c)),
        a => a,
    }
}

/// The key of a terminal event. Upper-case letters match with or without Shift; Alt is
/// ignored (the loop has already read Alt + a char as Esc, then the char: `tui::after_escape`).
fn key_of(event: KeyEvent) -> Option<Key> {
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    let shift = event.modifiers.contains(KeyModifiers::SHIFT);
    #[rustfmt::skip]
    const NAMED: [(KeyCode, Code); 15] = [
        (KeyCode::Tab, Code::Tab), (KeyCode::BackTab, Code::BackTab), (KeyCode::Enter, Code::Enter),
        (KeyCode::Esc, Code::Esc), (KeyCode::Backspace, Code::Backspace), (KeyCode::Delete, Code::Delete),
        (KeyCode::Insert, Code::Insert), (KeyCode::Up, Code::Up), (KeyCode::Down, Code::Down),
        (KeyCode::Left, Code::Left), (KeyCode::Right, Code::Right), (KeyCode::PageUp, Code::PageUp),
        (KeyCode::PageDown, Code::PageDown), (KeyCode::Home, Code::Home), (KeyCode::End, Code::End),
    ];
    let code = match event.code {
        KeyCode::Char(c) if ctrl => Code::Char(c.to_ascii_lowercase()),
        KeyCode::Char(c) if shift => Code::Char(c.to_ascii_uppercase()),
        KeyCode::Char(c) => Code::Char(c),
        KeyCode::F(n) => Code::F(n),
        code => NAMED.iter().find(|(k, _)| *k == code)?.1,
    };
    Some(Key { code, ctrl })
}

/// Every rebindable action with its default keys, for `--print-config`.
pub fn default_keys() -> Keys {
    let km = Keymap::default();
    ROWS.iter()
        .enumerate()
        .filter(|(_, r)| r.bindable)
        .map(|(i, r)| (r.name.to_string(), KeyList(km.keys[i].iter().map(|k| k.name()).collect())))
        .collect()
}

/// The README's `## Keys` tables, in English, with the default keys.
pub fn markdown() -> String {
    let cell = |s: &str| s.replace('|', "\\|");
    let mut out = String::from("| key | does |\n| --- | --- |\n");
    for line in Keymap::default().help(Lang::En) {
        match line {
            HelpLine::Heading(h) => out.push_str(&format!("\n{h}\n\n| key | does |\n| --- | --- |\n")),
            HelpLine::Keys(k, what) => out.push_str(&format!("| {} | {} |\n", cell(&k), cell(what))),
        }
    }
    out
}
