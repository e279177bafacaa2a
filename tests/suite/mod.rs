mod common;

mod check;
mod cli;
mod errors;
mod generations;
mod golden;
mod safety;
mod snapshots;
