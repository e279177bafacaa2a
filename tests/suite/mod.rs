mod common;

mod check;
mod ci_reports;
mod cli;
mod conventions;
mod errors;
mod generations;
mod golden;
mod ownership;
mod readme;
mod safety;
mod snapshots;
mod states;
