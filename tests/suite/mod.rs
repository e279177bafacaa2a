mod common;

mod check;
mod cli;
mod errors;
mod golden;
mod safety;
mod snapshots;
