mod common;

mod check;
mod cli;
mod errors;
mod golden;
mod readme;
mod safety;
mod snapshots;
