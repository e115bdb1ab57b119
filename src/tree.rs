//! The province → place → year tree, kept apart from its widget.
//!
//! A district or county sits under its parent city. Navigation (cursor, expand,
//! collapse) lives here so it can be tested without a terminal; the TUI only draws
//! `visible()`.

use crate::corpus::{Corpus, Level, ReportId};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// A province, "全国" for national reports, or "其他" for unknown places.
    Group,
    /// A city, district or county.
    Place,
    /// One report, by its id.
    Report(ReportId),
}

#[derive(Clone, Debug)]
pub struct Node {
    pub label: String,
    pub kind: NodeKind,
    pub depth: usize,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    pub expanded: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Tree {
    pub nodes: Vec<Node>,
    pub roots: Vec<usize>,
    /// The node under the cursor.
    pub cursor: usize,
    /// Nodes as shown, top to bottom; kept up to date by every change, so drawing a frame
    /// allocates nothing.
    vis: Vec<usize>,
    /// While filtering: the nodes kept (matches, their ancestors and their subtrees).
    keep: Option<Vec<bool>>,
}

impl Tree {
    /// Build the tree from the corpus, in its tree order. Everything starts expanded
    /// when there are at most `expand_limit` reports.
    pub fn build(corpus: &Corpus, expand_limit: usize) -> Tree {
        Tree::build_grouped(corpus, expand_limit, crate::config::Grouping::Province)
    }

    /// Build with a grouping: by province (province › place › year) or by place alone.
    pub fn build_grouped(corpus: &Corpus, expand_limit: usize, grouping: crate::config::Grouping) -> Tree {
        let mut t = Tree::default();
        let expand = corpus.len() <= expand_limit;
        for (i, r) in corpus.iter() {
            let m = &r.meta;
            let group = match (m.level, &m.province) {
                (Some(Level::National), _) => "全国".to_string(),
                (_, Some(p)) => p.clone(),
                _ => "其他".to_string(),
            };
            let by_province = grouping == crate::config::Grouping::Province;
            let mut under = if by_province { Some(t.child(None, &group, NodeKind::Group, expand)) } else { None };
            if m.level != Some(Level::National) && m.level != Some(Level::Province) || !by_province {
                if let Some(parent) = m.parent.as_ref().filter(|_| by_province) {
                    under = Some(t.child(under, parent, NodeKind::Place, expand));
                }
                let place = m.place.clone().unwrap_or_else(|| crate::corpus::meta::file_stem(&r.path).to_string());
                under = Some(t.child(under, &place, NodeKind::Place, expand));
            }
            let under = under.expect("a province or a place node");
            let label = m.year.map_or_else(|| crate::corpus::meta::file_stem(&r.path).to_string(), |y| y.to_string());
            t.push(Some(under), label, NodeKind::Report(i), false);
        }
        // Within a place, its own reports come before its districts and counties.
        for n in 0..t.nodes.len() {
            let mut kids = std::mem::take(&mut t.nodes[n].children);
            kids.sort_by_key(|&k| !matches!(t.nodes[k].kind, NodeKind::Report(_)));
            t.nodes[n].children = kids;
        }
        t.cursor = t.roots.first().copied().unwrap_or(0);
        t.refresh();
        t
    }

    fn push(&mut self, parent: Option<usize>, label: String, kind: NodeKind, expanded: bool) -> usize {
        let id = self.nodes.len();
        let depth = parent.map_or(0, |p| self.nodes[p].depth + 1);
        self.nodes.push(Node { label, kind, depth, parent, children: Vec::new(), expanded });
        match parent {
            Some(p) => self.nodes[p].children.push(id),
            None => self.roots.push(id),
        }
        id
    }

    /// The child of `parent` with this label, made if missing.
    fn child(&mut self, parent: Option<usize>, label: &str, kind: NodeKind, expanded: bool) -> usize {
        let siblings = parent.map_or(&self.roots, |p| &self.nodes[p].children);
        if let Some(&id) = siblings.iter().find(|&&c| self.nodes[c].label == label && self.nodes[c].kind == kind) {
            return id;
        }
        self.push(parent, label.to_string(), kind, expanded)
    }

