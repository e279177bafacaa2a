mod common;

mod check;
mod cli;
mod errors;
mod golden;
mod ownership;
mod safety;
mod snapshots;
