//! baogao: a terminal browser for Chinese government work reports (政府工作报告).
//!
//! Layers, from the bottom: [`corpus`] turns bytes into reports, [`layout`] lays Chinese
//! text out by display width, [`tree`] groups reports by place, [`tui`] draws them and
//! [`cli`] prints them. Only `tui` knows about ratatui.

pub mod cite;
pub mod cli;
pub mod clipboard;
pub mod config;
pub mod corpus;
pub mod export;
pub mod fsio;
pub mod keys;
pub mod layout;
pub mod search;
pub mod state;
pub mod study;
pub mod tree;
pub mod tui;
pub mod words;
