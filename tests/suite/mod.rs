mod common;

mod check;
mod ci_reports;
mod cli;
mod errors;
mod golden;
mod safety;
mod snapshots;
