//! Dates as reports write them: 2023年1月10日, ２０２３年１月１０日 (folded to ASCII
//! digits first), 二〇〇三年一月十日, 一九五四年九月二十三日.

use regex::Regex;
use std::sync::OnceLock;

/// A calendar date found in text, with the byte range it covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub start: usize,
    pub end: usize,
}

impl Found {
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The years a work report of the People's Republic can be dated in.
pub const YEARS: std::ops::RangeInclusive<i32> = 1949..=2100;

/// The days month `month` of `year` has; None for a month that is not 1–12.
pub fn days_in_month(year: i32, month: u32) -> Option<u32> {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => Some(31),
        4 | 6 | 9 | 11 => Some(30),
        2 if leap => Some(29),
        2 => Some(28),
        _ => None,
    }
}

const YEAR_DIGITS: &str = "〇○零一二三四五六七八九";

fn date_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"(\d{{4}}|[{YEAR_DIGITS}]{{4}})\s*年\s*(\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*月\s*(\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*日"
        ))
        .expect("valid regex")
    })
}

/// 一 … 九 → 1 … 9, 〇/○/零 → 0.
fn digit(c: char) -> Option<u32> {
    match c {
        '〇' | '○' | '零' => Some(0),
        '一' => Some(1),
        '二' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => c.to_digit(10),
    }
}

/// A year written digit by digit: "2023", "二〇〇三", "一九五四".
pub fn year_number(s: &str) -> Option<i32> {
    let mut y = 0i32;
    for c in s.chars() {
        y = y * 10 + digit(c)? as i32;
    }
    Some(y)
}

/// A month or day: "10", "十", "十二", "二十三", "三十一".
pub fn small_number(s: &str) -> Option<u32> {
    if let Ok(n) = s.parse() {
        return Some(n);
    }
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [d] if *d != '十' => digit(*d),
        ['十'] => Some(10),
        ['十', d] => Some(10 + digit(*d)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', d] => Some(digit(*t)? * 10 + digit(*d)?),
        _ => None,
    }
}

/// Every valid date in `text`, in order.
pub fn find_all(text: &str) -> Vec<Found> {
    date_re()
        .captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let year = year_number(&c[1])?;
            let month = small_number(&c[2])?;
            let day = small_number(&c[3])?;
            let valid =
                YEARS.contains(&year) && days_in_month(year, month).is_some_and(|days| (1..=days).contains(&day));
            valid.then_some(Found { year, month, day, start: whole.start(), end: whole.end() })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        let d = find_all("——二〇〇三年一月十日在某省第九届人民代表大会");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].iso(), "2003-01-10");
        assert_eq!(find_all("一九五四年九月二十三日")[0].iso(), "1954-09-23");
        assert_eq!(find_all("一九八〇年八月三十日")[0].iso(), "1980-08-30");
        assert_eq!(find_all("二○二三年十二月三十一日")[0].iso(), "2023-12-31");
    }

    #[test]
    fn ascii_digits_and_spaces() {
        assert_eq!(find_all("2023年1月10日")[0].iso(), "2023-01-10");
        assert_eq!(find_all("2023 年 1 月 10 日")[0].iso(), "2023-01-10");
        assert!(find_all("2023年13月10日").is_empty());
        assert!(find_all("1900年1月1日").is_empty());
        assert!(find_all("2023年2月29日").is_empty());
        assert_eq!(find_all("2024年2月29日")[0].iso(), "2024-02-29");
        assert!(find_all("2023年4月31日").is_empty());
    }
}