    /// Nodes as shown, top to bottom.
    pub fn visible(&self) -> &[usize] {
        &self.vis
    }

    /// Recompute `vis` after nodes were opened, closed or added. While filtering, only kept
    /// nodes show, all of them opened.
    fn refresh(&mut self) {
        let mut out = Vec::with_capacity(self.vis.len());
        let keep = self.keep.as_ref();
        let shown = |n: usize| keep.is_none_or(|k| k[n]);
        let mut stack: Vec<usize> = self.roots.iter().rev().copied().filter(|&n| shown(n)).collect();
        while let Some(n) = stack.pop() {
            out.push(n);
            if self.nodes[n].expanded || keep.is_some() {
                stack.extend(self.nodes[n].children.iter().rev().filter(|&&c| shown(c)));
            }
        }
        self.vis = out;
        if !self.vis.is_empty() && !self.vis.contains(&self.cursor) {
            // The cursor's node was filtered out: go to the first place shown.
            self.cursor =
                self.vis.iter().copied().find(|&n| self.nodes[n].kind == NodeKind::Place).unwrap_or(self.vis[0]);
        }
    }

    /// Show only the nodes whose label `matches` says yes to, with their ancestors and
    /// everything under them; None shows the whole tree again.
    pub fn filter(&mut self, matches: Option<&dyn Fn(&str) -> bool>) {
        self.keep = matches.map(|f| {
            let mut keep = vec![false; self.nodes.len()];
            for n in 0..self.nodes.len() {
                if !matches!(self.nodes[n].kind, NodeKind::Report(_)) && f(&self.nodes[n].label) {
                    // Ancestors…
                    let mut p = Some(n);
                    while let Some(q) = p {
                        keep[q] = true;
                        p = self.nodes[q].parent;
                    }
                    // …and the subtree.
                    let mut stack = vec![n];
                    while let Some(q) = stack.pop() {
                        keep[q] = true;
                        stack.extend(&self.nodes[q].children);
                    }
                }
            }
            keep
        });
        self.refresh();
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn move_by(&mut self, delta: isize) {
        let vis = &self.vis;
        if vis.is_empty() {
            return;
        }
        let pos = vis.iter().position(|&n| n == self.cursor).unwrap_or(0) as isize;
        let new = (pos + delta).clamp(0, vis.len() as isize - 1) as usize;
        self.cursor = vis[new];
    }

    pub fn expand(&mut self) {
        if let Some(n) = self.nodes.get_mut(self.cursor)
            && !n.children.is_empty()
        {
            n.expanded = true;
        }
        self.refresh();
    }

    /// Collapse the node under the cursor, or go to its parent if it is a leaf or closed.
    pub fn collapse(&mut self) {
        let Some(n) = self.nodes.get(self.cursor) else { return };
        if n.expanded && !n.children.is_empty() {
            self.nodes[self.cursor].expanded = false;
            self.refresh();
        } else if let Some(p) = n.parent {
            self.cursor = p;
        }
    }

    /// Toggle a group or place; for a report, return its id.
    pub fn activate(&mut self) -> Option<ReportId> {
        let n = self.nodes.get_mut(self.cursor)?;
        match n.kind {
            NodeKind::Report(i) => Some(i),
            _ => {
                n.expanded = !n.expanded;
                self.refresh();
                None
            }
        }
    }

    /// The labels from the root down to node `n`, e.g. ["黑龙江省", "鸡西市"].
    fn label_path(&self, mut n: usize) -> Vec<&str> {
        let mut path = vec![self.nodes[n].label.as_str()];
        while let Some(p) = self.nodes[n].parent {
            path.push(self.nodes[p].label.as_str());
            n = p;
        }
        path.reverse();
        path
    }

    /// After a rebuild (more reports arrived), keep what the user opened or closed and
    /// where the cursor was, matching nodes by their label paths.
    pub fn carry_state(&mut self, old: &Tree) {
        if old.nodes.is_empty() {
            return;
        }
        let expanded: std::collections::HashMap<Vec<&str>, bool> = (0..old.nodes.len())
            .filter(|&n| !old.nodes[n].children.is_empty())
            .map(|n| (old.label_path(n), old.nodes[n].expanded))
            .collect();
        let cursor = old.label_path(old.cursor);
        let mut new_cursor = None;
        let mut set = Vec::new();
        for n in 0..self.nodes.len() {
            let path = self.label_path(n);
            if let Some(&e) = expanded.get(&path) {
                set.push((n, e));
            }
            if path == cursor {
                new_cursor = Some(n);
            }
        }
        for (n, e) in set {
            self.nodes[n].expanded = e;
        }
        self.refresh();
        if let Some(c) = new_cursor {
            self.cursor = c;
        }
    }

    /// Put the cursor on the leaf of report `report`, expanding its ancestors.
    pub fn reveal(&mut self, report: ReportId) {
        if let Some(id) = self.nodes.iter().position(|n| n.kind == NodeKind::Report(report)) {
            let mut p = self.nodes[id].parent;
            while let Some(pp) = p {
                self.nodes[pp].expanded = true;
                p = self.nodes[pp].parent;
            }
            self.cursor = id;
            self.refresh();
        }
    }

    /// The first report in tree order.
    pub fn first_report(&self) -> Option<ReportId> {
        self.nodes.iter().find_map(|n| match n.kind {
            NodeKind::Report(i) => Some(i),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Meta, Report, meta::set_place};
    use std::sync::Arc;

    fn report(place: &str, year: i32) -> Arc<Report> {
        let mut meta = Meta { year: Some(year), ..Meta::default() };
        set_place(&mut meta, place, "");
        Arc::new(Report { path: format!("{place}-{year}.txt"), meta, ..Report::default() })
    }

    /// Reports loaded in an order that is not the tree's; the corpus works out the tree order.
    fn corpus() -> Corpus {
        let mut c = Corpus::default();
        for r in [
            report("鸡西市", 2017),
            report("某某地方", 2020),
            report("全国", 2024),
            report("吉林省", 2019),
            report("全国", 1954),
            report("滴道区", 2025),
        ] {
            c.push(r);
        }
        c.reorder();
        c
    }

    fn labels(t: &Tree, ids: &[usize]) -> Vec<String> {
        ids.iter().map(|&n| t.nodes[n].label.clone()).collect()
    }

    #[test]
    fn the_national_group_comes_first_with_its_years() {
        let reports = corpus();
        let t = Tree::build(&reports, 100);
        assert_eq!(labels(&t, &t.roots), ["全国", "吉林省", "黑龙江省", "其他"]);
        let national = &t.nodes[t.roots[0]];
        assert_eq!(national.kind, NodeKind::Group);
        // The years straight under 全国, no place node between, oldest first.
        assert_eq!(labels(&t, &national.children), ["1954", "2024"]);
        for &c in &national.children {
            let NodeKind::Report(i) = t.nodes[c].kind else { panic!("a report under 全国") };
            assert_eq!(reports[i].meta.level, Some(Level::National));
            // Ids are load order: the national reports were loaded third and fifth.
            assert!(i == ReportId(2) || i == ReportId(4));
        }
        // The first report, where the reader opens, is the oldest national one.
        assert_eq!(t.first_report().map(|i| reports[i].meta.year), Some(Some(1954)));
        // The other groups hold no national report.
        let in_other = &t.nodes[*t.roots.last().unwrap()];
        assert_eq!(labels(&t, &in_other.children), ["某某地方"]);
    }

    #[test]
    fn grouped_by_place_the_nation_still_comes_first() {
        let t = Tree::build_grouped(&corpus(), 100, crate::config::Grouping::Place);
        assert_eq!(t.nodes[t.roots[0]].label, "全国");
        assert_eq!(labels(&t, &t.nodes[t.roots[0]].children), ["1954", "2024"]);
    }
}
